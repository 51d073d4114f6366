from enum import StrEnum

class OrderDetailListObject(StrEnum):
    LIST = "list"

    def __str__(self) -> str:
        return str(self.value)
