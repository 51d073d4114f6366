"""The dependency audit step (.ci/audit_dependencies.py, run by `make test`): a known
vulnerability fails it, packages that could not be checked are reported, never passed off as
clean, and fail it under AUDIT_STRICT=1."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "audit_dependencies.py"
spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

CLEAN = {"name": "flask", "version": "3.1.3", "vulns": []}
VULNERABLE = {"name": "jinja2", "version": "2.10", "vulns": [
    {"id": "PYSEC-2019-217", "fix_versions": ["2.10.1"], "description": "sandbox escape"}]}
UNCHECKED = {"name": "stripe", "skip_reason": "Dependency not found on PyPI and could not be "
                                              "audited: stripe (16.1.0)"}


def test_a_known_vulnerability_fails_and_is_named():
    code, lines = audit.verdict({"dependencies": [CLEAN, VULNERABLE, UNCHECKED]}, strict=False)
    assert code == 1
    assert "VULNERABLE jinja2 2.10: PYSEC-2019-217 (fixed in 2.10.1)" in lines


def test_unchecked_packages_are_reported_and_fail_only_when_strict():
    code, lines = audit.verdict({"dependencies": [CLEAN, UNCHECKED]}, strict=False)
    assert code == 0
    assert lines[0] == "pip-audit: 1 of 2 packages audited, 0 with known vulnerabilities."
    assert lines[1].startswith("WARNING: 1 packages could NOT be audited")
    assert audit.verdict({"dependencies": [CLEAN, UNCHECKED]}, strict=True)[0] == 1


def test_a_clean_audit_passes_quietly():
    assert audit.verdict({"dependencies": [CLEAN]}, strict=True) == (
        0, ["pip-audit: 1 of 1 packages audited, 0 with known vulnerabilities."])
