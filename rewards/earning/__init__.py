"""Earning: who may earn, how an award is posted, and when pending rewards become spendable."""
