from enum import StrEnum

class TierReadObject(StrEnum):
    TIER = "tier"

    def __str__(self) -> str:
        return str(self.value)
