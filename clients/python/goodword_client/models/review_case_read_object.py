from enum import StrEnum

class ReviewCaseReadObject(StrEnum):
    REVIEW_CASE = "review_case"

    def __str__(self) -> str:
        return str(self.value)
