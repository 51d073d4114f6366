from enum import StrEnum

class BulkDecisionReadObject(StrEnum):
    BULK_DECISION = "bulk_decision"

    def __str__(self) -> str:
        return str(self.value)
