"""gunicorn settings for `make demo` (`-c api/demo_gunicorn.py`): Ctrl-C stops it at once.

Ctrl-C signals the whole process group: gunicorn's worker got SIGINT from the terminal and
SIGQUIT from its master. gthread's handler for either shuts its thread pool down from inside
the signal handler; when the signal lands while the worker's main thread holds the pool's
lock (two signals, or one during `submit`), it waits for itself. About one stop in ten hung
that way until the master killed the worker 30 s later, with an ERROR line. So the worker
leaves SIGINT to its master, answers SIGQUIT with the graceful stop SIGTERM gets (a flag and
a wake-up, no lock), and once finished leaves without the interpreter's shutdown, which took
seconds on a busy machine.

It is loaded by its path, not as `api.demo_gunicorn`: importing the package would load the
whole app into the master, whose interpreter shutdown then hung now and then as well. The
master, too, leaves without it once gunicorn is done.
"""

import os
import signal

graceful_timeout = 10


def post_worker_init(worker) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGQUIT, worker.handle_exit)


def worker_exit(server, worker) -> None:
    # The master calls this hook too, for a worker already gone: only the worker itself leaves.
    if os.getpid() == worker.pid:
        os._exit(0)


def on_exit(server) -> None:
    os._exit(0)
