"""`make bench`: every benchmark module, one table, the run appended to bench/RESULTS.md.

Runs the modules of bench/ that are there, in order, each as `module.run() -> list[Result]`.
A module that crashes is a FAIL row with its error, and the others still run. Exits 1 when
any target fails.

    python bench/run.py                 # all of them
    python bench/run.py ledger balance  # some of them
"""

import importlib
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Result, commit, machine, print_table, verdict

HERE = Path(__file__).resolve().parent
MODULES = ("clicks", "ledger", "balance", "journey", "widget", "attribution", "sign_in_flood")
RESULTS_FILE = HERE / "RESULTS.md"


def run_module(name: str) -> list[Result]:
    print(f"--- {name}", flush=True)
    began = time.monotonic()
    try:
        results = importlib.import_module(name).run()
    except Exception as exc:  # one broken benchmark must not hide the others' figures
        traceback.print_exc()
        results = [Result(name, "the benchmark ran", f"crashed: {type(exc).__name__}: {exc}"[:200],
                          "runs", False)]
    print(f"--- {name}: {time.monotonic() - began:.0f} s", flush=True)
    return results


def markdown(results: list[Result], *, started: datetime, seconds: float) -> str:
    lines = [
        f"## {started:%Y-%m-%d %H:%M} UTC · {machine()} · {commit()} · `make bench` "
        f"({seconds / 60:.1f} min)",
        "",
        "| group | figure | value | target | result |",
        "|---|---|---|---|---|",
    ]
    for result in results:
        cells = (result.name, result.figure, result.value, result.target or "-", verdict(result))
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def main(names: list[str]) -> int:
    unknown = [name for name in names if name not in MODULES]
    if unknown:
        print(f"unknown benchmark {', '.join(unknown)}; there are {', '.join(MODULES)}")
        return 2
    present = [name for name in names or MODULES if (HERE / f"{name}.py").exists()]
    started = datetime.now(UTC)
    began = time.monotonic()
    results = [result for name in present for result in run_module(name)]
    seconds = time.monotonic() - began
    print()
    print(f"{machine()} · commit {commit()} · {seconds / 60:.1f} min")
    print_table(results)
    with RESULTS_FILE.open("a") as file:
        file.write("\n" + markdown(results, started=started, seconds=seconds))
    failed = [result for result in results if result.passed is False]
    print(f"\n{len(failed)} of {sum(r.passed is not None for r in results)} targets failed; "
          f"recorded in {RESULTS_FILE.relative_to(HERE.parent)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
