"""core.group_commit: items submitted at once share a write, each gets its own answer, an error
reaches every item of its batch without stopping the next, and an item past its deadline is
given up and never written."""

import threading
import time

from core.group_commit import GroupCommit, TimedOut
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


def _submit_in_thread(group: GroupCommit, item, answers: dict, **options) -> threading.Thread:
    """Submit `item` from a new thread (a daemon: one that never wakes cannot hang the run);
    its answer, or its error, lands in `answers`."""

    def run() -> None:
        try:
            answers[item] = group.submit(item, **options)
        except Exception as error:  # the error is the answer under test
            answers[item] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _until(condition) -> None:
    deadline = time.monotonic() + 5
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


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
        return _submit_in_thread(group, item, answers)

    threads = [submit("lead")]
    _until(lambda: len(batches) == 1)  # lead is being written
    threads += [submit(item) for item in ("bad", "x", "y")]
    _until(lambda: len(group._queue) == 3)
    release["lead"].set()  # the next batch is bad, x and y; it fails while z queues
    _until(lambda: len(batches) == 2)
    threads.append(submit("z"))
    _until(lambda: len(group._queue) == 1)
    release["bad"].set()
    join_all(threads, 10)
    assert batches == [["lead"], ["bad", "x", "y"], ["z"]]
    assert answers["lead"] == "LEAD" and answers["z"] == "Z"  # z was handed the lead
    assert all(isinstance(answers[item], ValueError) for item in ("bad", "x", "y")), answers


def test_a_write_that_answers_too_few_items_fails_them_all():
    group = GroupCommit(lambda items: items[:-1])  # one answer short, whatever the batch
    answers = _submit_all(group, ["a", "b", "c"])
    assert all(isinstance(answer, RuntimeError) for answer in answers.values()), answers


def test_an_exception_answered_for_one_item_is_raised_for_that_item_alone():
    def write(items: list) -> list:
        return [ValueError(item) if item == "bad" else item.upper() for item in items]

    answers = _submit_all(GroupCommit(write), ["a", "bad", "c"])
    assert answers["a"] == "A" and answers["c"] == "C"
    assert isinstance(answers["bad"], ValueError), answers


def test_an_item_past_its_deadline_times_out_and_is_never_written():
    """Its thread stops waiting at the deadline and the item leaves the queue: the batch after
    the slow one does not carry it (a caller told "not written" must not see it written)."""
    batches = []
    first_write_may_end = threading.Event()

    def write(items: list) -> list:
        batches.append(list(items))
        first_write_may_end.wait(timeout=5)
        return items

    group = GroupCommit(write)
    answers = {}
    threads = [_submit_in_thread(group, "slow", answers)]
    _until(lambda: len(batches) == 1)
    threads.append(_submit_in_thread(group, "late", answers, deadline=time.monotonic() + 0.2))
    threads[-1].join(timeout=5)
    assert isinstance(answers["late"], TimedOut)
    threads.append(_submit_in_thread(group, "next", answers))
    _until(lambda: len(group._queue) == 1)
    first_write_may_end.set()
    join_all(threads, 10)
    assert batches == [["slow"], ["next"]]
    assert answers["slow"] == "slow" and answers["next"] == "next"
