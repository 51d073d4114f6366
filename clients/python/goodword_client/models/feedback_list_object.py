from enum import StrEnum

class FeedbackListObject(StrEnum):
    LIST = "list"

    def __str__(self) -> str:
        return str(self.value)
