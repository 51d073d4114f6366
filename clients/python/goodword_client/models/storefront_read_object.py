from enum import StrEnum

class StorefrontReadObject(StrEnum):
    STOREFRONT_SETTINGS = "storefront_settings"

    def __str__(self) -> str:
        return str(self.value)
