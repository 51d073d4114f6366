"""Orders and refunds: purchases earn under the rules; refunds claw back."""
