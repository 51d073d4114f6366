"""Dependency audit for `make test`: pip-audit over the installed environment.

Known vulnerabilities fail the step, listed by package, id and fixed versions. Packages that
could not be checked (pip-audit's vulnerability source unreachable, or a package index that does
not serve /pypi/<name>/<version>/json, as in this project's sandbox) are reported in one loud
line with their count, never silently passed off as clean; AUDIT_STRICT=1 makes them fail too
(use it in CI with internet access)."""

import json
import os
import subprocess
import sys
from pathlib import Path


def verdict(report: dict, *, strict: bool) -> tuple[int, list[str]]:
    """The exit code and the lines to print for a pip-audit JSON report."""
    dependencies = report.get("dependencies", [])
    unaudited = [dep for dep in dependencies if "skip_reason" in dep]
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    lines = []
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            lines.append(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} "
                         f"(fixed in {fixes})")
    audited = len(dependencies) - len(unaudited)
    lines.append(f"pip-audit: {audited} of {len(dependencies)} packages audited, "
                 f"{len(vulnerable)} with known vulnerabilities.")
    if unaudited:
        lines.append(
            f"WARNING: {len(unaudited)} packages could NOT be audited (their vulnerability "
            f"source did not answer), e.g. {unaudited[0]['skip_reason']}. "
            "This is not a clean bill of health; run with internet access to PyPI's JSON API "
            "(AUDIT_STRICT=1 fails on this).")
    failed = bool(vulnerable) or (strict and bool(unaudited))
    return (1 if failed else 0), lines


def main() -> int:
    pip_audit = Path(sys.executable).parent / "pip-audit"
    run = subprocess.run([str(pip_audit), "--skip-editable", "--progress-spinner", "off",
                          "--format", "json"], capture_output=True, text=True)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        print(run.stderr.strip() or "pip-audit produced no report", file=sys.stderr)
        return 1
    code, lines = verdict(report, strict=os.environ.get("AUDIT_STRICT") == "1")
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
