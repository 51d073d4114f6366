"""core.group_commit: items submitted at once share a write, each gets its own answer, and an
error reaches every item of its batch without stopping the next."""

import threading
import time

from core.group_commit import GroupCommit
from tests.threads import join_all


def _submit_all(group: GroupCommit, items: list) -> dict:
    """Submit every item from its own thread, all at once; {item: answer or the error}."""
    answers = {}
    start = threading.Barrier(len(items))

    def submit(item) -> None:
        start.wait()
        try:
            answers[item] = group.submit(item)
        except Exception as error:  # the error is the answer under test
            answers[item] = error

    threads = [threading.Thread(target=submit, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    join_all(threads, 10)
    return answers


def test_items_submitted_together_share_writes_and_keep_their_answers():
    batches = []
    first_write_may_end = threading.Event()

    def write(items: list) -> list:
        batches.append(list(items))
        first_write_may_end.wait(timeout=5)  # the others queue meanwhile
        return [item * 10 for item in items]

    group = GroupCommit(write, max_batch=8)
    threading.Timer(0.3, first_write_may_end.set).start()
    answers = _submit_all(group, list(range(20)))
    assert answers == {item: item * 10 for item in range(20)}
    assert sorted(item for batch in batches for item in batch) == list(range(20))
    assert max(len(batch) for batch in batches) == 8  # capped, and more than one per write
    assert len(batches) < 20


def test_an_error_reaches_every_item_of_its_batch_and_the_next_batch_is_written():
    batches = []
    release = {"lead": threading.Event(), "bad": threading.Event()}

    def write(items: list) -> list:
        batches.append(list(items))
        for item, gate in release.items():
            if item in items:
                gate.wait(timeout=5)
        if "bad" in items:
            raise ValueError("the database went away")
        return [item.upper() for item in items]

    group = GroupCommit(write)
    answers = {}

    def submit(item: str) -> threading.Thread:
        def run() -> None:
            try:
                answers[item] = group.submit(item)
            except ValueError as error:
                answers[item] = error

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    def until(condition) -> None:
        deadline = time.monotonic() + 5
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.01)

    threads = [submit("lead")]
    until(lambda: len(batches) == 1)  # lead is being written
    threads += [submit(item) for item in ("bad", "x", "y")]
    until(lambda: len(group._queue) == 3)
    release["lead"].set()  # the next batch is bad, x and y; it fails while z queues
    until(lambda: len(batches) == 2)
    threads.append(submit("z"))
    until(lambda: len(group._queue) == 1)
    release["bad"].set()
    join_all(threads, 10)
    assert batches == [["lead"], ["bad", "x", "y"], ["z"]]
    assert answers["lead"] == "LEAD" and answers["z"] == "Z"  # z was handed the lead
    assert all(isinstance(answers[item], ValueError) for item in ("bad", "x", "y")), answers


def test_a_write_that_answers_too_few_items_fails_them_all():
    group = GroupCommit(lambda items: items[:-1])  # one answer short, whatever the batch
    answers = _submit_all(group, ["a", "b", "c"])
    assert all(isinstance(answer, RuntimeError) for answer in answers.values()), answers
