"""Group commit of orders (referrals.order_writer, referrals.purchase_batches): a batch of plain
orders leaves the books exactly as recording them one at a time does, leaves to the one-at-a-time
path what it cannot take, and keeps each customer's orders one at a time across transactions.
The writer runs only on PostgreSQL; so do these tests."""

import threading
from collections import Counter

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.db import db
from core.errors import Conflict, InvalidInput, NotFound
from core.events.models import Event, WebhookDelivery
from core.merchants.models import Merchant
from referrals import purchase_batches, purchases
from referrals import service as promoters_service
from referrals.models import Promoter
from referrals.order_writer import OrderWriter
from rewards import ledger
from rewards.models import Account, LedgerTransaction, Order, Reward
from rewards.orders import Purchase, TwinCommitted
from rewards.program_models import Rule, RuleVersion

from .rewards_support import until_it_waits_for_a_lock
from .test_orders import assert_books_balance, make_rule
from .test_referrals import click, enroll, sign_up
from .test_tiers import SILVER, create_tier
from .webhook_support import add_endpoint

pytestmark = pytest.mark.usefixtures("on_postgres")

# Ben and Kim were referred by Ana; Carl and Erin are customers of no one; Dana, Fay, Gus, Hal,
# Ivy, Jan, Kim and Lou are not enrolled yet. Erin's orders "e0" and "e9" were recorded before
# the batch. Each order comes with a link or not: Ana's code, a click through her link, her
# link's token, or a code no promoter has.
CODE, CLICK, TOKEN, NO_SUCH_CODE = "code", "click", "token", "no such code"
BATCH = [
    (Purchase("e9", "cus_fay", 2_000, "USD"), None),    # Erin's order id sent for Fay:
                                                        # refused, and Fay is not enrolled by it
    (Purchase("e0", "cus_ben", 2_000, "USD"), None),    # Erin's order id sent for Ben: refused,
                                                        # and not taken for Ben's first order
    (Purchase("b1", "cus_ben", 10_000, "USD"), None),   # Ben's first: Ana 100, Ben's welcome 50
    (Purchase("b2", "cus_ben", 30_000, "USD"), CODE),   # not first: Ana 300 for the referral
                                                        # (the code too), Ben's big-order 20
    (Purchase("c1", "cus_carl", 5_000, "EUR"), None),   # Carl's first, in euros
    (Purchase("b1", "cus_ben", 10_000, "USD"), None),   # twice in the batch
    (Purchase("d1", "cus_dana", 4_000, "USD", customer_email=" Dana@Example.com"), None),
                                                        # enrols her
    (Purchase("x1", "cus_carl", 4_000, "XYZ"), None),   # no such currency: refused
    (Purchase("e0", "cus_erin", 2_000, "USD"), None),   # recorded before, sent again
    (Purchase("e1", "cus_erin", 25_000, "USD"), None),  # Erin's third
    (Purchase("g1", "cus_gus", 8_000, "USD"), CODE),    # Gus's first, by Ana's code: Ana 80
    (Purchase("h1", "cus_hal", 6_000, "USD"), CLICK),   # by a click on Ana's link: Ana 60
    (Purchase("i1", "cus_ivy", 7_000, "USD"), TOKEN),   # by Ana's link's token: Ana 70
    (Purchase("j1", "cus_jan", 9_000, "USD"), NO_SUCH_CODE),  # refused: Jan not enrolled by it
    (Purchase("b3", "cus_ben", 3_000, "USD"), NO_SUCH_CODE),  # Ben's referral comes first,
                                                        # his code is not read: Ana 30
    (Purchase("a1", "cus_ana", 5_000, "USD"), CODE),    # her own code: credited to no one
    (Purchase("k1", "cus_kim", 4_000, "USD"), NO_SUCH_CODE),  # Kim's first, by her referral:
                                                        # Ana 40, Kim's welcome 50
    (Purchase("k2", "cus_kim", 1_000, "USD"), None),    # not her first: Ana 10
    (Purchase("l1", "cus_lou", 3_000, "USD"), NO_SUCH_CODE),  # refused
    (Purchase("l2", "cus_lou", 2_000, "USD"), None),    # left with it, not recorded ahead of
                                                        # it: Lou's first, his welcome 50
]
LEFT_TO_ONE_AT_A_TIME = {0, 1, 5, 7, 8, 13, 18, 19}


def _program(client, merchant) -> dict:
    """Three rules, a referral, enrolled customers, a webhook endpoint and Erin's first order;
    returns the links of Ana's that orders may come with."""
    make_rule(client, merchant, name="Referrer points")
    make_rule(client, merchant, name="Welcome", beneficiary="customer",
              reward={"type": "fixed_points", "value": 50}, conditions={"first_order_only": True})
    make_rule(client, merchant, name="Big order", beneficiary="customer",
              reward={"type": "fixed_points", "value": 20}, conditions={"min_order_amount": 20_000})
    ana = enroll(client, merchant, external_id="cus_ana")
    for referee in ("cus_ben", "cus_kim"):
        assert sign_up(client, merchant, click_id=click(client, f"/r/{ana['code']}"),
                       referee_external_id=referee).status_code == 201
    for customer in ("cus_ben", "cus_carl", "cus_erin"):
        enroll(client, merchant, external_id=customer, email=f"{customer}@example.com")
    add_endpoint(client, merchant, "https://hooks.shop.example/goodword")
    for external_id in ("e0", "e9"):
        body = {"external_id": external_id, "customer_external_id": "cus_erin",
                "amount": 2_000, "currency": "USD"}
        assert client.post("/v1/orders", json=body,
                           headers=merchant.headers()).status_code == 201
    return {CODE: {"code": ana["code"]}, CLICK: {"click_id": click(client, f"/r/{ana['code']}")},
            TOKEN: {"token": ana["referral_url"].rsplit("/r/", 1)[1]},
            NO_SUCH_CODE: {"code": "NOSUCHCODE"}}


def _link(app, links: dict, which: str | None) -> purchase_batches.Link | None:
    if which is None:
        return None
    given = {"click_id": None, "token": None, "code": None, **links[which]}
    return purchase_batches.Link(**given, secret_keys=app.config["GOODWORD_SECRET_KEYS"])


def _one_at_a_time(app, merchant_id: str, purchase: Purchase, links: dict | None = None,
                   which: str | None = None) -> Order | None:
    """`record_purchase` in its own transaction, as a request without the writer; None when
    refused."""
    with app.app_context():
        shop = db.session.get(Merchant, merchant_id)
        try:
            order, _ = purchases.record_purchase(
                db.session, merchant=shop, purchase=purchase,
                now=app.extensions["goodword_clock"].now(),
                secret_keys=app.config["GOODWORD_SECRET_KEYS"],
                **(links[which] if which else {}))
        except (InvalidInput, Conflict, NotFound):
            db.session.rollback()
            return None
        db.session.commit()
        return order


def _books(app, merchant_id: str) -> dict:
    """What a merchant can see of its orders, rewards, balances and events, without ids."""
    with app.app_context():
        session = db.session
        promoter = dict(session.execute(
            select(Promoter.id, Promoter.external_id).where(Promoter.merchant_id == merchant_id)
        ).all())
        promoters = sorted(
            (p.external_id, p.email, p.status)
            for p in session.scalars(select(Promoter).where(Promoter.merchant_id == merchant_id)))
        rule = dict(session.execute(
            select(RuleVersion.rule_id, RuleVersion.name).join(Rule)
            .where(Rule.merchant_id == merchant_id)).all())
        orders = sorted(
            (o.external_id, o.customer_external_id, o.amount, o.currency,
             promoter.get(o.promoter_id), o.attributed_by, o.referral_id is not None,
             o.first_order)
            for o in session.scalars(select(Order).where(Order.merchant_id == merchant_id)))
        rewards = sorted(
            (external_id, promoter[r.promoter_id], rule[r.rule_id], r.beneficiary, r.unit,
             r.amount, r.pending, r.status)
            for r, external_id in session.execute(
                select(Reward, Order.external_id).join(Order, Order.id == Reward.order_id)
                .where(Reward.merchant_id == merchant_id)))
        balances = sorted(
            (promoter.get(owner, owner), kind, unit, amount)
            for owner, kind, unit, amount in session.execute(
                select(Account.owner, Account.kind, Account.unit, func.sum(Account.balance))
                .where(Account.merchant_id == merchant_id)
                .group_by(Account.owner, Account.kind, Account.unit)))
        postings = Counter(session.scalars(
            select(LedgerTransaction.kind).where(LedgerTransaction.merchant_id == merchant_id)))
        events = sorted(
            (e.type, e.data.get("amount"), promoter.get(e.data.get("promoter")))
            for e in session.scalars(select(Event).where(Event.merchant_id == merchant_id)))
        deliveries = Counter(session.scalars(
            select(Event.type).join(WebhookDelivery, WebhookDelivery.event_id == Event.id)
            .where(WebhookDelivery.merchant_id == merchant_id)))
        return {"promoters": promoters, "orders": orders, "rewards": rewards, "balances": balances,
                "postings": postings, "events": events, "deliveries": deliveries}


def test_a_batch_books_what_one_order_at_a_time_books(app, client, clock, make_merchant):
    batched, alone = make_merchant("Batched"), make_merchant("One at a time")
    links = {shop.id: _program(client, shop) for shop in (batched, alone)}
    with app.app_context():
        answers = purchase_batches.record_purchases(
            db.session, merchant=db.session.get(Merchant, batched.id),
            purchases=[(purchase, clock.now(), _link(app, links[batched.id], which))
                       for purchase, which in BATCH])
        db.session.commit()
    left = {index for index, answer in enumerate(answers) if answer is None}
    assert left == LEFT_TO_ONE_AT_A_TIME
    for index in sorted(left):  # what the writer's callers do with them
        _one_at_a_time(app, batched.id, *BATCH[index][:1], links[batched.id], BATCH[index][1])
    for purchase, which in BATCH:
        _one_at_a_time(app, alone.id, purchase, links[alone.id], which)

    books = _books(app, batched.id)
    assert books == _books(app, alone.id)
    # What those books hold, so that both paths being wrong alike cannot pass.
    assert [(o[0], o[4], o[5], o[7]) for o in books["orders"]] == [
        ("a1", None, None, True), ("b1", "cus_ana", "referral", True),
        ("b2", "cus_ana", "referral", False), ("b3", "cus_ana", "referral", False),
        ("c1", None, None, True), ("d1", None, None, True), ("e0", None, None, True),
        ("e1", None, None, False), ("e9", None, None, False), ("g1", "cus_ana", "code", True),
        ("h1", "cus_ana", "click", True), ("i1", "cus_ana", "token", True),
        ("k1", "cus_ana", "referral", True), ("k2", "cus_ana", "referral", False),
        ("l2", None, None, True)]
    assert [p[0] for p in books["promoters"]] == [
        "cus_ana", "cus_ben", "cus_carl", "cus_dana", "cus_erin", "cus_gus", "cus_hal",
        "cus_ivy", "cus_kim", "cus_lou"]  # not Fay, not Jan
    assert ("cus_dana", "dana@example.com", "active") in books["promoters"]
    assert [(r[0], r[1], r[2], r[5]) for r in books["rewards"]] == [
        ("a1", "cus_ana", "Welcome", 50),
        ("b1", "cus_ana", "Referrer points", 100), ("b1", "cus_ben", "Welcome", 50),
        ("b2", "cus_ana", "Referrer points", 300), ("b2", "cus_ben", "Big order", 20),
        ("b3", "cus_ana", "Referrer points", 30),
        ("c1", "cus_carl", "Welcome", 50), ("d1", "cus_dana", "Welcome", 50),
        ("e0", "cus_erin", "Welcome", 50), ("e1", "cus_erin", "Big order", 20),
        ("g1", "cus_ana", "Referrer points", 80), ("g1", "cus_gus", "Welcome", 50),
        ("h1", "cus_ana", "Referrer points", 60), ("h1", "cus_hal", "Welcome", 50),
        ("i1", "cus_ana", "Referrer points", 70), ("i1", "cus_ivy", "Welcome", 50),
        ("k1", "cus_ana", "Referrer points", 40), ("k1", "cus_kim", "Welcome", 50),
        ("k2", "cus_ana", "Referrer points", 10), ("l2", "cus_lou", "Welcome", 50)]
    assert books["postings"] == {"earn": 20}
    assert Counter(e[0] for e in books["events"])["reward.earned"] == 20
    assert books["deliveries"]["reward.earned"] == 20  # the endpoint takes every event
    for shop in (batched, alone):
        assert_books_balance(client, shop)


def test_links_that_fail_or_credit_no_one_are_booked_as_one_at_a_time(app, client, clock,
                                                                      make_merchant):
    """A click past the attribution window, a blocked promoter's code, a code in other letters,
    another shop's token, a click id no one made, and a failing click with a good code."""
    batched, alone, elsewhere = (make_merchant(name) for name in ("Batched", "Alone", "Other"))
    outsider = enroll(client, elsewhere, external_id="cus_outsider")
    orders = {}
    for shop in (batched, alone):
        make_rule(client, shop, name="Referrer points")
        ana = enroll(client, shop, external_id="cus_ana")
        bob = enroll(client, shop, external_id="cus_bob")
        old_click = click(client, f"/r/{ana['code']}")
        assert client.post(f"/v1/promoters/{bob['id']}/block",
                           headers=shop.headers()).status_code == 200
        orders[shop.id] = [
            (Purchase("o1", "cus_1", 1_000, "USD"), {"click_id": old_click}),
            (Purchase("o2", "cus_2", 1_000, "USD"), {"code": bob["code"]}),
            (Purchase("o3", "cus_3", 1_000, "USD"), {"code": ana["code"].lower()}),
            (Purchase("o4", "cus_4", 1_000, "USD"),
             {"token": outsider["referral_url"].rsplit("/r/", 1)[1]}),
            (Purchase("o5", "cus_5", 1_000, "USD"), {"click_id": "clk_made_up"}),
            (Purchase("o6", "cus_6", 1_000, "USD"), {"click_id": old_click, "code": ana["code"]}),
        ]
    clock.advance(days=31)  # past the 30-day attribution window of the click
    with app.app_context():
        answers = purchase_batches.record_purchases(
            db.session, merchant=db.session.get(Merchant, batched.id),
            purchases=[(purchase, clock.now(), _link(app, {"given": given}, "given"))
                       for purchase, given in orders[batched.id]])
        db.session.commit()
    assert [answer is not None for answer in answers] == [False, True, True, False, False, True]
    for (purchase, given), answer in zip(orders[batched.id], answers, strict=True):
        if answer is None:
            _one_at_a_time(app, batched.id, purchase, {"given": given}, "given")
    for purchase, given in orders[alone.id]:
        _one_at_a_time(app, alone.id, purchase, {"given": given}, "given")
    books = _books(app, batched.id)
    assert books == _books(app, alone.id)
    assert [(o[0], o[4], o[5]) for o in books["orders"]] == [
        ("o2", None, None), ("o3", "cus_ana", "code"), ("o6", "cus_ana", "code")]
    assert [p[0] for p in books["promoters"]] == ["cus_2", "cus_3", "cus_6", "cus_ana", "cus_bob"]
    assert [(r[0], r[1], r[5]) for r in books["rewards"]] == [
        ("o3", "cus_ana", 10), ("o6", "cus_ana", 10)]


def test_a_referral_erased_while_the_batch_runs_is_not_credited(app, client, clock, merchant,
                                                                 monkeypatch):
    """Ben, referred by Ana, is erased (his referral's referee renamed, his promoter cleared) by
    a transaction that commits after the batch first read his referral (his order came with a
    code: a blocked promoter's, which credits no one) and before it locked him. His order is
    left to record_purchase, which credits no one: nothing ties the erased person to Ana
    again."""
    make_rule(client, merchant, name="Referrer points")
    ana = enroll(client, merchant, external_id="cus_ana")
    assert sign_up(client, merchant, click_id=click(client, f"/r/{ana['code']}"),
                   referee_external_id="cus_ben").status_code == 201
    enroll(client, merchant, external_id="cus_ben")
    bob = enroll(client, merchant, external_id="cus_bob")
    assert client.post(f"/v1/promoters/{bob['id']}/block",
                       headers=merchant.headers()).status_code == 200
    links = {"bob": {"code": bob["code"]}}
    lock_customers = purchase_batches._lock_customers

    def erased_first(*args, **kwargs):
        with Session(db.engine) as elsewhere:
            ben = elsewhere.scalars(select(Promoter).where(Promoter.external_id == "cus_ben")
                                    ).one()
            promoters_service.erase_promoter(elsewhere, merchant_id=merchant.id,
                                             promoter_id=ben.id, now=clock.now())
            elsewhere.commit()
        return lock_customers(*args, **kwargs)

    monkeypatch.setattr(purchase_batches, "_lock_customers", erased_first)
    purchase = Purchase("b1", "cus_ben", 10_000, "USD")
    with app.app_context():
        [answer] = purchase_batches.record_purchases(
            db.session, merchant=db.session.get(Merchant, merchant.id),
            purchases=[(purchase, clock.now(), _link(app, links, "bob"))])
        db.session.commit()
    assert answer is None
    monkeypatch.undo()
    _one_at_a_time(app, merchant.id, purchase, links, "bob")
    with app.app_context():
        assert db.session.execute(select(Order.external_id, Order.referral_id, Order.promoter_id)
                                  ).all() == [("b1", None, None)]
        assert db.session.scalars(select(Reward.amount)).all() == []


@pytest.mark.parametrize("program", ["limits", "tiers"])
def test_programs_that_need_one_order_at_a_time_are_left_to_it(app, client, clock, merchant,
                                                                program, caplog):
    """A capped rule counts what earlier orders earned; a tier ladder can promote a promoter
    between two orders. Such orders are all left to record_purchase, nothing of them written,
    and the batch knows it before it locks anything: Ben's row held by a long transaction
    elsewhere does not keep his batch waiting out its lock timeout (and every order of the
    process behind it) only to hand the order on."""
    limits = {"limits": {"per_promoter_per_day": 1}} if program == "limits" else {}
    make_rule(client, merchant, beneficiary="customer", **limits)
    if program == "tiers":
        create_tier(client, merchant, **SILVER)
    enroll(client, merchant, external_id="cus_ben")
    with app.app_context(), Session(db.engine) as elsewhere:
        elsewhere.execute(select(Promoter).where(Promoter.external_id == "cus_ben")
                          .with_for_update())
        writer, shop = OrderWriter(db.engine), db.session.get(Merchant, merchant.id)
        answers = [writer.record(merchant=shop, now=clock.now(),
                                 purchase=Purchase(f"o{n}", customer, 10_000, "USD"))
                   for n, customer in enumerate(["cus_ben", "cus_ben", "cus_new"])]
        assert answers == [None, None, None]
        assert "order batch" not in caplog.text  # no batch waited for Ben's row and failed
        elsewhere.rollback()
        assert db.session.scalar(select(func.count()).select_from(Order)) == 0
        assert db.session.scalar(select(func.count()).select_from(LedgerTransaction)) == 0
        # The batch enrolled the new customer for an order it then left: rolled back.
        assert db.session.scalars(select(Promoter.external_id)).all() == ["cus_ben"]


def _with_a_batch_open(merchant_id: str, purchase: Purchase, now, *, other,
                       message: str) -> Order:
    """Record `purchase` in a batch left open while `other` runs in a thread (another
    process's transaction); once `other` waits for a lock, commit the batch and let it go on.
    The batch's order."""
    with Session(db.engine, expire_on_commit=False) as first:
        [order] = purchase_batches.record_purchases(
            first, merchant=first.get(Merchant, merchant_id), purchases=[(purchase, now, None)])
        thread = threading.Thread(target=other)
        thread.start()
        until_it_waits_for_a_lock(thread)
        assert thread.is_alive(), message
        first.commit()
    thread.join(timeout=10)
    return order


def _make_welcome_program(client, merchant) -> None:
    make_rule(client, merchant, name="Welcome", beneficiary="customer",
              reward={"type": "fixed_points", "value": 50}, conditions={"first_order_only": True})
    enroll(client, merchant, external_id="cus_ben")


def test_a_customers_orders_in_two_batches_at_once_earn_one_first_order_bonus(
        app, client, clock, merchant):
    """Two processes' batches with orders of one customer: the second waits for the first to
    commit (the customer's row lock), so only one order is the first order."""
    _make_welcome_program(client, merchant)
    with app.app_context():
        other_process, shop = OrderWriter(db.engine), db.session.get(Merchant, merchant.id)
        answers = []
        mine = _with_a_batch_open(
            merchant.id, Purchase("o1", "cus_ben", 10_000, "USD"), clock.now(),
            other=lambda: answers.append(other_process.record(
                merchant=shop, purchase=Purchase("o2", "cus_ben", 10_000, "USD"),
                now=clock.now())),
            message="the second batch did not wait for the first")
        [theirs] = answers
        assert (mine.first_order, theirs.first_order) == (True, False)
        welcome = db.session.scalars(select(Reward.amount).where(Reward.merchant_id == merchant.id))
        assert list(welcome) == [50]
    assert_books_balance(client, merchant)


def test_a_new_customers_first_orders_in_two_processes_at_once_earn_one_bonus(
        app, client, clock, merchant, caplog):
    """Both batches would enrol the new customer: the second waits for the first's row, finds
    it taken, and leaves its order to the one-at-a-time path, where it is not a first order."""
    _make_welcome_program(client, merchant)
    with app.app_context():
        other_process, results = OrderWriter(db.engine), []

        def second() -> None:
            with app.app_context():
                order, created = purchases.record_purchase(
                    db.session, merchant=db.session.get(Merchant, merchant.id),
                    purchase=Purchase("o2", "cus_new", 10_000, "USD"), now=clock.now(),
                    secret_keys=app.config["GOODWORD_SECRET_KEYS"], writer=other_process)
                results.append((order.first_order, created))
                db.session.commit()

        mine = _with_a_batch_open(
            merchant.id, Purchase("o1", "cus_new", 10_000, "USD"), clock.now(), other=second,
            message="the second enrolment did not wait for the first")
        assert (mine.first_order, results) == (True, [(False, True)])
        assert db.session.scalars(select(Promoter.external_id).where(
            Promoter.merchant_id == merchant.id)).all().count("cus_new") == 1
        assert db.session.scalars(select(Reward.amount)).all() == [50]
    assert "order batch" not in caplog.text  # left to one-at-a-time, not failed
    assert_books_balance(client, merchant)


def test_the_same_order_sent_to_two_processes_at_once_is_recorded_once(app, client, clock,
                                                                         merchant, caplog):
    _make_welcome_program(client, merchant)
    purchase = Purchase("o1", "cus_ben", 10_000, "USD")
    with app.app_context():
        other_process = OrderWriter(db.engine)
        results = []

        def send_again() -> None:
            with app.app_context():
                order, created = purchases.record_purchase(
                    db.session, merchant=db.session.get(Merchant, merchant.id),
                    purchase=purchase, now=clock.now(),
                    secret_keys=app.config["GOODWORD_SECRET_KEYS"], writer=other_process)
                results.append((order.id, created))
                db.session.commit()

        mine = _with_a_batch_open(merchant.id, purchase, clock.now(), other=send_again,
                                  message="the second did not wait for the first")
        assert results == [(mine.id, False)]
        assert db.session.scalar(select(func.count()).select_from(Order)) == 1
        assert db.session.scalar(select(func.count()).select_from(Reward)) == 1
    assert "order batch" not in caplog.text  # left to one-at-a-time, not failed
    assert_books_balance(client, merchant)


def test_a_batch_that_fails_after_writing_is_rolled_back_and_recorded_one_order_at_a_time(
        app, client, clock, merchant, monkeypatch, caplog):
    _make_welcome_program(client, merchant)

    def broken(session, **_):
        raise RuntimeError("the connection was lost")

    # The order is inserted, then the posting fails: the batch must leave nothing behind.
    monkeypatch.setattr(ledger, "post_many", broken)
    with app.app_context():
        writer = OrderWriter(db.engine)
        order, created = purchases.record_purchase(
            db.session, merchant=db.session.get(Merchant, merchant.id),
            purchase=Purchase("o1", "cus_ben", 10_000, "USD"), now=clock.now(),
            secret_keys=app.config["GOODWORD_SECRET_KEYS"], writer=writer)
        db.session.commit()
        assert (created, order.first_order) == (True, True)
        assert list(db.session.scalars(select(Reward.amount))) == [50]
        assert db.session.scalar(select(func.count()).select_from(LedgerTransaction)) == 1
    assert "order batch of 1 failed" in caplog.text
    assert_books_balance(client, merchant)


def test_an_id_taken_meanwhile_by_another_customer_fails_the_batch(app, client, clock,
                                                                   merchant):
    """Ben's first order in the batch turns out to be another customer's order id, committed
    while the batch waited on it: Ben's next order in the batch was counted as not his first,
    so the batch must not stand."""
    _make_welcome_program(client, merchant)
    enroll(client, merchant, external_id="cus_carl")
    with app.app_context():
        outcome, engine = [], db.engine

        def batch() -> None:
            with Session(engine) as session:
                try:
                    purchase_batches.record_purchases(
                        session, merchant=session.get(Merchant, merchant.id), purchases=[
                            (Purchase("x1", "cus_ben", 10_000, "USD"), clock.now(), None),
                            (Purchase("b1", "cus_ben", 10_000, "USD"), clock.now(), None)])
                    session.commit()
                    outcome.append("committed")
                except TwinCommitted:
                    outcome.append("refused")

        _with_a_batch_open(merchant.id, Purchase("x1", "cus_carl", 10_000, "USD"), clock.now(),
                           other=batch, message="the batch did not wait for the twin")
        assert outcome == ["refused"]
        assert db.session.scalars(select(Order.external_id)).all() == ["x1"]
    # Recorded one at a time instead, b1 is Ben's first order and earns the welcome bonus.
    response = client.post("/v1/orders", json={
        "external_id": "b1", "customer_external_id": "cus_ben", "amount": 10_000,
        "currency": "USD"}, headers=merchant.headers())
    assert (response.status_code, response.get_json()["first_order"]) == (201, True)


def test_a_customer_locked_elsewhere_does_not_hold_up_other_customers(app, client, clock,
                                                                      merchant, caplog):
    """A long transaction holding Ben's row: his batch gives up after its lock_timeout and his
    order waits alone, while Carl's order, queued behind that batch, is recorded meanwhile."""
    _make_welcome_program(client, merchant)
    enroll(client, merchant, external_id="cus_carl")
    with app.app_context():
        writer = OrderWriter(db.engine)
        recorded = {}

        def order(external_id: str, customer: str) -> threading.Thread:
            def run() -> None:
                with app.app_context():
                    _, created = purchases.record_purchase(
                        db.session, merchant=db.session.get(Merchant, merchant.id),
                        purchase=Purchase(external_id, customer, 10_000, "USD"),
                        now=clock.now(), secret_keys=app.config["GOODWORD_SECRET_KEYS"],
                        writer=writer)
                    db.session.commit()
                    recorded[external_id] = created

            thread = threading.Thread(target=run)
            thread.start()
            return thread

        with Session(db.engine) as elsewhere:
            elsewhere.execute(select(Promoter).where(Promoter.external_id == "cus_ben")
                              .with_for_update())
            bens = order("b1", "cus_ben")
            until_it_waits_for_a_lock(bens)
            carls = order("c1", "cus_carl")
            carls.join(timeout=8)
            assert recorded == {"c1": True}, "Carl's order waited for Ben's lock"
            assert bens.is_alive()  # Ben's order waits alone, in its own transaction
        bens.join(timeout=10)
        assert recorded == {"c1": True, "b1": True}
    assert "order batch of 1 failed" in caplog.text
    assert_books_balance(client, merchant)


@pytest.mark.parametrize("with_code", [False, True], ids=["plain", "with a promoter's code"])
def test_concurrent_orders_through_the_api_share_commits(app, client, merchant, commits,
                                                         with_code):
    """What a flash sale looks like: many orders at once, each answered with its own order and
    points, in fewer transactions than orders; also when a promoter's code came with each
    (a sale an influencer announced), every order credited to her."""
    make_rule(client, merchant, name="Points", beneficiary="customer")
    influencer = enroll(client, merchant, external_id="cus_influencer")
    customers = [f"cus_{n}" for n in range(8)]
    for customer in customers:
        enroll(client, merchant, external_id=customer)
    start = threading.Barrier(len(customers))
    answers = {}

    def shop(customer: str) -> None:
        start.wait()
        for n in range(5):
            body = {"external_id": f"{customer}-{n}", "customer_external_id": customer,
                    "amount": 1_000 * (n + 1), "currency": "USD"}
            if with_code:
                body["code"] = influencer["code"]
            response = app.test_client().post("/v1/orders", json=body,
                                              headers=merchant.headers())
            answers[body["external_id"]] = (response.status_code, response.get_json())

    commits.clear()
    threads = [threading.Thread(target=shop, args=(customer,)) for customer in customers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 40
    for external_id, (status, body) in answers.items():
        assert (status, body["external_id"]) == (201, external_id)
        assert body["first_order"] is external_id.endswith("-0")
        assert (body["promoter"], body["attributed_by"]) == (
            (influencer["id"], "code") if with_code else (None, None))
    with app.app_context():
        earned = dict(db.session.execute(
            select(Order.external_id, Reward.amount).join(Reward, Reward.order_id == Order.id)
        ).all())
    assert earned == {f"{c}-{n}": 10 * (n + 1) for c in customers for n in range(5)}
    assert len(commits) < 40
    assert_books_balance(client, merchant)

