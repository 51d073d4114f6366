from enum import StrEnum

class PromoterExportReadObject(StrEnum):
    PROMOTER_EXPORT = "promoter_export"

    def __str__(self) -> str:
        return str(self.value)
