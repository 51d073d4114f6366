from enum import StrEnum

class LoyaltyReadObject(StrEnum):
    LOYALTY_STATS = "loyalty_stats"

    def __str__(self) -> str:
        return str(self.value)
