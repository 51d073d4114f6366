from enum import StrEnum

class ExchangeRateListObject(StrEnum):
    LIST = "list"

    def __str__(self) -> str:
        return str(self.value)
