from enum import StrEnum

class RecurringFieldsMode(StrEnum):
    FIRST_INVOICE = "first_invoice"
    MONTHS = "months"

    def __str__(self) -> str:
        return str(self.value)
