from enum import StrEnum

class ExchangeRateReadObject(StrEnum):
    EXCHANGE_RATE = "exchange_rate"

    def __str__(self) -> str:
        return str(self.value)
