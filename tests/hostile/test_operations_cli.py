"""A sample of the corpus through ``dealboard`` commands: stored as the rules say, or refused."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.corpus import CORPUS, sample
from tests.hostile.corpus_entry import Hostile
from tests.hostile.expected import (
    REFUSED,
    expected_cents,
    expected_date,
    expected_name,
    expected_probability,
    expected_text,
    is_readable_message,
)
from tests.hostile.operations_helpers import Store, ids, short
from tests.tui.cli.conftest import cli_db, run  # noqa: F401  (fixtures for the command line)


def newest_deal(store: Store) -> int:
    return store.value("SELECT MAX(id) FROM deal")


# -- the command line ---------------------------------------------------------------------

# The command line takes what a shell can pass: no NUL, no lone surrogates.
CLI_SAMPLE = sample(
    [entry for entry in CORPUS if "\x00" not in entry.value and not entry.has_surrogate], 12
)


@pytest.mark.parametrize("entry", CLI_SAMPLE, ids=ids(CLI_SAMPLE))
def test_command_line(
    run: Any,  # noqa: F811
    cli_db: Path,  # noqa: F811
    template: Path,
    request: pytest.FixtureRequest,
    entry: Hostile,
) -> None:
    shutil.copyfile(template, cli_db)
    store = Store(cli_db)
    request.addfinalizer(store.close)
    value = entry.value
    assert run("deal", "add", "Base").code == 0
    commands: list[tuple[tuple[str, ...], Any, Callable[[], Any]]] = [
        (
            ("deal", "add", "Hostile", f"--organization={value}"),
            expected_text("organization", value),
            lambda: store.deal(newest_deal(store), "organization"),
        ),
        (
            ("deal", "edit", "1", f"--title={value}"),
            expected_text("title", value, required=True),
            lambda: store.deal(1, "title"),
        ),
        (
            ("deal", "edit", "1", f"--note={value}"),
            expected_text("note", value),
            lambda: store.deal(1, "note"),
        ),
        (
            ("deal", "edit", "1", f"--value={value}"),
            expected_cents(value),
            lambda: store.deal(1, "value_cents"),
        ),
        (
            ("deal", "edit", "1", f"--probability={value}"),
            expected_probability(value, empty_clears=True),
            lambda: store.deal(1, "probability_override"),
        ),
        (
            ("deal", "edit", "1", f"--expected-close={value}"),
            expected_date(value),
            lambda: store.deal(1, "expected_close"),
        ),
        (
            ("phase", "edit", "Order", f"--name={value}"),
            expected_name("phase", value, [n for n in store.names("phase") if n != "Order"]),
            lambda: store.value("SELECT name FROM phase WHERE id = 5"),
        ),
    ]
    problems = []
    for argv, expected, read in commands:
        before = store.dump()
        result = run(*argv)
        what = " ".join(argv[:3])
        if result.code == 0:
            if expected is REFUSED:
                problems.append(f"{what}: accepted although the rules refuse it")
            elif read() != expected:
                problems.append(f"{what}: stored {short(read())}, the rules say {short(expected)}")
            continue
        lines = result.err.splitlines()
        message = result.err.removeprefix("dealboard: ").rstrip("\n")
        if result.code != 1 or len(lines) != 1 or not result.err.startswith("dealboard: "):
            problems.append(f"{what}: exit {result.code}, stderr {short(result.err)}")
        elif "internal error" in message or (wrong := is_readable_message(message)):
            problems.append(f"{what}: message {short(message)}: {wrong or 'a crash'}")
        if expected is not REFUSED:
            problems.append(f"{what}: refused ({short(message)}), the rules say {short(expected)}")
        if store.fresh_dump() != before:
            problems.append(f"{what}: refused, yet the database changed")
    assert not problems, f"{entry.id}:\n" + "\n".join(problems)
