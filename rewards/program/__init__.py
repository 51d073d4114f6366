"""The incentive program: rules and what they pay, tiers, guardrails, and the offer they make."""
