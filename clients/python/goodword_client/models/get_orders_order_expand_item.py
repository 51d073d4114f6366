from enum import StrEnum

class GetOrdersOrderExpandItem(StrEnum):
    PROMOTER = "promoter"

    def __str__(self) -> str:
        return str(self.value)
