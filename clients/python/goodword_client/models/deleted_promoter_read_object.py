from enum import StrEnum

class DeletedPromoterReadObject(StrEnum):
    PROMOTER = "promoter"

    def __str__(self) -> str:
        return str(self.value)
