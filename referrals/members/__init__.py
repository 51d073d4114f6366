"""Members of the loyalty program: welcomes, birthdays, anniversaries and the shop's activities."""
