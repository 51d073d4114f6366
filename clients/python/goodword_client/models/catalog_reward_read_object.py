from enum import StrEnum

class CatalogRewardReadObject(StrEnum):
    CATALOG_REWARD = "catalog_reward"

    def __str__(self) -> str:
        return str(self.value)
