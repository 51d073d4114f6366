from enum import StrEnum

class WidgetSettingsReadObject(StrEnum):
    WIDGET_SETTINGS = "widget_settings"

    def __str__(self) -> str:
        return str(self.value)
