from enum import StrEnum

class OrderRewardReadObject(StrEnum):
    REWARD = "reward"

    def __str__(self) -> str:
        return str(self.value)
