from enum import StrEnum

class TierUpdateMetric(StrEnum):
    APPROVED_REFERRALS = "approved_referrals"
    POINTS_EARNED = "points_earned"

    def __str__(self) -> str:
        return str(self.value)
