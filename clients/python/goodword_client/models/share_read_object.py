from enum import StrEnum

class ShareReadObject(StrEnum):
    SHARE = "share"

    def __str__(self) -> str:
        return str(self.value)
