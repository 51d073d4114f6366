"""Requests sent at the same moment, each from its own client."""

import threading

from tests.threads import join_all


def all_at_once(app, *calls):
    """Run the calls at once (a barrier), each with its own client; their responses."""
    start = threading.Barrier(len(calls))
    answers = [None] * len(calls)

    def run(index, call):
        start.wait()
        answers[index] = call(app.test_client())

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    join_all(threads, 60)
    return answers
