from enum import StrEnum

class PromoterBalanceReadObject(StrEnum):
    BALANCE = "balance"

    def __str__(self) -> str:
        return str(self.value)
