from enum import StrEnum

class VerdictReadObject(StrEnum):
    RULE_VERDICT = "rule_verdict"

    def __str__(self) -> str:
        return str(self.value)
