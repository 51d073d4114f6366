from enum import StrEnum

class VerdictListObject(StrEnum):
    LIST = "list"

    def __str__(self) -> str:
        return str(self.value)
