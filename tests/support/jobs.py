"""Running a scheduled job in several workers at once, as a deployment with two workers does."""

import threading

from core.db import db
from tests.threads import join_all


def run_together(app, job, workers: int = 2) -> None:
    """Run `job(session)` in a loop in several threads at once, each committing per step."""
    start = threading.Barrier(workers)
    failures = []

    def run():
        with app.app_context():
            try:
                start.wait(10)
                while job(db.session):
                    db.session.commit()
                db.session.commit()
            except Exception as error:  # pragma: no cover - reported below
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    join_all(threads, 120)
    assert failures == []
