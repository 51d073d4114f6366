from enum import StrEnum

class RuleUpdateBeneficiary(StrEnum):
    CUSTOMER = "customer"
    REFEREE = "referee"
    REFERRER = "referrer"

    def __str__(self) -> str:
        return str(self.value)
