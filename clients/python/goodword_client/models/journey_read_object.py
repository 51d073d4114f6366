from enum import StrEnum

class JourneyReadObject(StrEnum):
    JOURNEY = "journey"

    def __str__(self) -> str:
        return str(self.value)
