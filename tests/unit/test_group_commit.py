"""core.group_commit: items submitted at once share a write, each gets its own answer, and an
error reaches every item of its batch without stopping the next."""

import threading

from core.group_commit import GroupCommit


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
    for thread in threads:
        thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in threads), "a submitter never woke"
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
    def write(items: list) -> list:
        if "bad" in items:
            raise ValueError("the database went away")
        return [item.upper() for item in items]

    group = GroupCommit(write)
    [error] = _submit_all(group, ["bad"]).values()
    assert isinstance(error, ValueError) and "went away" in str(error)
    # The lead was given up, not kept by the failure.
    assert _submit_all(group, ["good"]) == {"good": "GOOD"}


def test_a_write_that_answers_too_few_items_fails_them_all():
    group = GroupCommit(lambda items: items[:-1])  # one answer short, whatever the batch
    answers = _submit_all(group, ["a", "b", "c"])
    assert all(isinstance(answer, RuntimeError) for answer in answers.values()), answers
