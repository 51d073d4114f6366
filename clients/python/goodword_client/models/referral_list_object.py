from enum import StrEnum

class ReferralListObject(StrEnum):
    LIST = "list"

    def __str__(self) -> str:
        return str(self.value)
