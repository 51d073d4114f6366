from enum import StrEnum

class ReviewCaseListObject(StrEnum):
    LIST = "list"

    def __str__(self) -> str:
        return str(self.value)
