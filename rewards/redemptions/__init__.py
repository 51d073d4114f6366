"""Redemptions: promoters spend available points on a reward, in two phases."""
