from enum import StrEnum

class ActivityReadObject(StrEnum):
    ACTIVITY = "activity"

    def __str__(self) -> str:
        return str(self.value)
