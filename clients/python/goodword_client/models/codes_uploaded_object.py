from enum import StrEnum

class CodesUploadedObject(StrEnum):
    CODE_UPLOAD = "code_upload"

    def __str__(self) -> str:
        return str(self.value)
