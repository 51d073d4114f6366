from enum import StrEnum

class CatalogRewardCreateKind(StrEnum):
    AMOUNT_COUPON = "amount_coupon"
    CODE_POOL = "code_pool"
    FREE_PRODUCT = "free_product"
    FREE_SHIPPING = "free_shipping"
    PERCENT_COUPON = "percent_coupon"
    STORE_CREDIT = "store_credit"

    def __str__(self) -> str:
        return str(self.value)
