"""How the test run is spread over xdist workers: how many, and which tests share one.

Loaded by ``tests/conftest.py`` (``pytest_plugins``). The README's ``pytest`` runs with
``-n auto --dist loadgroup`` (pyproject.toml's addopts); ``-n N`` on the command line still
wins.

- **How many workers.** A pilot test waits as well as computes: for the app to go idle, for a
  real ``dealboard`` process another test starts, for a database worker. With one worker per
  core those waits left a core idle. Two workers per core keep the cores busy: on a quiet
  2-core machine the README's ``pytest`` took 6 min 25 s with 2 workers, 5 min 3 s with 3
  and 4 min 48 s with 4 (December 2026, 3,161 tests). Each extra worker costs its own
  collection and templates (about 8 s of CPU), so not more.
- **Which tests share one.** A module-scoped fixture (a demo database of thousands of deals,
  the hostile corpus) is built by every worker that runs one of its tests, so a module with
  one runs on a single worker; so do the tests of the session fixtures named below.
"""

from __future__ import annotations

import os

import pytest

# Workers per core for ``-n auto``.
WORKERS_PER_CORE = 2

# Fixtures whose tests share one xdist worker: the copy of the installed packages that the
# runs as other OS users need (tests/faults/conftest.py; 70 MB per worker otherwise), and the
# replayed demo of the report cross-checks (tests/models/conftest.py; ~4 s of CPU to build),
# and the smaller demos several modules build alike (``demo_copy``, same place), and the
# hostile corpus the display modules copy (tests/hostile/display_helpers.py; ~3 s of CPU).
_SHARED_SESSION_FIXTURES = {
    "pylib": "other-os-users",
    "report_demo": "report-demo",
    "demo_copy": "demo-copies",
    "hostile_corpus": "hostile-corpus",
}


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """The number of workers ``-n auto`` starts: more than the cores, as explained above."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    return cores * WORKERS_PER_CORE


@pytest.hookimpl(tryfirst=True)  # before xdist reads the marks (``--dist loadgroup``)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the tests that share an expensive fixture on one xdist worker.

    A module-scoped fixture (a demo database of thousands of deals, the hostile corpus) is
    built by every worker that runs one of its tests, so a module with one runs on a single
    worker; so do the tests named in ``_SHARED_SESSION_FIXTURES``.
    """
    for item in items:
        info = getattr(item, "_fixtureinfo", None)  # pytest's record of the test's fixtures
        if info is None:
            continue
        group = None
        for name in info.names_closure:
            if name in _SHARED_SESSION_FIXTURES:
                group = _SHARED_SESSION_FIXTURES[name]
                break
            if any(fixture.scope == "module" for fixture in info.name2fixturedefs.get(name, ())):
                group = item.nodeid.split("::")[0]
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))
