from enum import StrEnum

class PromoterListObject(StrEnum):
    LIST = "list"

    def __str__(self) -> str:
        return str(self.value)
