"""One code, one sign-in, even when browsers send it at the same moment (PostgreSQL: the code
is spent by one conditional UPDATE, which concurrent transactions wait on)."""

import threading

import pytest

from tests.support.dashboard import csrf_of, log_in
from tests.support.two_factor import app_code, enrol
from tests.threads import join_all

BROWSERS = 8


def send_at_once(app, owner, code: str) -> list[int]:
    browsers, tokens = [], []
    for _ in range(BROWSERS):
        browser = app.test_client()
        log_in(browser, owner)
        browsers.append(browser)
        tokens.append(csrf_of(browser.get("/dashboard/login/code")))
    start = threading.Barrier(BROWSERS)
    statuses: list[int] = []

    def send(browser, token):
        start.wait(timeout=30)
        statuses.append(browser.post("/dashboard/login/code",
                                     data={"csrf_token": token, "code": code}).status_code)

    threads = [threading.Thread(target=send, args=pair)
               for pair in zip(browsers, tokens, strict=True)]
    for thread in threads:
        thread.start()
    join_all(threads, 60)
    return sorted(statuses)


@pytest.mark.postgres
def test_one_code_sent_by_many_browsers_at_once_signs_in_one(
        app, clock, owner, owner_client, on_postgres, monkeypatch):
    monkeypatch.setitem(app.config, "DASHBOARD_TWO_FACTOR_RATE_LIMIT", "100 per minute")
    secret, codes = enrol(owner_client, clock)
    clock.advance(seconds=30)
    assert send_at_once(app, owner, app_code(secret, clock)) == [302] + [401] * (BROWSERS - 1)
    assert send_at_once(app, owner, codes[0]) == [302] + [401] * (BROWSERS - 1)
