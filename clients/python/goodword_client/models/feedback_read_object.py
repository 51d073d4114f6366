from enum import StrEnum

class FeedbackReadObject(StrEnum):
    WIDGET_FEEDBACK = "widget_feedback"

    def __str__(self) -> str:
        return str(self.value)
