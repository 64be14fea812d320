"""Full-length sweeps: the short variant in the default run, the full one in CI's own step.

Loaded by ``tests/conftest.py`` (``pytest_plugins``). Some tests are sweeps: the same
question asked of every theme, every Dutch screen, a 30,000-deal demo, a 3,000-deal report
demo, hundreds of killed writers. Asking it of a few is what catches a bug while a change is
being made; asking it of all is what keeps the promise. So the README's ``pytest`` runs each
sweep's short variant, which still fails on the bug the sweep guards against, and the full
length carries the mark ``heavy``: skipped by default (with a one-line reason in the summary),
run with ``--run-heavy`` or ``DEALBOARD_HEAVY=1``. CI runs them as their own step after the
README's command (``pytest -n 0 --run-heavy -m heavy``, .ci/run), as it runs the benchmarks.

A test module picks its full-length parameters with ``heavy`` (a mark for ``pytest.param``)
and asks ``heavy_enabled(config)`` where a module fixture must size itself for the run.
"""

from __future__ import annotations

import os

import pytest

HEAVY_HINT = "full-length sweep: run with --run-heavy or DEALBOARD_HEAVY=1 (CI's own step)"

# The mark of a full-length variant, for ``pytest.param(..., marks=heavy)``.
heavy = pytest.mark.heavy


def pytest_addoption(parser: pytest.Parser) -> None:
    """The switch that runs the full-length variants too."""
    parser.addoption(
        "--run-heavy",
        action="store_true",
        default=False,
        help="also run the full-length sweeps and heavy variants (same as DEALBOARD_HEAVY=1)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Declare the mark."""
    config.addinivalue_line("markers", f"heavy: {HEAVY_HINT}")


def heavy_enabled(config: pytest.Config) -> bool:
    """Tell whether the full-length variants were asked for."""
    flag = config.getoption("--run-heavy", default=False)
    return bool(flag) or os.environ.get("DEALBOARD_HEAVY", "") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the full-length variants unless they were asked for."""
    if heavy_enabled(config):
        return
    skip = pytest.mark.skip(reason=HEAVY_HINT)
    for item in items:
        if "heavy" in item.keywords:
            item.add_marker(skip)
