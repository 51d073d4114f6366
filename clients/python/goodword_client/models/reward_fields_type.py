from enum import StrEnum

class RewardFieldsType(StrEnum):
    COUPON = "coupon"
    FIXED_CREDIT = "fixed_credit"
    FIXED_POINTS = "fixed_points"
    PERCENT_OF_ORDER = "percent_of_order"
    POINTS_PER_CURRENCY_UNIT = "points_per_currency_unit"

    def __str__(self) -> str:
        return str(self.value)
