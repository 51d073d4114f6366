from enum import StrEnum

class WidgetReadObject(StrEnum):
    WIDGET = "widget"

    def __str__(self) -> str:
        return str(self.value)
