"""The command line's language: chosen once per run, and the amounts, dates and statuses typed in it.

``main`` makes a language current before anything else (the user's choice, else the login's
locale) and again once the database is open (its ``language`` setting comes before the
locale; ``models.domain.language``). Then the arguments people type an amount, a date or a
status in are read in that language (``models.domain.typed_input``) and replaced by the
neutral form the operations take, so ``--value 12.500,00`` in Dutch reaches ``create_deal``
as ``12500.00``.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from typing import Any

from models.domain.errors import ValidationError
from models.domain.i18n import current_language, set_language
from models.domain.language import (
    LANGUAGE_ENV,
    known_language,
    lang_notice,
    lang_option,
    locale_language,
    resolve_language,
)
from models.domain.typed_input import (
    applies_to_words,
    parse_amount,
    parse_applies_to,
    parse_day,
    parse_status_filter,
    status_words,
)
from models.domain.validation import cents_to_decimal_string


def early_language(words: Sequence[str]) -> str:
    """The language to parse the command line in (its help and errors), before ``args`` exist.

    ``--lang`` read from the words as they are, else ``DEALBOARD_LANG``, else the locale;
    a value dealboard does not speak is passed over here and refused once parsed.
    """
    chosen: str | None = None
    for index, word in enumerate(words):
        if word == "--":
            break
        if word == "--lang" and index + 1 < len(words):
            chosen = words[index + 1]
        elif word.startswith("--lang="):
            chosen = word.removeprefix("--lang=")
    given = known_language(chosen) if chosen is not None else None
    env_choice = known_language(os.environ.get(LANGUAGE_ENV, ""))
    return given or env_choice or locale_language(os.environ)


def lang_type(value: str) -> str:
    """Check ``--lang`` for argparse: ``en`` or ``nl``, else a sentence naming both."""
    try:
        return lang_option(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def creation_language(args: argparse.Namespace) -> str:
    """The language before a database speaks: ``--lang``, ``DEALBOARD_LANG``, the locale.

    A database created now is seeded in it (its phase and reason names, its setting).
    """
    return resolve_language(args.lang, os.environ, None)


def choose_language(args: argparse.Namespace, *, created: bool) -> str | None:
    """Make the session's language current once the database is open; return the ``--lang`` notice.

    The notice says what ``--lang`` does on a database that existed already and speaks
    another language; None otherwise (and on a database ``created`` now, which took it).
    """
    from models.operations.settings import stored_language

    stored = stored_language()
    set_language(resolve_language(args.lang, os.environ, stored))
    return None if created else lang_notice(args.lang, stored)


def settle_language(args: argparse.Namespace) -> str | None:
    """Once the database is open: its language current, typed arguments read; the notice.

    The notice (None when there is nothing to say) tells what ``--lang`` changes on a
    database that existed already and speaks another language.
    """
    from models.storage.database import current_info

    notice = choose_language(args, created=current_info().created)
    read_typed_arguments(args, current_language())
    return notice


def _amount(text: str, lang: str, field: str) -> str:
    return cents_to_decimal_string(parse_amount(text, lang, field))


def _date(text: str, lang: str, field: str) -> str:
    day = parse_day(text, lang, field)
    return "" if day is None else day.isoformat()


Reader = Callable[[str, str, str], str]
# Per command and verb: which arguments hold an amount or a date typed by people, read how,
# and the field their messages name.
TYPED_ARGUMENTS: dict[tuple[str, str | None], dict[str, tuple[Reader, str]]] = {
    ("deal", "add"): {
        "value": (_amount, "value"),
        "expected_close": (_date, "expected_close"),
        "next_step_date": (_date, "next_step_date"),
    },
    ("deal", "edit"): {
        "value": (_amount, "value"),
        "expected_close": (_date, "expected_close"),
        "next_step_date": (_date, "next_step_date"),
    },
    ("report", None): {
        "date_from": (_date, "from"),
        "date_to": (_date, "to"),
        "as_of": (_date, "as_of"),
    },
}
WordReader = Callable[[str, str], str]
WordList = Callable[[str], tuple[str, ...]]
# Per command and verb: the option holding a status word, read how, the words it may be.
WORD_ARGUMENTS: dict[tuple[str, str | None], tuple[str, WordReader, WordList]] = {
    ("deal", "list"): (
        "status",
        lambda text, lang: parse_status_filter(text, lang).value,
        lambda lang: status_words(lang, filters=True),
    ),
    ("export", None): (
        "status",
        lambda text, lang: parse_status_filter(text, lang).value,
        lambda lang: status_words(lang, filters=True),
    ),
    ("reason", "add"): (
        "applies_to",
        lambda text, lang: parse_applies_to(text, lang).value,
        applies_to_words,
    ),
    ("reason", "edit"): (
        "applies_to",
        lambda text, lang: parse_applies_to(text, lang).value,
        applies_to_words,
    ),
}


def read_typed_arguments(args: argparse.Namespace, lang: str) -> None:
    """Replace typed amounts, dates and status words in ``args`` by their neutral form.

    An empty text stays empty (``--expected-close ""`` clears the date). A status word not
    read in ``lang`` is a usage error, as argparse's own choices were (exit 2).
    """
    key = (str(args.command), getattr(args, "verb", None))
    for name, (read, field) in TYPED_ARGUMENTS.get(key, {}).items():
        text = getattr(args, name, None)
        if isinstance(text, str) and text.strip():
            setattr(args, name, read(text, lang, field))
    if key not in WORD_ARGUMENTS:
        return
    name, read_word, words = WORD_ARGUMENTS[key]
    word = getattr(args, name, None)
    if isinstance(word, str):
        try:
            setattr(args, name, read_word(word, lang))
        except ValidationError:
            option = "--" + name.replace("_", "-")
            choices = ", ".join(map(repr, words(lang)))
            parser: Any = args.group_parser
            parser.error(f"argument {option}: invalid choice: {word!r} (choose from {choices})")
