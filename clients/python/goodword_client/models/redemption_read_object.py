from enum import StrEnum

class RedemptionReadObject(StrEnum):
    REDEMPTION = "redemption"

    def __str__(self) -> str:
        return str(self.value)
