from enum import StrEnum

class ReferralReadObject(StrEnum):
    REFERRAL = "referral"

    def __str__(self) -> str:
        return str(self.value)
