"""The money path through its services: earn, mature, expire, redeem, refund. Every test ends
by checking the books: entries sum to zero per unit and cached balances equal their entries."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from core.db import db
from core.merchants.models import Merchant
from referrals.promoters import service as promoters_service
from rewards.earning import maturation
from rewards.earning import service as earning
from rewards.errors import InsufficientBalance, RefundExceedsOrder
from rewards.events import Award
from rewards.ledger import statements
from rewards.ledger.models import LedgerEntry
from rewards.orders import service as orders
from rewards.redemptions import service as redemptions


@pytest.fixture
def books(app, merchant, clock):
    """An app context with the merchant, a promoter, and helpers to earn and read balances."""
    with app.app_context():
        shop = db.session.get(Merchant, merchant.id)
        promoter, _ = promoters_service.enroll_promoter(
            db.session, merchant_id=shop.id, now=clock.now(), external_id="cus_ana"
        )
        db.session.commit()
        yield Books(shop, promoter.id, clock)
        db.session.rollback()


class Books:
    def __init__(self, merchant, promoter_id, clock):
        self.merchant, self.promoter_id, self.clock = merchant, promoter_id, clock

    def award(self, amount: int, *, hold_days: int = 14, rule: str = "rul_a") -> Award:
        return Award(rule_id=rule, rule_version=1, beneficiary="referrer",
                     promoter_id=self.promoter_id, kind="points", unit="points",
                     amount=amount, hold_days=hold_days, description=f"{amount} points")

    def earn(self, amount: int, *, cause_id: str = "ref_1", **kwargs):
        reward = earning.grant(db.session, merchant_id=self.merchant.id,
                               award=self.award(amount, **kwargs), cause_type="referral",
                               cause_id=cause_id, now=self.clock.now())
        db.session.commit()
        return reward

    def balance(self) -> statements.Balance:
        (points,) = [b for b in statements.balances(
            db.session, merchant_id=self.merchant.id, promoter_id=self.promoter_id
        ) if b.unit == "points"]
        return points

    def mature(self) -> int:
        moved = maturation.mature_due(db.session, now=self.clock.now())
        db.session.commit()
        return moved

    def assert_books_balance(self):
        for unit in statements.trial_balance(db.session, merchant_id=self.merchant.id):
            assert unit.accounts_total == 0 == unit.entries_total, unit
            assert unit.accounts_match_entries, unit
        assert statements.lots_match_accounts(db.session, merchant_id=self.merchant.id)


def test_earned_points_wait_out_the_hold_then_become_available(books):
    books.earn(500)
    assert (books.balance().pending, books.balance().available) == (500, 0)
    books.clock.advance(days=13, hours=23)
    assert books.mature() == 0
    books.clock.advance(hours=1)
    assert books.mature() == 1
    assert books.mature() == 0  # running the job again changes nothing
    balance = books.balance()
    assert (balance.pending, balance.available, balance.lifetime_earned) == (0, 500, 500)
    books.assert_books_balance()


def test_the_same_cause_and_rule_earn_once(books):
    first = books.earn(500)
    again = books.earn(500)
    assert again.id == first.id
    assert books.balance().pending == 500
    books.earn(200, rule="rul_b")  # a second rule on the same referral: a double-sided offer
    assert books.balance().pending == 700
    books.assert_books_balance()


def test_points_expire_after_the_merchants_expiry_period(books):
    books.merchant.points_expiry_days = 90
    db.session.commit()
    books.earn(300, hold_days=0)
    books.mature()
    books.clock.advance(days=89)
    assert maturation.expire_due(db.session, now=books.clock.now()) == 0
    books.clock.advance(days=1)
    assert maturation.expire_due(db.session, now=books.clock.now()) == 1
    db.session.commit()
    assert maturation.expire_due(db.session, now=books.clock.now()) == 0
    assert books.balance().available == 0
    books.assert_books_balance()


def test_a_redemption_holds_then_posts_or_releases(books):
    books.earn(1000, hold_days=0)
    books.mature()
    held = redemptions.hold(db.session, merchant=books.merchant, promoter_id=books.promoter_id,
                            points=300, reward_kind="store_credit", now=books.clock.now())
    db.session.commit()
    assert (books.balance().available, books.balance().held) == (700, 300)
    redemptions.issue(db.session, merchant_id=books.merchant.id, redemption_id=held.id,
                      now=books.clock.now())
    db.session.commit()
    assert (books.balance().available, books.balance().held) == (700, 0)
    failing = redemptions.hold(db.session, merchant=books.merchant,
                               promoter_id=books.promoter_id, points=200,
                               reward_kind="store_credit", now=books.clock.now())
    redemptions.fail(db.session, merchant_id=books.merchant.id, redemption_id=failing.id,
                     reason="card declined", now=books.clock.now())
    db.session.commit()
    assert (books.balance().available, books.balance().held) == (700, 0)
    with pytest.raises(InsufficientBalance):
        redemptions.hold(db.session, merchant=books.merchant, promoter_id=books.promoter_id,
                         points=701, reward_kind="store_credit", now=books.clock.now())
    db.session.rollback()
    assert books.balance().available == 700
    books.assert_books_balance()


def order_with(books, amount: int, points: int, hold_days: int = 14):
    def evaluate(session, *, event, now):
        return [books.award(points, hold_days=hold_days)]

    order, _, _ = orders.create_order(
        db.session, merchant=books.merchant,
        purchase=orders.Purchase(external_id=f"o{amount}-{points}", customer_external_id="c1",
                                 amount=amount, currency="USD"),
        credit=orders.Credit(customer_promoter_id=books.promoter_id,
                             promoter_id=books.promoter_id),
        evaluate=evaluate, now=books.clock.now(),
    )
    db.session.commit()
    return order


def refund(books, order, amount: int, external_id: str):
    result = orders.refund_order(db.session, merchant_id=books.merchant.id, order_id=order.id,
                                 amount=amount, external_id=external_id, now=books.clock.now())
    db.session.commit()
    return result


def test_partial_refunds_claw_back_in_proportion_without_rounding_twice(books):
    order = order_with(books, amount=10_000, points=333)
    for n in range(3):
        refund(books, order, 3_333, f"r{n}")
    assert books.balance().pending == 333 - 333 * 9_999 // 10_000
    refund(books, order, 1, "last")
    assert books.balance().pending == 0
    with pytest.raises(RefundExceedsOrder):
        refund(books, order, 1, "too-much")
    db.session.rollback()
    books.assert_books_balance()


def test_a_refund_is_recorded_once(books):
    order = order_with(books, amount=5_000, points=500)
    _, created = refund(books, order, 2_500, "re_1")
    _, again = refund(books, order, 2_500, "re_1")
    assert (created, again) == (True, False)
    assert books.balance().pending == 250
    books.assert_books_balance()


def test_clawback_takes_pending_first_then_available_then_records_debt(books):
    order = order_with(books, amount=1_000, points=400, hold_days=0)
    books.mature()
    books.earn(100, cause_id="ref_2")  # pending, from a referral: not this order's
    held = redemptions.hold(db.session, merchant=books.merchant, promoter_id=books.promoter_id,
                            points=350, reward_kind="store_credit", now=books.clock.now())
    redemptions.issue(db.session, merchant_id=books.merchant.id, redemption_id=held.id,
                      now=books.clock.now())
    db.session.commit()
    assert (books.balance().available, books.balance().pending) == (50, 100)
    refund(books, order, 1_000, "full")
    balance = books.balance()
    # The order's lot had 50 left available; the other 350 were spent: they become debt.
    # The unrelated pending referral reward is left alone.
    assert (balance.available, balance.pending, balance.debt) == (0, 100, -350)
    books.clock.advance(days=14)
    books.mature()  # the next points to mature repay the debt first
    balance = books.balance()
    assert (balance.available, balance.debt) == (0, -250)
    books.assert_books_balance()


def test_the_ledger_refuses_updates_and_deletes(books, on_postgres):
    books.earn(100)
    for statement in ("UPDATE ledger_entries SET amount = amount * 2",
                      "DELETE FROM ledger_entries",
                      "UPDATE ledger_transactions SET description = 'edited'"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.query(LedgerEntry).count() == 2
    books.assert_books_balance()

