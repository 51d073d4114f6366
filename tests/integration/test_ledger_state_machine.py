"""A randomised walk through the money path: earn, mature, redeem (hold, post, void), refund,
expire, with time moving. After every step the books balance, no promoter balance is negative,
cached balances equal their entries, lots equal accounts, and a refused operation changes
nothing. Runs on SQLite and on PostgreSQL; Hypothesis prints the failing steps to replay."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from core.clock import SettableClock
from core.db import db
from core.errors import GoodwordError
from core.merchants import service as merchants_service
from referrals.promoters import service as promoters_service
from rewards.earning import maturation
from rewards.events import Award
from rewards.ledger import statements
from rewards.ledger.models import Account, LedgerEntry
from rewards.orders import service as orders
from rewards.redemptions import service as redemptions

from ..conftest import _truncate_all


def ledger_machine(app):
    clock: SettableClock = app.extensions["goodword_clock"]

    class Ledger(RuleBasedStateMachine):
        orders_placed = Bundle("orders")
        held = Bundle("held")

        def __init__(self):
            super().__init__()
            self.context = app.app_context()
            self.context.push()
            _truncate_all()
            clock.set(clock.now())
            self.merchant = merchants_service.create_merchant(
                db.session, name="Walk", shop_url="https://walk.example/",
                allowed_domains=["walk.example"], now=clock.now(),
            )
            self.merchant.points_expiry_days = 30
            self.promoters = [
                promoters_service.enroll_promoter(
                    db.session, merchant_id=self.merchant.id, now=clock.now(),
                    external_id=f"cus_{n}",
                )[0].id
                for n in range(2)
            ]
            db.session.commit()
            self.order_count = 0

        def teardown(self):
            db.session.remove()
            _truncate_all()
            self.context.pop()

        def snapshot(self):
            balances = tuple(db.session.execute(
                select(Account.id, Account.balance).order_by(Account.id)
            ).all())
            return balances, db.session.scalar(select(func.count()).select_from(LedgerEntry))

        def attempt(self, operation):
            """Run one use case in its own transaction; a refusal must leave no trace."""
            before = self.snapshot()
            try:
                result = operation()
            except GoodwordError:
                db.session.rollback()
                assert self.snapshot() == before
                return None
            db.session.commit()
            return result

        @rule(target=orders_placed, promoter=st.integers(0, 1),
              amount=st.integers(1, 50_000), points=st.integers(1, 500),
              hold_days=st.integers(0, 20))
        def place_order(self, promoter, amount, points, hold_days):
            promoter_id = self.promoters[promoter]
            self.order_count += 1

            def evaluate(session, *, event, now):
                return [Award(rule_id="rul_walk", rule_version=1, beneficiary="referrer",
                              promoter_id=promoter_id, kind="points", unit="points",
                              amount=points, hold_days=hold_days, description="walk")]

            order, _, _ = self.attempt(lambda: orders.create_order(
                db.session, merchant=self.merchant,
                purchase=orders.Purchase(external_id=f"o{self.order_count}",
                                         customer_external_id="c", amount=amount,
                                         currency="USD"),
                credit=orders.Credit(customer_promoter_id=promoter_id, promoter_id=promoter_id),
                evaluate=evaluate, now=clock.now(),
            ))
            return order.id

        @rule(order_id=orders_placed, amount=st.integers(1, 60_000), retry=st.booleans())
        def refund(self, order_id, amount, retry):
            refund_id = "same" if retry else f"r{amount}-{clock.now().timestamp()}"
            self.attempt(lambda: orders.refund_order(
                db.session, merchant_id=self.merchant.id, order_id=order_id, amount=amount,
                external_id=refund_id, now=clock.now(),
            ))

        @rule(days=st.integers(0, 40))
        def time_passes(self, days):
            clock.advance(days=days, seconds=1)

        @rule()
        def mature(self):
            self.attempt(lambda: maturation.mature_due(db.session, now=clock.now()))

        @rule()
        def expire(self):
            self.attempt(lambda: maturation.expire_due(db.session, now=clock.now()))

        @rule(target=held, promoter=st.integers(0, 1), points=st.integers(1, 600))
        def hold(self, promoter, points):
            redemption = self.attempt(lambda: redemptions.hold(
                db.session, merchant=self.merchant, promoter_id=self.promoters[promoter],
                points=points, reward_kind="store_credit", now=clock.now(),
            ))
            return redemption.id if redemption else "rdm_refused"

        @rule(redemption_id=consumes(held), succeeded=st.booleans())
        def settle(self, redemption_id, succeeded):
            if redemption_id == "rdm_refused":
                return
            if succeeded:
                self.attempt(lambda: redemptions.issue(
                    db.session, merchant_id=self.merchant.id, redemption_id=redemption_id,
                    now=clock.now()))
            else:
                self.attempt(lambda: redemptions.fail(
                    db.session, merchant_id=self.merchant.id, redemption_id=redemption_id,
                    reason="declined", now=clock.now()))

        @invariant()
        def books_balance(self):
            report = statements.report(db.session, merchant_id=self.merchant.id)
            assert report.balanced, report
            assert report.lots_match_accounts, report

        @invariant()
        def nobody_holds_less_than_nothing(self):
            for kind, balance in db.session.execute(select(Account.kind, Account.balance)):
                if kind in ("pending", "available", "held"):
                    assert balance >= 0, (kind, balance)
                if kind == "debt":
                    assert balance <= 0, (kind, balance)

    return Ledger


def test_random_walks_keep_the_books(app):
    run_state_machine_as_test(
        ledger_machine(app),
        settings=settings(max_examples=100, stateful_step_count=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow]),
    )

