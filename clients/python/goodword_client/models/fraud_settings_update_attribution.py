from enum import StrEnum

class FraudSettingsUpdateAttribution(StrEnum):
    FIRST_CLICK = "first_click"
    LAST_CLICK = "last_click"

    def __str__(self) -> str:
        return str(self.value)
