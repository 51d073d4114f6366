from enum import StrEnum

class PromoterReadObject(StrEnum):
    PROMOTER = "promoter"

    def __str__(self) -> str:
        return str(self.value)
