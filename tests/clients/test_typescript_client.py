"""The generated TypeScript SDK (clients/typescript) runs the referral flow against a real
server: tests/clients/flow.ts, compiled by tsc in strict mode and run by Node."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.live_server import serving

ROOT = Path(__file__).resolve().parents[2]
TSC = ROOT / ".tools" / "node_modules" / ".bin" / "tsc"


@pytest.fixture(scope="module")
def compiled_flow(tmp_path_factory) -> Path:
    if not TSC.exists() or shutil.which("node") is None:
        pytest.skip("needs Node.js and .tools/ (make clients-check installs them; make test does)")
    out = tmp_path_factory.mktemp("flow")
    done = subprocess.run(
        [str(TSC), "--strict", "--target", "ES2022", "--module", "commonjs",
         "--moduleResolution", "node10", "--lib", "ES2022,DOM,DOM.Iterable", "--skipLibCheck",
         "--outDir", str(out), str(ROOT / "tests" / "clients" / "flow.ts")],
        capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    return out / "tests" / "clients" / "flow.js"


def node(flow: Path, url: str, key: str, *args: str) -> dict:
    done = subprocess.run(["node", str(flow), *args], capture_output=True, text=True, timeout=120,
                          env={"GOODWORD_URL": url, "GOODWORD_KEY": key, "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_typescript_sdk_runs_the_referral_flow(app, merchant, compiled_flow):
    with serving(app) as url:
        enrolled = node(compiled_flow, url, merchant.secret, "enrol")
        # What the worker does between the two: held rewards become available.
        assert app.test_cli_runner().invoke(args=["mature"]).exit_code == 0
        spent = node(compiled_flow, url, merchant.secret, "spend", enrolled["promoter"])
    # 500 earned, a fifth of the order refunded (a fifth clawed back), then 300 redeemed.
    assert spent["available"] == 401
    assert spent["redeemed"] == 300
    assert spent["secret"].startswith("whsec_")
