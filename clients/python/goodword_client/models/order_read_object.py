from enum import StrEnum

class OrderReadObject(StrEnum):
    ORDER = "order"

    def __str__(self) -> str:
        return str(self.value)
