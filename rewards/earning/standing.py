"""Who may earn and redeem: the one guard every earning and every redemption passes.

A blocked promoter was stopped by the merchant (fraud, abuse, a closed account) and an erased
one asked to be forgotten: neither earns anything, on any path, nor spends what they hold. The
rules ask it for each beneficiary (`rules.evaluate`, so dry runs show the same Skip) and
`redemptions.hold` asks it before any point moves. Unblocking restores both: what a blocked
promoter already held stays on their balance, untouched.

A decision that moves points reads the promoters FOR KEY SHARE (`lock=True`), and blocking and
erasure take the promoter's row FOR UPDATE before they change it: a block waits for the order
or redemption that has just read "active" to commit, and one that reads after the block finds
it, so once a block is answered nothing more is earned or spent. KEY SHARE conflicts with
nothing else (not the order path's FOR NO KEY UPDATE of its buyer, nor the foreign-key checks
of rows pointing at a promoter), so earnings and redemptions never wait for each other here.
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from core.db import transaction_memo
from rewards.errors import PromoterBarred
from rewards.ports import referral_facts

_MESSAGES = {
    "blocked": ("promoter_blocked", "The promoter is blocked: they earn and redeem nothing."),
    "erased": ("promoter_erased", "The promoter was erased: they earn and redeem nothing."),
}


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str


def refusals(session: Session, *, promoter_ids: set[str], lock: bool = True
             ) -> dict[str, Refusal]:
    """Why each of these promoters may neither earn nor redeem; those who may are left out
    (an id that names no promoter too: there is nobody to refuse). `lock=False` only where
    nothing is decided by the answer (a dry run, opening the portal)."""
    if not promoter_ids:
        return {}
    held = transaction_memo(session).get(_HELD, {}) if lock else {}
    states = {promoter_id: held[promoter_id] for promoter_id in promoter_ids & held.keys()}
    if promoter_ids - held.keys():
        states |= referral_facts().promoter_states(
            session, promoter_ids=promoter_ids - held.keys(), lock=lock)
    return {promoter_id: Refusal(*_MESSAGES[state])
            for promoter_id, state in states.items() if state in _MESSAGES}


_HELD = "standing: promoters locked"


def note_locked(session: Session, *, states: dict[str, str]) -> None:
    """Promoters whose rows this transaction already holds at least FOR KEY SHARE, with the
    state it read under that lock (the order path's buyer, read FOR NO KEY UPDATE): `refusals`
    answers for them without reading them again, since no block can come between."""
    memo = transaction_memo(session)
    memo[_HELD] = memo.get(_HELD, {}) | states


def refuse_redemption(session: Session, *, promoter_id: str) -> None:
    """Raise PromoterBarred (promoter_blocked or promoter_erased) if they may not redeem."""
    refusal = refusals(session, promoter_ids={promoter_id}).get(promoter_id)
    if refusal is not None:
        raise PromoterBarred(refusal.message, code=refusal.code, param="promoter")
