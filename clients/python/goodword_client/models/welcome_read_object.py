from enum import StrEnum

class WelcomeReadObject(StrEnum):
    WELCOME = "welcome"

    def __str__(self) -> str:
        return str(self.value)
