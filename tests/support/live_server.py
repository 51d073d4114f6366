"""The suite's app served for real on a loopback port of the system's choosing, with links built
on that address: for tests whose client is a real program (curl, a generated SDK, a browser)."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import make_server

from tests.threads import join_all


@contextmanager
def serving(app) -> Iterator[str]:
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    public_url = app.config["PUBLIC_URL"]
    app.config["PUBLIC_URL"] = f"http://127.0.0.1:{http.server_port}"
    try:
        yield app.config["PUBLIC_URL"]
    finally:
        app.config["PUBLIC_URL"] = public_url
        http.shutdown()
        join_all([thread], 60)
        http.server_close()
