from enum import StrEnum

class LedgerTransactionListObject(StrEnum):
    LIST = "list"

    def __str__(self) -> str:
        return str(self.value)
