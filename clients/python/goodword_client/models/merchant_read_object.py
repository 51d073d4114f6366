from enum import StrEnum

class MerchantReadObject(StrEnum):
    MERCHANT = "merchant"

    def __str__(self) -> str:
        return str(self.value)
