"""Schemathesis' own runner, every phase (boundary values from the schema, random fuzzing, and
stateful sequences that chain a created object's id into the next call), against a real server
on loopback with a real secret key: no 500, every response as documented."""

import os
import subprocess
import sys
from pathlib import Path

from tests.support.live_server import serving

EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "10")
# Schema-valid is not always business-valid (a shop_url must be on an allowed domain, a code
# must exist), so "valid data is accepted" cannot hold; every other check must.
EXCLUDED = "positive_data_acceptance"


def test_every_phase_finds_nothing(app, merchant, tmp_path):
    schemathesis = Path(sys.executable).with_name("schemathesis")
    with serving(app) as url:
        done = subprocess.run(
            [str(schemathesis), "run", f"{url}/v1/openapi.json",
             "--phases", "examples,coverage,fuzzing,stateful", "--checks", "all",
             "--exclude-checks", EXCLUDED, "--max-examples", EXAMPLES, "--seed", "1",
             "--header", f"Authorization: Bearer {merchant.secret}", "--workers", "1",
             "--generation-database", "none", "--report-dir", str(tmp_path), "--no-color"],
            capture_output=True, text=True, timeout=1800, cwd=tmp_path,
            env={**os.environ, "SCHEMATHESIS_TELEMETRY": "false"})
    assert done.returncode == 0, done.stdout[-20000:] + done.stderr[-5000:]
