"""When two owner spellings look like one person, for ``dealboard check``.

Owners are free text on each deal, so one person can drift into several spellings ("anna",
"Anna de Vries", "anna de vries") and the reports then count several owners. Three rules
name a spelling that probably means someone already known, and who:

- ``login_as_owner``: the owner is a person's login (any case) while that person has
  another name — the login was taken as the owner before the person was added.
- ``same_name``: two spellings are equal apart from case, white space and accents
  (``Anna de Vries``, ``anna devries``, ``Anna de Vriës``). The spelling kept is a person's
  name if one is, else the most used one.
- ``first_name``: a one-word owner is the first name of a longer name in use or of a
  person (``anna`` and ``Anna de Vries``).

Each spelling is named once, by the first rule that fits. These are guesses, not errors: two
colleagues may share a first name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from models.domain.i18n import ngettext

LOGIN_AS_OWNER = "login_as_owner"
SAME_NAME = "same_name"
FIRST_NAME = "first_name"
RULES = (LOGIN_AS_OWNER, SAME_NAME, FIRST_NAME)


@dataclass(frozen=True)
class LookAlike:
    """An owner spelling that looks like someone known: which rule, and whom it resembles."""

    rule: str  # one of RULES
    owner: str  # the spelling on the deals
    deals: int  # how many deals show it
    same_as: tuple[str, ...]  # the spellings or people's names it resembles, most used first
    login: str | None  # the login of the person it resembles, when it is a person's


def name_key(name: str) -> str:
    """``name`` without case, white space and accents: equal keys look like one name."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(
        char for char in decomposed if not char.isspace() and unicodedata.category(char) != "Mn"
    )


def first_name(name: str) -> str | None:
    """The first word of a name of several words, else None."""
    words = name.split()
    return words[0] if len(words) > 1 else None


def look_alike_owners(
    owners: Mapping[str, int], people: Iterable[tuple[str, str]]
) -> list[LookAlike]:
    """The owner spellings in use (``owners``: spelling → deals) that look like someone known.

    ``people`` are (login, name) pairs, archived people included. In rule order, then by
    spelling.
    """
    persons = list(people)
    by_login = {login.casefold(): (login, name) for login, name in persons}
    login_of_name = {name: login for login, name in persons}
    known = dict(owners)
    for _, name in persons:
        known.setdefault(name, 0)

    def ranked(names: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(set(names), key=lambda name: (-known[name], name)))

    found: list[LookAlike] = []
    named: set[str] = set()
    for owner in sorted(owners):
        person = by_login.get(owner.casefold())
        if person is not None and name_key(person[1]) != name_key(owner):
            found.append(LookAlike(LOGIN_AS_OWNER, owner, owners[owner], (person[1],), person[0]))
            named.add(owner)

    groups: dict[str, list[str]] = {}
    for name in known:
        groups.setdefault(name_key(name), []).append(name)
    for spellings in groups.values():
        if len(spellings) < 2:
            continue
        kept = ranked(name for name in spellings if name in login_of_name) or ranked(spellings)
        for owner in sorted(spellings):
            if owner != kept[0] and owner in owners and owner not in named:
                found.append(
                    LookAlike(
                        SAME_NAME, owner, owners[owner], (kept[0],), login_of_name.get(kept[0])
                    )
                )
                named.add(owner)

    firsts: dict[str, list[str]] = {}
    for name in known:
        first = first_name(name)
        if first is not None:
            firsts.setdefault(name_key(first), []).append(name)
    for owner in sorted(owners):
        if owner in named or first_name(owner) is not None or not owner.strip():
            continue
        longer = firsts.get(name_key(owner))
        if longer:
            same_as = ranked(longer)
            login = login_of_name.get(same_as[0]) if len(same_as) == 1 else None
            found.append(LookAlike(FIRST_NAME, owner, owners[owner], same_as, login))
            named.add(owner)
    order = {rule: index for index, rule in enumerate(RULES)}
    return sorted(found, key=lambda item: (order[item.rule], item.owner))


def look_alike_sentence(item: LookAlike) -> str:
    """One sentence for ``check``: how many deals show the spelling, and whom it looks like."""
    count, owner = item.deals, repr(item.owner)
    if item.rule == LOGIN_AS_OWNER:
        return ngettext(
            "{count} deal shows owner {owner}, the login of {login}: the same person under two"
            " names.",
            "{count} deals show owner {owner}, the login of {login}: the same person under two"
            " names.",
            count,
        ).format(count=count, owner=owner, login=repr(item.same_as[0]))
    others = ", ".join(repr(name) for name in item.same_as)
    if item.rule == SAME_NAME:
        return ngettext(
            "{count} deal shows owner {owner}, which differs from {others} only in case, spaces"
            " or accents.",
            "{count} deals show owner {owner}, which differs from {others} only in case, spaces"
            " or accents.",
            count,
        ).format(count=count, owner=owner, others=others)
    return ngettext(
        "{count} deal shows owner {owner}, the first name of {others}.",
        "{count} deals show owner {owner}, the first name of {others}.",
        count,
    ).format(count=count, owner=owner, others=others)
