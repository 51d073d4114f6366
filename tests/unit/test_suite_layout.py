"""No test module imports another test module or a conftest: what tests share lives in
tests/support, so a test file can be moved, renamed or deleted without breaking another."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _imported_modules(path: Path, tests: Path) -> list[str]:
    package = ["tests", *path.relative_to(tests).parent.parts]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.append(module)
            # `from tests.api import test_orders` names the module in the alias
            found += [f"{module}.{alias.name}" for alias in node.names]
    return found


def _borrowed(path: Path, tests: Path = TESTS) -> list[str]:
    return [module for module in _imported_modules(path, tests)
            if module.startswith("tests.")
            and module.rsplit(".", 1)[-1].startswith(("test_", "conftest"))]


def test_no_test_module_imports_another_test_module_or_a_conftest():
    borrowed = {str(path.relative_to(TESTS.parent)): _borrowed(path)
                for path in sorted(TESTS.rglob("*.py"))}
    assert {path: modules for path, modules in borrowed.items() if modules} == {}


def test_the_check_sees_relative_absolute_and_module_imports(tmp_path):
    borrower = tmp_path / "tests" / "api" / "test_example.py"
    borrower.parent.mkdir(parents=True)
    borrower.write_text("from .test_orders import order\n"
                        "from ..dashboard.conftest import log_in\n"
                        "from tests.api import test_referrals\n"
                        "import tests.e2e.test_dashboard\n"
                        "from tests.support.orders import order\n")
    assert _borrowed(borrower, tmp_path / "tests") == [
        "tests.api.test_orders", "tests.dashboard.conftest", "tests.api.test_referrals",
        "tests.e2e.test_dashboard"]
