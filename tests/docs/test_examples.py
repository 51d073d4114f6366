"""Every shell and Python example in docs/ runs against a real server on loopback, page by page
on an emptied database, as an integrator would paste it (see tests/docs/examples.py)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.live_server import serving

from .examples import SETUP_VARIABLES, Example, examples, page_name, pages

PAGES = [path for path in pages() if any(not e.skip_reason and not e.setup
                                         for e in examples(path))]
# Run before each shell block: stop at the first failing command, keep every variable for the
# next block, and note each curl's HTTP status in order.
PRELUDE = """set -eo pipefail
set -a
[ -f "$GW_STATE" ] && . "$GW_STATE"
curl() {
    local n; n=$(ls "$GW_CALLS" | wc -l)
    command curl -D "$GW_CALLS/$(printf %05d "$n")" "$@"
}
"""
EPILOGUE = '\nexport -p | grep -v -e " GW_" -e " BASH" > "$GW_STATE"\n'


@pytest.fixture
def server(app):
    """The suite's app on a loopback port of the system's choosing, links built on it."""
    with serving(app) as url:
        yield url


def test_every_example_runs_or_says_why_not():
    found = [example for page in pages() for example in examples(page)]
    assert len(found) > 20
    for example in found:
        assert example.skip_reason is None or len(example.skip_reason) > 10, example.name
    (setup,) = [example for example in found if example.setup]
    assert setup.page == "quickstart.md"
    for variable in SETUP_VARIABLES:
        assert f"export {variable}=" in setup.body


def _statuses(calls: Path) -> list[int]:
    statuses = []
    for dump in sorted(calls.iterdir()):
        # The last status line: a redirect curl follows (-L) writes one per hop.
        lines = [line for line in dump.read_text().splitlines() if line.startswith("HTTP/")]
        statuses.append(int(lines[-1].split()[1]))
        dump.unlink()
    return statuses


def _run_shell(example: Example, environment: dict, calls: Path, workdir: Path) -> None:
    script = PRELUDE + example.runnable_body + EPILOGUE
    done = subprocess.run(["bash", "-c", script], cwd=workdir, env=environment, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, (f"{example.name} failed ({done.returncode}):\n{example.body}\n"
                                  f"stdout: {done.stdout}\nstderr: {done.stderr}")
    statuses, documented = _statuses(calls), example.curl_statuses()
    if example.loops_first:
        # The loop's curls ran once per turn: the documented ones are the last calls.
        looped = len(statuses) - len(documented)
        assert looped > 0, (example.name, statuses)
        documented = [None] * looped + documented
    assert len(statuses) == len(documented), (example.name, statuses, documented)
    for got, expected in zip(statuses, documented, strict=True):
        if expected is None:
            assert 200 <= got < 400, (example.name, statuses, done.stdout)
        else:
            assert got == expected, (example.name, statuses, documented, done.stdout)


def _state(path: Path) -> dict:
    """The variables the shell examples so far exported, for the Python ones."""
    if not path.exists():
        return {}
    done = subprocess.run(["bash", "-c", f'set -a; . "{path}"; env -0'], capture_output=True,
                          check=True)
    pairs = (item.split("=", 1) for item in done.stdout.decode().split("\0") if "=" in item)
    return dict(pairs)


def _run_python(example: Example, environment: dict, workdir: Path) -> None:
    done = subprocess.run([sys.executable, "-c", example.runnable_body], cwd=workdir,
                          env=environment, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, (f"{example.name} failed:\n{done.stdout}\n{done.stderr}")


@pytest.mark.parametrize("page", PAGES, ids=[page_name(p) for p in PAGES])
def test_the_examples_of_a_page_run_in_order(page, server, make_merchant, test_database_url,
                                            tmp_path):
    for tool in ("curl", "jq"):
        if shutil.which(tool) is None:
            pytest.skip(f"the docs' examples use {tool} (make test installs it)")
    merchant = make_merchant("Docs Shop", shop_url="https://shop.example/",
                             allowed_domains=["shop.example", "127.0.0.1"])
    calls, workdir = tmp_path / "calls", tmp_path / "work"
    calls.mkdir()
    workdir.mkdir()
    environment = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path), "LANG": "C.UTF-8",
        "GOODWORD_URL": server, "GOODWORD_KEY": merchant.secret,
        # The CLI examples work on the server's own database.
        "DATABASE_URL": test_database_url, "PUBLIC_URL": server,
        "GW_STATE": str(tmp_path / "state.sh"), "GW_CALLS": str(calls),
    }
    for example in examples(page):
        if example.skip_reason or example.setup:
            continue
        if example.kind == "shell":
            _run_shell(example, environment, calls, workdir)
        else:
            _run_python(example, environment | _state(tmp_path / "state.sh"), workdir)
