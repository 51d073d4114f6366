from enum import StrEnum

class FraudSettingsReadObject(StrEnum):
    FRAUD_SETTINGS = "fraud_settings"

    def __str__(self) -> str:
        return str(self.value)
