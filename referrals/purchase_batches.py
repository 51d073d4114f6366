"""Many paid orders of one merchant recorded in one unit of work (the order writer's batches).

What `purchases.record_purchase` does for one order, for a batch of orders (no Stripe payment,
subscription invoice or renewal with them) in a fixed number of statements: the customers
found and locked in one, new customers enrolled in up to four (as a buyer's first order enrols
them), their approved referrals in one, then `rewards.orders.create_orders`. When orders came
with a click id, a link's token or a promoter's code (a `Link`), their buyers' referrals are
read once more first, and the link of each such order whose buyer has none is read, two
statements of its own, as `record_purchase` reads it (`signups.attribute`). An order the batch
cannot take as `record_purchase` would (a customer enrolled meanwhile by another transaction,
an order id seen before or twice in the batch, an unknown currency, a link that credits no one,
a program whose rules need orders one at a time, known before anything is locked) answers None
and nothing of it is written: its caller records it with `record_purchase`, which also gives
any error its answer.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.currencies import is_currency
from core.errors import GoodwordError
from core.merchants.models import Merchant
from referrals import service as promoters_service
from referrals import signups
from referrals.models import Promoter, Referral
from rewards import orders, rules
from rewards.models import Order


@dataclass(frozen=True)
class Link:
    """What an order says brought its buyer (`record_purchase`'s click_id, token and code), with
    what reading it takes: the link secrets and the links' maximum age."""

    click_id: str | None
    token: str | None
    code: str | None
    secret_keys: list[str]
    max_age: timedelta | None = None


def record_purchases(session: Session, *, merchant: Merchant,
                     purchases: list[tuple[orders.Purchase, datetime, Link | None]]
                     ) -> list[Order | None]:
    """Record each new order once, credited and rewarded as `record_purchase` would, one after
    another in the batch's order; None for each order left to `record_purchase`. When every
    answer is None the caller must roll back (the order writer does): customers may have been
    enrolled for orders left behind, which `record_purchase` enrols again if it records them."""
    versions = rules.rules_for_many(session, merchant_id=merchant.id, trigger=orders.PAID)
    if versions is None:  # limits or tiers: nothing locked or written yet
        return [None] * len(purchases)
    seen: set[str] = set()
    plain = []
    for index, (purchase, _, _) in enumerate(purchases):
        if purchase.external_id not in seen and is_currency(purchase.currency):
            plain.append(index)
        seen.add(purchase.external_id)
    # A referred buyer's order is credited to the referral, whatever link came with it: the
    # link is read only for the others, as `record_purchase` reads it. Only the buyers of
    # orders with a link are asked here (a batch of plain orders skips it); the referrals are
    # read again, for crediting, once the customers are locked, below.
    linked_buyers = {purchases[index][0].customer_external_id for index in plain
                     if purchases[index][2] is not None}
    referrals = _approved_referrals(session, merchant.id, linked_buyers)
    linked = _read_links(session, merchant, {
        index: purchases[index] for index in plain
        if purchases[index][0].customer_external_id not in referrals})
    plain = _without_failed_links(purchases, plain, linked, referrals)
    customers = _lock_customers(session, merchant.id,
                                {purchases[index][0].customer_external_id for index in plain})
    # Read once the customers are locked: no order of theirs can be recorded meanwhile.
    ordered_before, taken = orders.order_history(
        session, merchant.id,
        customers={purchases[index][0].customer_external_id for index in plain},
        external_ids={purchases[index][0].external_id for index in plain})
    plain = [index for index in plain if purchases[index][0].external_id not in taken]
    new: dict[str, tuple[str | None, datetime]] = {}
    for index in plain:  # a customer's first order in the batch enrols them, with its email
        purchase, moment, _ = purchases[index]
        if purchase.customer_external_id not in customers:
            new.setdefault(purchase.customer_external_id, (purchase.customer_email, moment))
    customers |= promoters_service.enroll_customers(session, merchant_id=merchant.id,
                                                    customers=new)
    plain = [index for index in plain if purchases[index][0].customer_external_id in customers]
    # As `record_purchase` reads it, after its customer's lock. A referral that came or went
    # since the first read (approved meanwhile; its referee erased, the referral renamed) leaves
    # that customer's orders to `record_purchase`, which credits them as the referral stands.
    credited_referrals = _approved_referrals(session, merchant.id, customers.keys())
    plain = [index for index in plain
             if purchases[index][0].customer_external_id not in linked_buyers or _same_referral(
                 referrals, credited_referrals, purchases[index][0].customer_external_id)]
    credited = []
    for index in plain:
        purchase, moment, _ = purchases[index]
        customer_id = customers[purchase.customer_external_id]
        referral = credited_referrals.get(purchase.customer_external_id)
        credit = (referral_credit(customer_id, referral) if referral is not None
                  else link_credit(customer_id, linked[index]) if index in linked
                  else orders.Credit(customer_promoter_id=customer_id))
        credited.append((purchase, credit, moment))
    recorded = orders.create_orders(session, merchant=merchant, credited=credited,
                                    ordered_before=ordered_before,
                                    evaluate_many=partial(rules.evaluate_many,
                                                          merchant=merchant, versions=versions))
    answers: list[Order | None] = [None] * len(purchases)
    for index, order in zip(plain, recorded, strict=True):
        answers[index] = order
    return answers


def referral_credit(customer_id: str, referral) -> orders.Credit:
    """The purchase credited to the promoter who referred its buyer (`referral`: a Referral
    or a row with its promoter_id, id and created_at)."""
    return orders.Credit(customer_promoter_id=customer_id, promoter_id=referral.promoter_id,
                         referral_id=referral.id, attributed_by="referral",
                         referral_created_at=referral.created_at)


def link_credit(customer_id: str, attribution: signups.Attribution) -> orders.Credit:
    """The purchase credited to the promoter its link names (`signups.attribute`'s answer):
    a buyer never refers themself, and a blocked promoter is credited nothing."""
    promoter = attribution.promoter
    if promoter.id != customer_id and promoter.status == "active":
        return orders.Credit(customer_promoter_id=customer_id, promoter_id=promoter.id,
                             attributed_by=attribution.attributed_by)
    return orders.Credit(customer_promoter_id=customer_id)


def _read_links(session: Session, merchant: Merchant, candidates: dict) -> dict:
    """{index: attribution} for the candidates (index: (purchase, time, link)) whose link names
    a promoter of the merchant; one whose link fails is not in it."""
    linked = {}
    for index, (_, moment, link) in candidates.items():
        if link is None:
            continue
        try:
            linked[index] = signups.attribute(
                session, merchant=merchant, now=moment, secret_keys=link.secret_keys,
                click_id=link.click_id, token=link.token, code=link.code,
                link_max_age=link.max_age)
        except GoodwordError:
            continue  # for record_purchase: it answers the error, or credits a referral
    return linked


def _without_failed_links(purchases: list, plain: list[int], linked: dict, referrals: dict
                          ) -> list[int]:
    """`plain` less each order whose link names no promoter, and every later order of its
    customer. Known before anyone is enrolled, so such an order is left out whole:
    `record_purchase` refuses it with nothing written, its customer not enrolled. Should it
    record it after all (the promoter enrolled meanwhile), none of the customer's later orders
    was recorded ahead of it and taken for their first order."""
    kept, held_back = [], set()
    for index in plain:
        purchase, _, link = purchases[index]
        customer = purchase.customer_external_id
        failed = link is not None and index not in linked and customer not in referrals
        if failed or customer in held_back:
            held_back.add(customer)
        else:
            kept.append(index)
    return kept


def _same_referral(before: dict, after: dict, customer: str) -> bool:
    first, second = before.get(customer), after.get(customer)
    return (first and first.id) == (second and second.id)


def _lock_customers(session: Session, merchant_id: str, external_ids: set[str]
                    ) -> dict[str, str]:
    """{external id: promoter id} of the enrolled customers among `external_ids`, their rows
    locked FOR NO KEY UPDATE in id order (as `record_purchase` locks its one customer), so
    no other order of theirs is recorded meanwhile and "first order" stays true to its word."""
    if not external_ids:
        return {}
    rows = session.execute(
        select(Promoter.external_id, Promoter.id)
        .where(Promoter.merchant_id == merchant_id, Promoter.external_id.in_(external_ids))
        .order_by(Promoter.id)
        .with_for_update(key_share=True)
    )
    return dict(rows.all())


def _approved_referrals(session: Session, merchant_id: str, external_ids) -> dict:
    """{referee external id: their approved referral} among the customers."""
    if not external_ids:
        return {}
    found = session.execute(
        select(Referral.referee_external_id, Referral.id, Referral.promoter_id,
               Referral.created_at)
        .where(Referral.merchant_id == merchant_id, Referral.status == "approved",
               Referral.referee_external_id.in_(list(external_ids)))
    )
    return {row.referee_external_id: row for row in found}
