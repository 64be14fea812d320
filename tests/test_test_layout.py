"""How the tests are laid out: shared helpers live in support modules, not in test modules.

A test module (``test_*.py``) holds tests. What several test files share (pilot steps, data
builders, fixtures) lives in a support module named after its job, or in the directory's
``conftest.py``, so a newcomer finds a helper by its file name and importing a test module
never runs another module's fixtures or tests by accident (docs/development.md).
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def is_test_module(dotted: str) -> bool:
    """Whether a dotted module name (``tests.tui.test_board``) names a test module."""
    return dotted.startswith("tests.") and dotted.rsplit(".", 1)[-1].startswith("test_")


def imports_of_test_modules(source: str) -> list[str]:
    """The test modules that ``source`` imports from, in order of appearance."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found += [name for name in names if is_test_module(name)][:1]
    return found


def test_the_check_sees_each_way_of_importing_a_test_module() -> None:
    source = (
        "from tests.tui.test_board import go_to\n"
        "import tests.models.test_deal_counts\n"
        "from tests.hostile import test_operations\n"
        "from tests.tui.board_steps import go_to\n"
        "from tests import conftest\n"
    )
    assert imports_of_test_modules(source) == [
        "tests.tui.test_board",
        "tests.models.test_deal_counts",
        "tests.hostile.test_operations",
    ]


def test_no_test_module_imports_another() -> None:
    offenders = {
        str(path.relative_to(TESTS)): imported
        for path in sorted(TESTS.rglob("*.py"))
        if (imported := imports_of_test_modules(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "move what is shared into a support module or conftest.py"
