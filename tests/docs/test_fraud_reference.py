"""docs/reference/fraud.md names every reason code the signup checks can give, and every
setting with its default: a code or setting added without its line there fails here."""

import ast
import re

from referrals.signups import fraud, risk

from .examples import DOCS, ROOT

SIGNUPS = ROOT / "referrals" / "signups"
REFERENCE = DOCS / "reference" / "fraud.md"


def reason_codes() -> set[str]:
    """Every code a Finding is made with, or a risk signal adds, in referrals/signups/."""
    codes = set(risk.POINTS)
    for module in SIGNUPS.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            position = {"Finding": 1, "add": 0}.get(name or "")
            if position is None or len(node.args) <= position:
                continue
            argument = node.args[position]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                codes.add(argument.value)
    return codes


def documented_rows() -> dict[str, list[str]]:
    """Table rows by their first cell (`code`), each with its second cell: a name can head a
    row in two tables (disposable_email is a setting and a reason code)."""
    rows: dict[str, list[str]] = {}
    for line in REFERENCE.read_text().splitlines():
        found = re.match(r"^\| `([a-z_]+)` \|([^|]*)\|", line)
        if found:
            rows.setdefault(found.group(1), []).append(found.group(2).strip())
    return rows


def test_the_scan_finds_the_codes_of_each_kind():
    codes = reason_codes()
    assert {"promoter_blocked", "disposable_email", "attribution_overruled",
            "velocity_promoter", "sequential_addresses"} <= codes
    assert len(codes) >= 25


def test_every_reason_code_has_a_row_in_the_reference():
    missing = sorted(reason_codes() - set(documented_rows()))
    assert not missing, f"add these reason codes to {REFERENCE.relative_to(ROOT)}: {missing}"


def test_every_setting_is_listed_with_its_default():
    rows = documented_rows()
    for setting, default in fraud.DEFAULTS.items():
        assert setting in rows, f"{setting} is not in {REFERENCE.relative_to(ROOT)}"
        assert {str(default), f"`{default}`"} & set(rows[setting]), (setting, default)


def test_every_risk_signal_lists_its_first_points():
    rows = documented_rows()
    for code, points in risk.POINTS.items():
        assert any(cell.startswith(str(points)) for cell in rows[code]), (code, rows[code])
