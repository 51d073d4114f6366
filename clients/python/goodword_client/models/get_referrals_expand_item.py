from enum import StrEnum

class GetReferralsExpandItem(StrEnum):
    DATA_PROMOTER = "data.promoter"

    def __str__(self) -> str:
        return str(self.value)
