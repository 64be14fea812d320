"""The run's hooks and what every test gets: an isolated home, English, no unexpected errors.

The hooks here run each test that asks for ``backend`` on SQLite and PostgreSQL; the database
fixtures themselves (``db``, ``rows``, ``raw``, ``db_snapshot``, …) are in
``tests/db_fixtures.py``, loaded below as a plugin. ``ACTOR``, ``query_rows`` and
``table_snapshot`` can still be imported from here.

Keeping the default run under 3 minutes on 2 cores (``pytest --durations=20`` names the
slowest):

- A database comes from ``db`` (a copy), never from migrating one, unless creating it is
  the point (``fresh_database``).
- On PostgreSQL a connection costs ~25 ms: read from outside with ``rows``, ``db_snapshot``,
  ``query_rows`` or ``table_snapshot``, which share the connection ``PgPool`` keeps to the
  test's database; open one of your own (``raw``) only to write as another client would.
- Pilot tests type a string into a field with ``type_text`` (one burst of key events, one
  wait; ``tests/tui/conftest.py``) and press keys that move the focus or open a screen one at
  a time with ``pilot.press``; they wait with ``settle``, never with a fixed sleep.
- A module-scoped fixture (a replayed demo, the hostile corpus) keeps its module on one
  xdist worker (``tests/xdist_plan.py``): build it once per module.
- A real process costs ~0.3 s of CPU to start: build a test's data in-process (one
  transaction where the rows allow) and start processes only for the step whose behaviour
  as a process is checked (the save that meets the full disk, the command that finds the
  damage).
- The garbage collector runs less often than Python's default (``GC_THRESHOLDS`` below).
- Where the number of repetitions is the point (a soak, hundreds of openings), the default
  run keeps a short variant that still fails on the bug it guards against, and the full
  length runs with the benchmarks in their own CI step (``pytest -n 0 tests/bench``), as
  ``tests/tui/test_memory.py`` and ``tests/bench/test_memory_soak.py`` do.
"""

from __future__ import annotations

import gc
import itertools
import logging
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from _pytest.tmpdir import tmppath_result_key

from tests import textual_speed
from tests.backends import BACKENDS, query_rows, table_snapshot

# Imported here, before pytest loads it as a plugin (below): pytest rewrites a module's asserts
# only when asked to before its first import.
pytest.register_assert_rewrite("tests.db_fixtures")
from tests.db_fixtures import ACTOR, pg_problem  # noqa: E402

# How the run is spread over the xdist workers; the full-length sweeps' switch; compiled
# modules shared by the run's processes; the database fixtures.
pytest_plugins = ("tests.xdist_plan", "tests.full_length", "tests.bytecode", "tests.db_fixtures")

__all__ = ["ACTOR", "assert_readable", "query_rows", "table_snapshot"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that uses ``backend`` on SQLite and PostgreSQL, unless marked for one."""
    if "backend" not in metafunc.fixturenames:
        return
    marked = metafunc.definition.get_closest_marker
    backends = list(BACKENDS)
    if marked("sqlite_only") or "db_path" in metafunc.fixturenames:
        backends = ["sqlite"]
    elif marked("postgresql_only"):
        backends = ["postgresql"]
    params = [pytest.param(name, marks=[getattr(pytest.mark, name)]) for name in backends]
    metafunc.parametrize("backend", params, indirect=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Fold the skipped PostgreSQL variants into one summary line instead of one per test."""
    report = yield
    longrepr = report.longrepr
    if report.skipped and isinstance(longrepr, tuple) and "PostgreSQL variants" in longrepr[2]:
        # No line: the variants skipped at collection (``pytest_collection_modifyitems``) are
        # summed up without one, and those that reach ``pg_server_url`` join their line.
        report.longrepr = (__file__, None, longrepr[2])
    return report


# The cyclic garbage collector's default first threshold (700 new objects) made it a quarter
# of a pilot test's CPU time: every app leaves thousands of objects in cycles, and each full
# collection walks all the modules, fixtures and test items as well. Objects are still freed
# (by reference counting at once, cycles a little later); a test that counts what is alive
# calls gc.collect() itself, as tests/tui/test_memory.py does.
GC_THRESHOLDS = (50_000, 20, 20)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Leave what collection built out of later garbage collections, and collect less often."""
    gc.collect()
    gc.freeze()  # the imported modules and the collected tests live to the end anyway
    gc.set_threshold(*GC_THRESHOLDS)
    # Cheaper pilot tests: shorter idle checks and CSS parsed once (tests/textual_speed.py).
    textual_speed.apply()


@pytest.hookimpl(trylast=True)  # after the session's fixtures are torn down
def pytest_sessionfinish(session: pytest.Session) -> None:
    """Collect the run's garbage until none is left, then leave the survivors out of later passes.

    At the end pytest collects five times in a row (so that an object's ``__del__`` that fails
    is reported as an unraisable exception); each pass walked every object the tests left alive,
    some 400,000 per worker, about 1.3 s of CPU per worker while the last tests still ran. The
    same garbage is collected here, each pass finalizing what the one before freed, until a
    pass finds nothing: pytest's passes then find nothing to collect either, now in no time,
    and any failing ``__del__`` is still reported, as before.
    """
    for _ in range(5):
        if not gc.collect():
            break
    gc.freeze()


# The logger ``tui.dbwork`` reports every "Unexpected error" toast on (its UNEXPECTED_LOG);
# named here rather than imported, so the domain tests do not load Textual.
UNEXPECTED_LOG = "dealboard.unexpected"


class _Collect(logging.Handler):
    """Keeps every record it is given."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def unexpected_errors() -> Iterator[list[logging.LogRecord]]:
    """What the app reported as "Unexpected error" during the test: any left fails the test.

    A bug in a database worker or in one of its callbacks does not crash the app, it becomes
    a toast; without this the pilot test that caused it would pass. A test that provokes one
    on purpose checks the list and clears it.
    """
    handler = _Collect()
    logger = logging.getLogger(UNEXPECTED_LOG)
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """Fail the test during which the app reported an unexpected error (see above)."""
    result = yield
    records = getattr(item, "funcargs", {}).get("unexpected_errors")
    if records:
        shown = "\n".join(logging.Formatter().format(record) for record in records[:3])
        pytest.fail(f"the app reported {len(records)} unexpected error(s):\n{shown}")
    return result


_TEST_DIRECTORIES = itertools.count()


@pytest.fixture
def tmp_path(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """pytest's ``tmp_path``, numbered by a counter instead of a listing of its neighbours.

    pytest gives each test's directory the number after the highest one among those already
    in the worker's base directory, which it lists each time: the listing grows with every
    test, to about 2 ms a test by the end of a worker's 1,900 (every test has one, see
    ``isolated_environment``). The directory is the same otherwise: new and empty, in the
    same base directory, named after the test, kept or removed as ``tmp_path_retention_policy``
    says.
    """
    name = re.sub(r"[\W]", "_", request.node.name)[:30]
    path = tmp_path_factory.mktemp(f"{name}-{next(_TEST_DIRECTORIES)}", numbered=False)
    yield path
    passed = request.node.stash.get(tmppath_result_key, {}).get("call", True)
    if tmp_path_factory._retention_policy == "failed" and passed:  # as pytest's fixture does
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the developer's own database, home and config."""
    home = tmp_path / "home"
    (home / ".local" / "share").mkdir(parents=True)
    (home / ".config").mkdir(parents=True)
    monkeypatch.delenv("DEALBOARD_DB", raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    # The session's language follows these (models.domain.language): English unless a test
    # chooses another.
    for name in ("DEALBOARD_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return home


@pytest.fixture(autouse=True)
def english_session() -> Iterator[None]:
    """Every test starts and ends with English current (a command or app may change it)."""
    from models.domain.i18n import set_language

    set_language("en")
    yield
    set_language("en")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without a server, skip the PostgreSQL variants before any of their fixtures is set up.

    The same skip as ``pg_server_url``'s (tests/db_fixtures.py), decided once: some 900
    variants each set up a test directory, a home and the session's language before reaching
    that fixture (about 9 ms each, 8 s of CPU in all). In CI the fixture still fails them
    instead.
    """
    problem = pg_problem()
    if problem is None or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=problem)
    for item in items:
        if item.get_closest_marker("postgresql") or "pg_server_url" in item.fixturenames:
            item.add_marker(skip)


def assert_readable(message: str) -> None:
    """A message for users: one sentence, capitalised, ending in a full stop, no internals."""
    assert message, "the error has no message"
    assert "\n" not in message, f"not one line: {message!r}"
    first = message[0]
    assert first.isupper() or first.isdigit() or first in "'\"#/~.", (
        f"does not start with a capital: {message!r}"
    )
    assert message.endswith("."), f"does not end with a full stop: {message!r}"
    assert len(message) < 400, f"too long for a user: {message!r}"
    for internal in (
        "Traceback",
        "peewee",
        "sqlite3.",
        "psycopg2",
        "IntegrityError",
        "<Phase",
        "<Deal",
    ):
        assert internal not in message, f"leaks internals: {message!r}"


@pytest.fixture
def refused(db_snapshot: Callable[[], dict[str, Any]]) -> Callable[..., BaseException]:
    """Run a call that must fail: check the error type, its message, and that no row changed.

    ``refused(ValidationError, lambda: …, match="regex")`` returns the error for more checks.
    """
    import re

    def check(
        error_type: type[BaseException], call: Callable[[], object], match: str | None = None
    ) -> BaseException:
        before = db_snapshot()
        with pytest.raises(error_type) as caught:
            call()
        after = db_snapshot()
        assert after == before, "the database changed although the operation was refused"
        message = str(caught.value)
        assert_readable(message)
        if match is not None:
            assert re.search(match, message), f"{match!r} not in {message!r}"
        return caught.value

    return check
