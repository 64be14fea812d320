"""`dealboard person …`: the people who work in dealboard, their logins and display names."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from models.operations import people
from models.storage.schema import Person
from tui.cli.context import CliContext
from tui.i18n import _
from tui.output import print_json, printable, table

AddParser = Callable[[Any, str, str], argparse.ArgumentParser]


def person_dict(person: Person) -> dict[str, Any]:
    """A person as ``--json`` prints them."""
    return {
        "id": person.id,
        "login": person.login,
        "name": person.name,
        "archived": bool(person.archived),
    }


def _done(person: Person, args: argparse.Namespace, sentence: str) -> None:
    if args.json:
        print_json(person_dict(person))
    else:
        print(printable(sentence))


def cmd_person_list(args: argparse.Namespace, ctx: CliContext) -> None:
    """List every person by login, archived ones marked."""
    rows = [person_dict(person) for person in people.all_people()]
    if args.json:
        print_json(rows)
        return
    table(
        ["Id", _("Login"), _("Name"), _("Archived")],
        [[r["id"], r["login"], r["name"], _("archived") if r["archived"] else ""] for r in rows],
        limits={1: 30, 2: 40},
        right=(0,),
    )


def cmd_person_add(args: argparse.Namespace, ctx: CliContext) -> None:
    """Add a person; print their id."""
    person = people.add_person(args.login, args.name)
    print_json(person_dict(person)) if args.json else print(person.id)


def cmd_person_edit(args: argparse.Namespace, ctx: CliContext) -> None:
    """Change a person's display name."""
    person = people.edit_person(args.login, name=args.name)
    _done(
        person,
        args,
        _("{login} is now shown as {name}.").format(login=person.login, name=person.name),
    )


def _archiver(archived: bool) -> Callable[[argparse.Namespace, CliContext], None]:
    def handler(args: argparse.Namespace, ctx: CliContext) -> None:
        person = people.set_person_archived(args.login, archived)
        done = (
            _("{name} ({login}) is archived.")
            if archived
            else _("{name} ({login}) is active again.")
        )
        _done(person, args, done.format(name=person.name, login=person.login))

    handler.__doc__ = "Archive a person." if archived else "Bring an archived person back."
    return handler


def register(commands: Any, add: AddParser) -> None:
    """Add `person` with its verbs to the parser."""
    verbs = add(commands, "person", _("list and manage the people who own deals")).add_subparsers(
        dest="verb", metavar="VERB"
    )

    def verb(
        name: str, help_text: str, handler: Callable[..., None], *, writes: bool
    ) -> argparse.ArgumentParser:
        sub = add(verbs, name, help_text)
        sub.set_defaults(handler=handler, writes=writes)
        sub.add_argument("--json", action="store_true", help=_("print machine-readable JSON"))
        return sub

    verb("list", _("list people by login, archived ones marked"), cmd_person_list, writes=False)
    sub = verb(
        "add", _("add a person: a login and the name deals show"), cmd_person_add, writes=True
    )
    sub.add_argument("login", metavar="LOGIN", help=_("the login changes are recorded under"))
    sub.add_argument("--name", required=True, help=_("the name shown as a deal's owner"))
    sub = verb("edit", _("change a person's display name"), cmd_person_edit, writes=True)
    sub.add_argument("login", metavar="LOGIN")
    sub.add_argument("--name", required=True, help=_("the new display name"))
    for name, archived, help_text in (
        ("archive", True, _("no longer suggest a person as an owner")),
        ("unarchive", False, _("suggest an archived person again")),
    ):
        verb(name, help_text, _archiver(archived), writes=True).add_argument(
            "login", metavar="LOGIN"
        )
