from enum import StrEnum

class StorefrontReadClickParam(StrEnum):
    GW_CLICK = "gw_click"

    def __str__(self) -> str:
        return str(self.value)
