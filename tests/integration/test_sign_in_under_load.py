"""Sign-in limits against the real thing: gunicorn with two worker processes behind one trusted
proxy (TRUSTED_PROXIES=1, addresses in X-Forwarded-For), on PostgreSQL, counting in the real
Redis and, without REDIS_URL, in the database. Every attempt is sent at once from threads;
a 401 is an attempt whose password was checked, a 429 one refused before any hash."""

import secrets
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from tests.support.dashboard import PASSWORD, make_user
from tests.support.gunicorn_server import Browser, gunicorn
from tests.threads import wait_all

REDIS_URL = "redis://127.0.0.1:6379/5"
PER_ACCOUNT = 10
PER_ADDRESS = 20


@pytest.fixture(scope="module", params=["redis", "database"])
def server(request, _app, test_database_url):
    if not test_database_url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL: run with TEST_DATABASE_URL (make test does)")
    settings = {"TRUSTED_PROXIES": "1", "SIGN_IN_LIMIT_PER_ACCOUNT": str(PER_ACCOUNT),
                "SIGN_IN_LIMIT_PER_ADDRESS": str(PER_ADDRESS),
                # Long enough that the attempts let through are all checked, none answered 503.
                "SIGN_IN_HASH_WAIT_SECONDS": "60", "REDIS_URL": ""}
    if request.param == "redis":
        try:
            redis.Redis.from_url(REDIS_URL).ping()
        except redis.ConnectionError:
            pytest.skip("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
        settings["REDIS_URL"] = REDIS_URL
    with gunicorn(test_database_url, **settings) as port:
        yield port


def fresh_address() -> str:
    # Fresh each run: the counts in Redis outlive the test.
    return f"2001:db8:{secrets.token_hex(2)}:{secrets.token_hex(2)}::1"


def fresh_email() -> str:
    return f"owner-{secrets.token_hex(4)}@acme.example"


def all_at_once(attempts: list[tuple[Browser, str, str]]) -> Counter:
    """Fetch each browser's CSRF token, then send every sign-in at the same moment."""
    tokens = [browser.csrf_token() for browser, _, _ in attempts]
    start = threading.Barrier(len(attempts))

    def send(browser: Browser, email: str, password: str, token: str) -> int:
        start.wait(60)
        status, headers, _ = browser.sign_in(email, password, token)
        if status == 429:
            assert int(headers["retry-after"]) > 0
        return status

    with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
        calls = [pool.submit(send, *attempt, token)
                 for attempt, token in zip(attempts, tokens, strict=True)]
        wait_all(calls, 300)
    return Counter(call.result() for call in calls)


def test_100_parallel_wrong_passwords_check_at_most_the_limit(app, merchant, server):
    email = fresh_email()
    make_user(app, merchant.id, email)
    statuses = all_at_once([(Browser(server, fresh_address()), email, f"guess {n}")
                            for n in range(100)])
    assert statuses == {401: PER_ACCOUNT, 429: 100 - PER_ACCOUNT}
    status, _, _ = Browser(server, fresh_address()).sign_in(email, PASSWORD)
    assert status == 429  # past the limit the right password waits too


def test_one_account_from_20_addresses_is_limited(app, merchant, server):
    email = fresh_email()
    make_user(app, merchant.id, email)
    addresses = [fresh_address() for _ in range(20)]
    statuses = all_at_once([(Browser(server, address), email, f"guess {n}")
                            for address in addresses for n in range(3)])
    assert statuses == {401: PER_ACCOUNT, 429: 60 - PER_ACCOUNT}
    status, _, _ = Browser(server, fresh_address()).sign_in(email, PASSWORD)
    assert status == 429


def test_40_accounts_from_one_address_are_limited(app, merchant, server):
    emails = [fresh_email() for _ in range(40)]
    for email in emails:
        make_user(app, merchant.id, email, "staff")
    address = fresh_address()
    statuses = all_at_once([(Browser(server, address), email, "wrong guess")
                            for email in emails])
    assert statuses == {401: PER_ADDRESS, 429: 40 - PER_ADDRESS}
    status, _, _ = Browser(server, fresh_address()).sign_in(emails[0], PASSWORD)
    assert status == 302  # the accounts themselves are not held up


def test_a_copied_cookie_is_refused_after_logout(app, merchant, server):
    email = fresh_email()
    make_user(app, merchant.id, email)
    owner = Browser(server, fresh_address())
    status, headers, _ = owner.sign_in(email, PASSWORD)
    assert status == 302 and headers["location"] == "/dashboard"
    thief = Browser(server, fresh_address())
    thief.cookie = owner.cookie
    assert thief.request("GET", "/dashboard/developers")[0] == 200
    token = owner.csrf_token("/dashboard")
    assert owner.request("POST", "/dashboard/logout", {"csrf_token": token})[0] == 302
    status, headers, _ = thief.request("GET", "/dashboard/developers")
    assert status == 302 and headers["location"].startswith("/dashboard/login")
