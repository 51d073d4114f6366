"""A ledger transaction's effect on one promoter, in a merchant's words: "+500 pending",
"500 pending → available", not the account postings ("pending -500, available +500")."""

from rewards.program.rules import amount_text

ACCOUNT_WORDS = {"pending": "pending", "available": "available", "held": "being redeemed",
                 "debt": "owed after refunds"}


def movement(transaction, promoter_id: str) -> str:
    """What the transaction did to the promoter's balance, as one short phrase."""
    changes = {entry["account"]: entry["amount"] for entry in transaction.entries
               if entry["owner"] == promoter_id}
    unit = transaction.unit
    gained = [(account, amount) for account, amount in changes.items() if amount > 0]
    lost = [(account, -amount) for account, amount in changes.items() if amount < 0]
    if len(gained) == 1 and len(lost) == 1 and gained[0][1] == lost[0][1]:
        return (f"{amount_text(gained[0][1], unit)} {ACCOUNT_WORDS[lost[0][0]]} → "
                f"{ACCOUNT_WORDS[gained[0][0]]}")
    words = [f"+{amount_text(amount, unit)} {ACCOUNT_WORDS[account]}"
             for account, amount in gained]
    words += [f"-{amount_text(amount, unit)} {ACCOUNT_WORDS[account]}"
              for account, amount in lost]
    return ", ".join(words) or "no change"
