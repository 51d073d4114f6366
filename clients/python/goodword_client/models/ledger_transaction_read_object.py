from enum import StrEnum

class LedgerTransactionReadObject(StrEnum):
    LEDGER_TRANSACTION = "ledger_transaction"

    def __str__(self) -> str:
        return str(self.value)
