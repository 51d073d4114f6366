from enum import StrEnum

class TierListObject(StrEnum):
    LIST = "list"

    def __str__(self) -> str:
        return str(self.value)
