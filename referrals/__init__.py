"""The referral program, a folder per domain; each folder's __init__ says what it holds."""
