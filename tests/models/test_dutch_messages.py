"""Messages the models give about files, the database file and owners, in both languages."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.domain import i18n
from models.domain.owner_names import FIRST_NAME, LOGIN_AS_OWNER, LookAlike, look_alike_sentence
from models.storage.safe_files import FileSafetyError, check_destination, os_problem, shown


@pytest.fixture
def dutch() -> Iterator[None]:
    i18n.set_language("nl")
    yield
    i18n.set_language("en")


def test_os_problems_in_english() -> None:
    denied = PermissionError(errno.EACCES, "Permission denied")
    assert os_problem(denied, "/srv/x.csv") == "Cannot write /srv/x.csv: permission denied."
    other = OSError(errno.EIO, "Input/output error")
    assert os_problem(other, "/srv/x.csv") == "Cannot write /srv/x.csv: Input/output error."


def test_os_problems_in_dutch(dutch: None) -> None:
    denied = PermissionError(errno.EACCES, "Permission denied")
    assert os_problem(denied, "/srv/x.csv") == "Kan /srv/x.csv niet schrijven: geen toestemming."
    full = OSError(errno.ENOSPC, "No space left on device")
    assert os_problem(full, "/srv/x.csv") == (
        "Kan /srv/x.csv niet schrijven: de schijf is vol; er is niets geschreven."
    )


def test_an_existing_file_is_refused_in_the_sessions_language(tmp_path: Path) -> None:
    target = tmp_path / "deals.csv"
    target.write_text("")
    with pytest.raises(FileSafetyError) as english:
        check_destination(target, overwrite=False)
    assert (
        str(english.value)
        == f"{shown(target)} already exists; choose another name or use --force to replace it."
    )
    i18n.set_language("nl")
    try:
        with pytest.raises(FileSafetyError) as dutch:
            check_destination(target, overwrite=False, replace_hint="")
    finally:
        i18n.set_language("en")
    assert str(dutch.value) == f"{shown(target)} bestaat al; kies een andere naam."


@pytest.mark.parametrize(
    ("deals", "english", "dutch"),
    [
        (1, "1 deal shows owner 'anna', the login of 'Anna de Vries'", "1 deal heeft eigenaar"),
        (3, "3 deals show owner 'anna', the login of 'Anna de Vries'", "3 deals hebben eigenaar"),
    ],
)
def test_look_alike_owners_are_counted_in_both_languages(
    deals: int, english: str, dutch: str
) -> None:
    item = LookAlike(LOGIN_AS_OWNER, "anna", deals, ("Anna de Vries",), "anna")
    assert look_alike_sentence(item).startswith(english)
    i18n.set_language("nl")
    try:
        assert look_alike_sentence(item).startswith(dutch)
        first = LookAlike(FIRST_NAME, "Anna", deals, ("Anna de Vries",), None)
        assert "de voornaam van 'Anna de Vries'" in look_alike_sentence(first)
    finally:
        i18n.set_language("en")
