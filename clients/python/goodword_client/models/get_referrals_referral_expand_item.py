from enum import StrEnum

class GetReferralsReferralExpandItem(StrEnum):
    PROMOTER = "promoter"

    def __str__(self) -> str:
        return str(self.value)
