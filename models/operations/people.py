"""Operations on people: who works in dealboard, under which login, shown by which name.

A person ties a login (the name changes are recorded under: ``--user`` or the OS login) to
the name deals show as their owner, so a new deal's owner is "Anna de Vries" whoever
creates it, not sometimes ``anna``. ``default_owner`` is that rule, the one place the
command line and the app take a new deal's owner from.

Logins are unique without regard to case, like phase and reason names. Changes to people
are plain rows like phases and reasons: no deal history, and live refresh notices them as
any other commit (SQLite's ``data_version``; on PostgreSQL the ``person`` triggers of
migration 0009).
"""

from __future__ import annotations

import unicodedata

from models.domain.errors import NotFound, RuleError, ValidationError
from models.domain.i18n import _
from models.domain.validation import clean_text, shown
from models.storage.database import write_operation
from models.storage.schema import Person

LOGIN_LIMIT: int = Person.login.max_length


def clean_login(value: object) -> str:
    """Return the trimmed login, or raise ``ValidationError``: not empty, no white space.

    A login is one word as a system prints it: no space, tab or line break inside, no
    control, bidi or other invisible formatting character.
    """
    if not isinstance(value, str):
        raise ValidationError("login", _("A login must be text."))
    login = value.strip()
    if not login:
        raise ValidationError("login", _("A login cannot be empty."))
    if len(login) > LOGIN_LIMIT:
        raise ValidationError(
            "login",
            _("A login is at most {login_limit} characters; this one has {len_login}.").format(
                login_limit=LOGIN_LIMIT, len_login=len(login)
            ),
        )
    for char in login:
        if char.isspace():
            raise ValidationError(
                "login",
                _("A login is one word without spaces; {shown_login} has white space.").format(
                    shown_login=shown(login)
                ),
            )
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            kind = _("a control character") if category == "Cc" else _("an invisible character")
            raise ValidationError(
                "login",
                _("Login {shown_login} contains {kind} (U+{ord_char:04X}); remove it.").format(
                    shown_login=shown(login), kind=kind, ord_char=ord(char)
                ),
            )
    return login


def clean_person_name(value: object) -> str:
    """Return the trimmed display name, or raise ``ValidationError`` (required, printable)."""
    return clean_text("name", value, required=True)


def all_people(*, include_archived: bool = True) -> list[Person]:
    """Every person (or only the active ones), by login."""
    query = Person.select()
    if not include_archived:
        query = query.where(Person.archived == False)  # noqa: E712
    return sorted(query, key=lambda person: (person.login.casefold(), person.id))


def person_by_login(login: str) -> Person | None:
    """The person whose login is ``login`` (any case), or None."""
    wanted = login.strip().casefold()
    if not wanted:
        return None
    for person in Person.select():
        if person.login.casefold() == wanted:
            return person
    return None


def find_person(login: str | Person) -> Person:
    """The person with this login (any case); ``NotFound`` otherwise."""
    if isinstance(login, Person):
        return login
    person = person_by_login(login) if isinstance(login, str) else None
    if person is None:
        raise NotFound(
            _("There is no person with login {shown_login}.").format(shown_login=shown(login))
        )
    return person


def default_owner(login: str) -> str:
    """A new deal's owner for the acting ``login``: the person's name, else the login itself.

    An archived person still gets their own name: it is still them.
    """
    person = person_by_login(login)
    if person is None or not isinstance(person.name, str) or not person.name.strip():
        return login
    return person.name


def _refuse_taken(login: str) -> None:
    taken = person_by_login(login)
    if taken is not None:
        state = _(", archived") if taken.archived else ""
        raise ValidationError(
            "login",
            _(
                "A person with login {taken_login!r} already exists ({taken_name}{state}); logins are unique, whatever their case."
            ).format(taken_login=taken.login, taken_name=taken.name, state=state),
        )


@write_operation
def add_person(login: str, name: str) -> Person:
    """Add a person with a unique login and a display name."""
    clean = clean_login(login)
    display = clean_person_name(name)
    _refuse_taken(clean)
    return Person.create(login=clean, name=display, archived=False)


@write_operation
def edit_person(login: str | Person, *, name: str) -> Person:
    """Change a person's display name (their deals keep the owner they show)."""
    person = find_person(login)
    person.name = clean_person_name(name)
    Person.update(name=person.name).where(Person.id == person.id).execute()
    return person


@write_operation
def set_person_archived(login: str | Person, archived: bool = True) -> Person:
    """Archive a person (no longer suggested as an owner) or bring them back."""
    person = find_person(login)
    if bool(person.archived) == archived:
        state = _("archived") if archived else _("active")
        raise RuleError(
            _("{person_name} ({person_login}) is already {state}.").format(
                person_name=person.name, person_login=person.login, state=state
            )
        )
    Person.update(archived=archived).where(Person.id == person.id).execute()
    person.archived = archived
    return person
