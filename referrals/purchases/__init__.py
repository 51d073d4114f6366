"""Purchases: a paid order credited to the promoter who referred the buyer, then rewarded."""
