"""The gettext catalogs are complete, current and compiled (docs/development.md, Translations)."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from models.domain import i18n
from models.domain.money import format_compact, format_money

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("models", "tui")
CATALOGS = sorted(ROOT.glob("*/locale/*/LC_MESSAGES/*.po"))


def load(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def ids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {message.id for message in catalog if message.id}


@pytest.fixture(autouse=True)
def english_after() -> object:
    yield
    i18n.set_language("en")


def test_every_package_has_a_dutch_catalog() -> None:
    for package in PACKAGES:
        assert (ROOT / package / "locale" / "nl" / "LC_MESSAGES" / f"{package}.po").is_file()
    assert len(CATALOGS) == len(PACKAGES)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalog_is_complete(path: Path) -> None:
    """No message untranslated (no empty plural form either) and none marked fuzzy."""
    catalog = load(path)
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (not message.string or (isinstance(message.string, tuple) and not all(message.string)))
    ]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_translations_keep_the_placeholders(path: Path) -> None:
    """A translation names the same ``{fields}`` as its message, or formatting would fail."""
    wrong = []
    for message in load(path):
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set().union(*(placeholders(text) for text in sources))
        for target in targets:
            # A plural form may leave out the count ("één deal"), never add or drop a field.
            found = placeholders(target)
            if not found <= wanted or not wanted - {"count"} <= found:
                wrong.append((message.id, target))
    assert wrong == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalog_matches_its_po(path: Path) -> None:
    """The committed .mo holds exactly what compiling the .po gives (run pybabel compile)."""
    mo_path = path.with_suffix(".mo")
    assert mo_path.is_file(), f"{mo_path} is missing: run pybabel compile"
    fresh = io.BytesIO()
    write_mo(fresh, load(path))
    fresh.seek(0)
    with mo_path.open("rb") as file:
        committed = gettext.GNUTranslations(file)
    expected = gettext.GNUTranslations(fresh)
    assert committed._catalog == expected._catalog  # type: ignore[attr-defined]


@pytest.mark.parametrize("package", PACKAGES)
def test_catalog_holds_every_message_of_the_code(package: str) -> None:
    """Every message marked in the code is in the catalog (run pybabel extract and update)."""
    found: set[str | tuple[str, ...]] = set()
    for _filename, _line, message, _comments, context in extract_from_dir(
        str(ROOT / package), method_map=[("**.py", "python")], keywords=DEFAULT_KEYWORDS
    ):
        found.add(message if isinstance(message, str) else tuple(m for m in message if m))
        del context
    catalog = ids(load(ROOT / package / "locale" / "nl" / "LC_MESSAGES" / f"{package}.po"))
    singular = {m if isinstance(m, str) else m[0] for m in catalog}
    missing = sorted(str(m) for m in found if (m if isinstance(m, str) else m[0]) not in singular)
    assert missing == []


def test_messages_follow_the_current_language() -> None:
    from tui.i18n import ngettext as tui_ngettext

    assert i18n._("Title") == "Title"
    i18n.set_language("nl")
    assert i18n._("Title") == "Titel"
    assert i18n._("a message no catalog has") == "a message no catalog has"
    message = ("{count} deal; * = probability override", "{count} deals; * = probability override")
    assert tui_ngettext(*message, 1).format(count=1) == "1 deal; * = eigen kans"
    assert tui_ngettext(*message, 3).format(count=3) == "3 deals; * = eigen kans"
    i18n.set_language("en")
    assert i18n._("Title") == "Title"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language 'de'"):
        i18n.set_language("de")


def test_numbers_percentages_and_money_per_language() -> None:
    assert i18n.format_percent(0.75, language="en") == "75%"
    assert i18n.format_percent(0.75, language="nl") == "75 %"
    assert i18n.format_percent(0.755, decimals=1, language="nl") == "75,5 %"
    assert i18n.format_percent(0.755, decimals=1, language="en") == "75.5%"
    assert i18n.format_number(12500.5, decimals=2, language="nl") == "12.500,50"
    assert format_money(1_250_000, "EUR", "nl") == "€ 12.500,00"
    assert format_money(1_250_000, "EUR", "en") == "€12,500.00"
    assert format_compact(2_650_000, "EUR", "nl") == "€ 26,5k"


def test_dates_and_months_per_language() -> None:
    today = dt.date(2026, 12, 2)
    assert i18n.format_short_date(dt.date(2027, 1, 31), today, "en") == "Jan '27"
    assert i18n.format_short_date(dt.date(2027, 3, 5), today, "nl") == "mrt '27"
    assert i18n.format_short_date(dt.date(2026, 12, 31), today, "nl") == "31 dec"
    assert i18n.format_date(dt.date(2027, 1, 31), "nl") == "31-01-2027"
    assert i18n.format_date(dt.date(2027, 1, 31), "en") == "2027-01-31"
    i18n.set_language("nl")
    assert i18n.month_abbreviation(10) == "okt"


def test_catalog_files_live_under_their_package() -> None:
    for path in CATALOGS:
        assert re.fullmatch(
            r"(models|tui)/locale/nl/LC_MESSAGES/\1\.po", str(path.relative_to(ROOT))
        )
