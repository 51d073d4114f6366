from enum import StrEnum

class FraudSettingsUpdateDisposableEmail(StrEnum):
    OFF = "off"
    REJECT = "reject"
    REVIEW = "review"

    def __str__(self) -> str:
        return str(self.value)
