from enum import StrEnum

class EnrollmentReadObject(StrEnum):
    WIDGET_ENROLLMENT = "widget_enrollment"

    def __str__(self) -> str:
        return str(self.value)
