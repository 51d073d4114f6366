from enum import StrEnum

class RuleCreateBeneficiary(StrEnum):
    CUSTOMER = "customer"
    REFEREE = "referee"
    REFERRER = "referrer"

    def __str__(self) -> str:
        return str(self.value)
