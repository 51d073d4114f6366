from enum import StrEnum

class DeletedWebhookEndpointReadObject(StrEnum):
    WEBHOOK_ENDPOINT = "webhook_endpoint"

    def __str__(self) -> str:
        return str(self.value)
