from enum import StrEnum

class WidgetSessionReadObject(StrEnum):
    WIDGET_SESSION = "widget_session"

    def __str__(self) -> str:
        return str(self.value)
