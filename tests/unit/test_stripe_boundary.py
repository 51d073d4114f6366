"""Only rewards/stripe_gateway.py may import stripe: every Stripe call, the pinned API version
and the signature check stay behind one module (DESIGN.md)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_PACKAGES = ("api", "core", "referrals", "rewards")
GATEWAY = Path("rewards/stripe_gateway.py")


def _imports_stripe(source: str) -> bool:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        if any(name == "stripe" or name.startswith("stripe.") for name in names):
            return True
    return False


def test_only_the_gateway_imports_stripe():
    importers = sorted(
        str(path.relative_to(ROOT))
        for package in APP_PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if _imports_stripe(path.read_text())
    )
    assert importers == [str(GATEWAY)]


def test_the_check_sees_every_spelling_of_the_import():
    for source in ("import stripe", "import stripe.webhook as w", "from stripe import Webhook",
                   "def f():\n    from stripe import error\n"):
        assert _imports_stripe(source), source
    assert not _imports_stripe("from referrals.stripe import events as stripe_events")
