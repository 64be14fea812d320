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
- **Handing out the tests.** xdist's ``loadgroup`` scheduler makes every test without a group
  a work unit of its own and keeps every unit it ever gave a worker; after each test it
  counts the tests still to run over all of them, and it finds each test's place in the
  collection with a list search. Both grow with the square of the run's length: with some
  4,000 tests that was about 1 s of the first process's 8 s of CPU (taken from the workers
  on a 2-core machine); ten times the tests would make it a hundred times as much.
  ``FinishedUnitsDropped`` forgets a unit once all its tests are done and looks the places up
  in a table; which test goes to which worker, and when, stays xdist's decision.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from xdist.scheduler import LoadGroupScheduling

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


class FinishedUnitsDropped(LoadGroupScheduling):
    """xdist's ``loadgroup`` scheduling, without re-reading finished work after every test.

    Both methods below follow xdist 3.x's own (``LoadScopeScheduling``); the difference is
    what they keep: a finished unit leaves the worker's list, and a worker's collection is
    indexed once. xdist reads that list to count the tests a worker still has (for handing
    out more, for knowing the run is over) and to find the tests a crashed worker left
    (which go back into the queue): finished units count for nothing in either.
    """

    def __init__(self, config: pytest.Config, log: Any = None) -> None:
        super().__init__(config, log)
        self._places: dict[Any, dict[str, int]] = {}

    def mark_test_complete(self, node: Any, item_index: int, duration: float = 0) -> None:
        """Mark a test done; forget its unit once every test of it is done; hand out more."""
        nodeid = self.registered_collections[node][item_index]
        scope = self._split_scope(nodeid)
        workload = self.assigned_work[node]
        work_unit = workload[scope]
        work_unit[nodeid] = True
        if all(work_unit.values()):
            del workload[scope]
        self._reschedule(node)

    def _assign_work_unit(self, node: Any) -> None:
        """Give the worker the next unit, naming its tests by their place in its collection."""
        scope, work_unit = self.workqueue.popitem(last=False)
        self.assigned_work.setdefault(node, {})[scope] = work_unit
        places = self._places.get(node)
        if places is None:
            collection = self.registered_collections[node]
            places = self._places[node] = {nodeid: i for i, nodeid in enumerate(collection)}
        node.send_runtest_some(
            [places[nodeid] for nodeid, completed in work_unit.items() if not completed]
        )


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """The scheduler for ``--dist loadgroup`` (the run's default); xdist's for any other."""
    if config.getvalue("dist") != "loadgroup":
        return None
    return FinishedUnitsDropped(config, log)
