"""The amounts, dates and status words people type in a command's arguments, read in a language.

Once the database is open and the session's language is current (``tui.cli.language``), the
arguments people type an amount, a date or a status in are read in that language
(``models.domain.typed_input``) and replaced by the neutral form the operations take, so
``--value 12.500,00`` in Dutch reaches ``create_deal`` as ``12500.00``. Loaded only when a
command runs: starting the app reads none of them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from models.domain.errors import ValidationError
from models.domain.typed_input import (
    applies_to_words,
    parse_amount,
    parse_applies_to,
    parse_day,
    parse_status_filter,
    status_words,
)
from models.domain.validation import cents_to_decimal_string


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
