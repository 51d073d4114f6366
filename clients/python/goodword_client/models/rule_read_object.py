from enum import StrEnum

class RuleReadObject(StrEnum):
    RULE = "rule"

    def __str__(self) -> str:
        return str(self.value)
