from enum import StrEnum

class PromoterDetailObject(StrEnum):
    PROMOTER = "promoter"

    def __str__(self) -> str:
        return str(self.value)
