from enum import StrEnum

class PortalSessionReadObject(StrEnum):
    PORTAL_SESSION = "portal_session"

    def __str__(self) -> str:
        return str(self.value)
