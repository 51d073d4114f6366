"""gunicorn settings for `make demo` (`-c python:api.demo_gunicorn`): Ctrl-C stops it at once.

Ctrl-C signals the whole process group, so gunicorn's worker got SIGINT from the terminal
and SIGQUIT from its master a moment later. About one stop in ten, the second signal landed
inside the worker's handling of the first and the worker hung until the master killed it 30 s
later, with an ERROR line. The worker now leaves SIGINT to its master and quits on its SIGQUIT.
"""

import signal

graceful_timeout = 10


def post_worker_init(worker) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
