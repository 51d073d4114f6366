from enum import StrEnum

class StripePromotionCodeReadObject(StrEnum):
    STRIPE_PROMOTION_CODE = "stripe_promotion_code"

    def __str__(self) -> str:
        return str(self.value)
