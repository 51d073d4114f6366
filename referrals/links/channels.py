"""The channels a promoter can share through; a link and a share name one of these."""

CHANNELS = ("copy", "email", "sms", "whatsapp", "x", "facebook", "linkedin", "native")
