from enum import StrEnum

class ShareCreateChannel(StrEnum):
    COPY = "copy"
    EMAIL = "email"
    FACEBOOK = "facebook"
    LINKEDIN = "linkedin"
    NATIVE = "native"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    X = "x"

    def __str__(self) -> str:
        return str(self.value)
