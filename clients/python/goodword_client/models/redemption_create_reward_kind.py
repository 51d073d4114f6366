from enum import StrEnum

class RedemptionCreateRewardKind(StrEnum):
    STORE_CREDIT = "store_credit"
    STRIPE = "stripe"

    def __str__(self) -> str:
        return str(self.value)
