from enum import StrEnum

class DeletedTierReadObject(StrEnum):
    TIER = "tier"

    def __str__(self) -> str:
        return str(self.value)
