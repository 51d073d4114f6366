from enum import StrEnum

class OrderDetailReadObject(StrEnum):
    ORDER = "order"

    def __str__(self) -> str:
        return str(self.value)
