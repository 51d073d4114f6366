from enum import StrEnum

class TrialBalanceReadObject(StrEnum):
    TRIAL_BALANCE = "trial_balance"

    def __str__(self) -> str:
        return str(self.value)
