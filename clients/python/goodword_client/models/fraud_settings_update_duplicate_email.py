from enum import StrEnum

class FraudSettingsUpdateDuplicateEmail(StrEnum):
    OFF = "off"
    REJECT = "reject"
    REVIEW = "review"

    def __str__(self) -> str:
        return str(self.value)
