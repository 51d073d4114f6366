"""Bulk decisions racing single ones (PostgreSQL only: SQLite runs one writer at a time).

A bulk approval locks every referral it names, in ascending id, before deciding any: deciding
one takes the referrer's reward locks, and a single approval of a later referral holds that
referral's row and then wants the same reward locks. Locking row by row as the work goes, the
two wait on each other and PostgreSQL aborts one (a 503). Checked by hand: with the up-front
lock removed from `cases.decide_many`, this test fails with 503s.
"""

import threading

from tests.support.orders import balance
from tests.support.referrals import enroll
from tests.support.review import farm, hold_everything_suspicious
from tests.support.rewards import create_rule
from tests.threads import join_all


def test_a_bulk_approval_and_single_approvals_at_once_pay_each_referral_once(
        app, client, merchant, on_postgres):
    create_rule(client, merchant)  # 100 points to the referrer per approved referral
    hold_everything_suspicious(client, merchant)
    ana = enroll(client, merchant)
    held = [referral["id"] for referral in farm(client, merchant, ana, 24)]
    before = balance(client, merchant, ana["id"])["pending"]  # the farm's two approved first
    singles = held[::-1][:12:2]  # later referrals first: the other order from the bulk's
    barrier = threading.Barrier(1 + len(singles))
    answers: dict[str, int] = {}

    def post(name: str, path: str, body: dict) -> None:
        local = app.test_client()
        barrier.wait()
        answers[name] = local.post(path, json=body, headers=merchant.headers()).status_code

    threads = [threading.Thread(target=post, args=(
        "bulk", "/v1/referrals/bulk_approve", {"referrals": held}))]
    threads += [threading.Thread(target=post, args=(ref, f"/v1/referrals/{ref}/approve", {}))
                for ref in singles]
    for thread in threads:
        thread.start()
    join_all(threads, timeout=120)
    assert answers["bulk"] == 200, answers
    # A single approval that found the referral approved by the bulk is told so (409).
    assert {answers[ref] for ref in singles} <= {200, 409}, answers
    statuses = {client.get(f"/v1/referrals/{ref}", headers=merchant.headers())
                .get_json()["status"] for ref in held}
    assert statuses == {"approved"}
    assert balance(client, merchant, ana["id"])["pending"] - before == 100 * len(held)
