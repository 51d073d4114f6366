from enum import StrEnum

class MerchantUpdateStripePayout(StrEnum):
    CUSTOMER_BALANCE = "customer_balance"
    PROMOTION_CODE = "promotion_code"

    def __str__(self) -> str:
        return str(self.value)
