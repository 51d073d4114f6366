"""Sign-in limits: counted before the password is checked, per account from any address and per
address to any account, with a delay that grows instead of a lock-out, and the owner told."""

import hashlib
from concurrent.futures import ThreadPoolExecutor

from tests.support.dashboard import PASSWORD, log_in, make_user
from tests.support.sign_in import attempt
from tests.support.webhooks import Receiver, add_endpoint, deliver
from tests.threads import wait_all


def test_one_account_is_limited_whatever_address_the_guesses_come_from(
        app, merchant, clock, small_limits):
    make_user(app, merchant.id, "owner@acme.example")
    guesses = [attempt(app.test_client(), "owner@acme.example", "wrong guess", f"198.51.100.{n}")
               for n in range(1, 7)]
    assert [guess.status_code for guess in guesses] == [401, 401, 401, 429, 429, 429]
    assert [guess.headers.get("Retry-After") for guess in guesses[3:]] == ["60"] * 3
    assert "try again in a minute" in guesses[3].get_data(as_text=True)
    # Past the limit even the right password waits, from a fresh address too.
    right = attempt(app.test_client(), "owner@acme.example", address="198.51.100.99")
    assert right.status_code == 429
    clock.advance(seconds=61)  # a delay, not a lock-out
    assert attempt(app.test_client(), "owner@acme.example", address="198.51.100.99"
                   ).status_code == 302


def test_one_address_is_limited_whatever_accounts_it_tries(app, merchant, small_limits):
    emails = [f"user{n}@acme.example" for n in range(7)]
    for email in emails:
        make_user(app, merchant.id, email, "staff")
    client = app.test_client()
    statuses = [attempt(client, email, "wrong guess", "192.0.2.7").status_code
                for email in emails]
    assert statuses == [401] * 5 + [429] * 2
    # The same accounts from another address are not held up by the first one's guesses.
    assert attempt(app.test_client(), emails[-1], address="192.0.2.8").status_code == 302


def test_an_ipv6_host_cannot_pick_a_fresh_address_from_its_own_block(app, merchant,
                                                                      small_limits):
    statuses = [attempt(app.test_client(), f"nobody{n}@acme.example", "wrong guess",
                        f"2001:db8:5:7::{n:x}").status_code for n in range(1, 8)]
    assert statuses == [401] * 5 + [429] * 2


def test_the_delay_doubles_up_to_its_maximum_and_quiet_forgets(app, merchant, clock,
                                                               small_limits):
    make_user(app, merchant.id, "owner@acme.example")
    addresses = iter(f"198.51.100.{n}" for n in range(1, 250))

    def guess():
        return attempt(app.test_client(), "owner@acme.example", "wrong guess", next(addresses))

    for _ in range(3):
        guess()
    waits = []
    for _ in range(4):
        refused = guess()
        assert refused.status_code == 429
        waits.append(int(refused.headers["Retry-After"]))
        clock.advance(seconds=waits[-1])
        assert guess().status_code == 401
    assert waits == [60, 120, 240, 240]
    clock.advance(seconds=240 + 900)  # the last delay, then a quiet quarter of an hour
    assert [guess().status_code for _ in range(4)] == [401, 401, 401, 429]


def test_an_unknown_email_is_limited_like_a_known_one(app, merchant, small_limits):
    statuses = [attempt(app.test_client(), "nobody@acme.example", "guess",
                        f"198.51.100.{n}").status_code for n in range(1, 6)]
    assert statuses == [401, 401, 401, 429, 429]


def test_a_success_gives_its_attempt_back(app, merchant, small_limits):
    make_user(app, merchant.id, "owner@acme.example")
    for _ in range(2):
        assert attempt(app.test_client(), "owner@acme.example", "typo").status_code == 401
    for _ in range(3):
        assert attempt(app.test_client(), "owner@acme.example").status_code == 302
    assert attempt(app.test_client(), "owner@acme.example", "typo").status_code == 401


def test_past_the_limit_no_password_is_hashed(app, merchant, small_limits, monkeypatch):
    make_user(app, merchant.id, "owner@acme.example")
    hashed = []
    real = hashlib.scrypt
    monkeypatch.setattr(hashlib, "scrypt",
                        lambda password, **options: hashed.append(password) or real(
                            password, **options))
    statuses = [attempt(app.test_client(), "owner@acme.example", f"guess {n}").status_code
                for n in range(10)]
    assert statuses == [401] * 3 + [429] * 7
    assert hashed == [b"guess 0", b"guess 1", b"guess 2"]


def test_when_every_hashing_slot_is_busy_sign_in_answers_503_at_once(app, merchant,
                                                                    small_limits):
    from core.users import password_cost

    make_user(app, merchant.id, "owner@acme.example")
    password_cost.set_cap(concurrency=1, wait_seconds=0)
    try:
        with password_cost.hash_slot():  # another sign-in is being checked
            busy = attempt(app.test_client(), "owner@acme.example")
    finally:
        password_cost.set_cap(concurrency=app.config["SIGN_IN_HASH_CONCURRENCY"],
                              wait_seconds=app.config["SIGN_IN_HASH_WAIT_SECONDS"])
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "1"
    assert "try again in a moment" in busy.get_data(as_text=True)
    # Not checked, so not counted: the owner still has every attempt.
    for _ in range(2):
        assert attempt(app.test_client(), "owner@acme.example", "typo").status_code == 401
    assert attempt(app.test_client(), "owner@acme.example").status_code == 302


def test_the_owner_is_told_by_an_event_a_webhook_and_the_alert_hook(
        app, client, merchant, small_limits):
    from core.users import sign_in_alerts

    make_user(app, merchant.id, "owner@acme.example")
    receiver = Receiver()
    told = []
    hook = lambda session, user, failed: told.append((user.email, failed.failed_attempts))  # noqa: E731
    sign_in_alerts.add_hook(hook)
    try:
        add_endpoint(client, merchant, receiver.url, events=["user.sign_in_limited"])
        for n in range(5):
            attempt(app.test_client(), "owner@acme.example", "wrong guess", f"198.51.100.{n}")
            attempt(app.test_client(), "stranger@acme.example", "wrong guess", f"192.0.2.{n}")
        assert deliver(app) == 1
    finally:
        sign_in_alerts.remove_hook(hook)
        receiver.close()
    events = client.get("/v1/events?type=user.sign_in_limited",
                        headers=merchant.headers()).get_json()["data"]
    assert len(events) == 1  # the third failure; the next two were refused unchecked
    data = events[0]["data"]
    assert data["email"] == "owner@acme.example" and data["failed_attempts"] == 3
    assert data["next_attempt_at"] > events[0]["created_at"]
    assert told == [("owner@acme.example", 3)]
    assert b"user.sign_in_limited" in receiver.requests[0][1]


def test_parallel_guesses_check_at_most_the_limit(app, merchant, small_limits, on_postgres,
                                                  monkeypatch):
    """100 wrong passwords at once from 100 addresses: each takes its number from one atomic
    count in PostgreSQL before anything is hashed, so exactly the limit are checked."""
    from core.users import password_cost

    monkeypatch.setitem(app.config, "SIGN_IN_LIMIT_PER_ACCOUNT", 10)
    make_user(app, merchant.id, "owner@acme.example")
    password_cost.set_cap(concurrency=4, wait_seconds=60)
    try:
        with ThreadPoolExecutor(max_workers=20) as pool:
            calls = [pool.submit(attempt, app.test_client(), "owner@acme.example",
                                 f"guess {n}", f"10.1.{n // 250}.{n % 250}") for n in range(100)]
            wait_all(calls, 300)
    finally:
        password_cost.set_cap(concurrency=app.config["SIGN_IN_HASH_CONCURRENCY"],
                              wait_seconds=app.config["SIGN_IN_HASH_WAIT_SECONDS"])
    statuses = sorted(call.result().status_code for call in calls)
    assert statuses == [401] * 10 + [429] * 90
    assert log_in(app.test_client(), "owner@acme.example", PASSWORD).status_code == 429
