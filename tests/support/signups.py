"""Signups sent one after another and all at once, and what became of them."""

import threading
from collections import Counter

from tests.threads import join_all


def one_after_another(client, merchant, bodies: list[dict]) -> Counter:
    answers = [client.post("/v1/referrals", json=body, headers=merchant.headers())
               for body in bodies]
    return outcome(answers)


def all_at_once(app, merchant, bodies: list[dict]) -> Counter:
    barrier = threading.Barrier(len(bodies))
    answers = [None] * len(bodies)

    def send(slot: int) -> None:
        local = app.test_client()
        barrier.wait()
        answers[slot] = local.post("/v1/referrals", json=bodies[slot],
                                   headers=merchant.headers())

    threads = [threading.Thread(target=send, args=(slot,)) for slot in range(len(bodies))]
    for thread in threads:
        thread.start()
    join_all(threads, timeout=60)
    return outcome(answers)


def outcome(answers) -> Counter:
    """How many signups were approved, held for review, rejected (or refused outright)."""
    return Counter(
        answer.get_json()["status"] if answer.status_code == 201 else answer.status_code
        for answer in answers
    )
