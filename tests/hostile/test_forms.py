"""Typing corpus values into the forms: stored exactly, or refused beside the field.

A sample of the corpus that a person can type (no control characters, at most 40
characters) goes key by key into the new-deal form (n) and into the detail screen's fields,
then ctrl+s. Either the database holds exactly what the rules say, or the form shows the
domain's own message next to the field and nothing was written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.widgets import Static

from models.domain.errors import ValidationError
from models.domain.typed_input import parse_amount
from models.domain.validation import clean_text, parse_date, parse_probability
from tests.conftest import table_snapshot
from tests.hostile.corpus import BY_ID
from tests.hostile.corpus_entry import Hostile
from tests.hostile.expected import (
    REFUSED,
    expected_cents,
    expected_date,
    expected_probability,
    expected_text,
)
from tests.tui.conftest import db_file as db_file  # the small pipeline of tests/tui
from tests.tui.conftest import make_app as make_app
from tests.tui.conftest import pipeline_template as pipeline_template  # db_file copies it
from tests.tui.conftest import query, screen_text, settle, type_text
from tests.tui.conftest import utc_timezone as utc_timezone  # autouse: times shown in UTC
from tui.modals.form import FormModal
from tui.screens.detail import DealScreen


def pilot_can_type(text: str) -> bool:
    """Whether Textual's pilot can send every character as a key press.

    It sends letters and digits of any script and ASCII punctuation; other characters
    (emoji, combining marks, joiners, dashes) arrive as keys without a character, which an
    input ignores. Those values reach the same validators in test_operations.
    """
    return all(char.isalnum() or (char.isascii() and char.isprintable()) for char in text)


def chosen(*idents: str) -> list[Hostile]:
    """Corpus entries by id; typing costs about 70 ms a key, so the sample is short values."""
    entries = [BY_ID[ident] for ident in idents]
    for entry in entries:
        assert entry.typeable and pilot_can_type(entry.value), entry.id
    return entries


# Short values, each case showing something: markup kept, trimming, an empty title, other
# scripts, decimal commas and thousands separators, signs, exotic digits, impossible dates.
NEW_TITLES = chosen("markup-bold", "spaces")
NEW_MONEYS = chosen("num-thousands-dutch")
NEW_DATES = chosen("date-feb-31", "date-padded")
DETAIL_TITLES = chosen("hebrew")
DETAIL_ORGANIZATIONS = chosen("sql-or-true", "like-mixed")
DETAIL_MONEYS = chosen("num-minus", "num-arabic-indic")
DETAIL_PROBABILITIES = chosen("num-0100", "num-percent")
DETAIL_DATES = chosen("date-dutch-order")


def english_amount(value: str) -> int:
    """An amount as the forms read it in an English session (these tests run in English)."""
    return parse_amount(value, "en")


async def saved(pilot: Any, app: Any) -> None:
    """Wait for the save's worker and the reload it starts."""
    for _ in range(2):
        await app.workers.wait_for_complete()
        await pilot.pause()


def domain_message(check: Callable[[], object]) -> str | None:
    """The sentence the domain layer refuses a value with, or None when it takes it."""
    try:
        check()
    except ValidationError as error:
        return str(error)
    return None


def shown_error(app: Any, field: str) -> str:
    """The message the current screen shows beside ``field`` (empty when none)."""
    widget = app.screen.query_one(f"#error-{field}", Static)
    return str(widget.content) if widget.has_class("-shown") else ""


async def type_into(pilot: Any, app: Any, selector: str, value: str) -> None:
    """Focus an input, clear it with the keyboard, and type ``value`` key by key."""
    app.screen.query_one(selector).focus()
    await pilot.pause()
    await pilot.press("end", "ctrl+u")
    await type_text(pilot, value)


# -- the new-deal form --------------------------------------------------------------------

# (field, the form's input, what the rules store, how the domain refuses it, column)
NEW_DEAL_CASES: list[tuple[str, Hostile, Any, Callable[[], object], str]] = []
for entry in NEW_TITLES:
    NEW_DEAL_CASES.append(
        (
            "title",
            entry,
            expected_text("title", entry.value, required=True),
            lambda value=entry.value: clean_text("title", value, required=True),
            "title",
        )
    )
for entry in NEW_MONEYS:
    NEW_DEAL_CASES.append(
        (
            "value",
            entry,
            expected_cents(entry.value or "0"),
            lambda value=entry.value: english_amount(value or "0"),
            "value_cents",
        )
    )
for entry in NEW_DATES:
    NEW_DEAL_CASES.append(
        (
            "expected_close",
            entry,
            expected_date(entry.value),
            lambda value=entry.value: parse_date(value),
            "expected_close",
        )
    )


async def test_new_deal_form(make_app: Callable[..., Any], db_file: Path) -> None:
    app = make_app()
    problems: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        for field, entry, expected, check, column in NEW_DEAL_CASES:
            what = f"{entry.id} as {field}"
            before = table_snapshot(db_file)
            last_id = query(db_file, "SELECT MAX(id) FROM deal")[0][0]
            await pilot.press("n")
            await settle(pilot, app)
            assert isinstance(app.screen, FormModal), what
            if field != "title":
                await type_into(pilot, app, "#field-title", "T")
            await type_into(pilot, app, f"#field-{field}", entry.value)
            await pilot.press("ctrl+s")
            await saved(pilot, app)
            rows = query(db_file, f"SELECT {column} FROM deal WHERE id > ?", last_id)
            if expected is REFUSED:
                message = domain_message(check)
                if not isinstance(app.screen, FormModal):
                    problems.append(f"{what}: the form closed although the rules refuse it")
                    continue
                if shown_error(app, field) != message:
                    problems.append(
                        f"{what}: beside the field {shown_error(app, field)!r},"
                        f" expected {message!r}"
                    )
                if table_snapshot(db_file) != before:
                    problems.append(f"{what}: refused, yet the database changed")
                await pilot.press("escape")
                await settle(pilot, app)
            elif isinstance(app.screen, FormModal):
                errors = [shown_error(app, name) for name in ("title", field)]
                problems.append(f"{what}: refused ({errors}) but the rules store {expected!r}")
                await pilot.press("escape")
                await settle(pilot, app)
            elif rows != [(expected,)]:
                problems.append(f"{what}: stored {rows!r}, the rules say {expected!r}")
        assert app.is_running
    assert not problems, "\n".join(problems)


# -- the detail screen --------------------------------------------------------------------

# (input name, column, entries, what the rules store, how the domain refuses it)
DETAIL_FIELDS: list[tuple[str, str, list[Hostile], Callable[[str], Any], Callable[[str], Any]]]
DETAIL_FIELDS = [
    (
        "title",
        "title",
        DETAIL_TITLES,
        lambda value: expected_text("title", value, required=True),
        lambda value: clean_text("title", value, required=True),
    ),
    (
        "organization",
        "organization",
        DETAIL_ORGANIZATIONS,
        lambda value: expected_text("organization", value),
        lambda value: clean_text("organization", value),
    ),
    ("value", "value_cents", DETAIL_MONEYS, expected_cents, english_amount),
    (
        "probability_override",
        "probability_override",
        DETAIL_PROBABILITIES,
        lambda value: expected_probability(value, empty_clears=True),
        parse_probability,
    ),
    ("expected_close", "expected_close", DETAIL_DATES, expected_date, parse_date),
]


async def test_detail_screen_fields(make_app: Callable[..., Any], db_file: Path) -> None:
    app = make_app()
    problems: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, DealScreen)
        deal_id = screen.deal_id
        for name, column, entries, rules, check in DETAIL_FIELDS:
            for entry in entries:
                what = f"{entry.id} in {name}"
                expected = rules(entry.value)
                before = table_snapshot(db_file)
                await type_into(pilot, app, f"#input-{name}", entry.value)
                await pilot.press("ctrl+s")
                await saved(pilot, app)
                stored = query(db_file, f"SELECT {column} FROM deal WHERE id = ?", deal_id)
                if expected is REFUSED:
                    message = domain_message(lambda: check(entry.value))  # noqa: B023
                    if shown_error(app, name) != message:
                        problems.append(
                            f"{what}: beside the field {shown_error(app, name)!r},"
                            f" expected {message!r}"
                        )
                    if table_snapshot(db_file) != before:
                        problems.append(f"{what}: refused, yet the database changed")
                    screen.load()  # forget the refused input before the next field
                    await saved(pilot, app)
                elif stored != [(expected,)]:
                    errors = shown_error(app, name) or screen_text(app).splitlines()[-1]
                    problems.append(
                        f"{what}: stored {stored!r}, the rules say {expected!r} ({errors})"
                    )
                    screen.load()
                    await settle(pilot, app)
        assert app.is_running
    assert not problems, "\n".join(problems)
