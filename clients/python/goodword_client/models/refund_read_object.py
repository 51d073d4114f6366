from enum import StrEnum

class RefundReadObject(StrEnum):
    REFUND = "refund"

    def __str__(self) -> str:
        return str(self.value)
