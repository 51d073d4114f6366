"""Messages that bring members back: emails for rewards earned, points about to expire,
birthdays and tiers reached, each sent once, with a one-click unsubscribe."""
