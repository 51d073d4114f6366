from enum import StrEnum

class CatalogRewardListObject(StrEnum):
    LIST = "list"

    def __str__(self) -> str:
        return str(self.value)
