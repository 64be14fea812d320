"""The command line's language: chosen once per run, before the arguments are parsed.

``main`` makes a language current before anything else (the user's choice, else the login's
locale) and again once the database is open (its ``language`` setting comes before the
locale; ``models.domain.language``). Starting the app needs this module, so it stays light:
reading the amounts, dates and statuses typed in a command's arguments in that language is
``tui.cli.typed_arguments``, loaded only when a command runs.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from models.domain.i18n import SOURCE_LANGUAGE, current_language, set_language
from models.domain.language import (
    LANGUAGE_ENV,
    known_language,
    lang_notice,
    lang_option,
    locale_language,
    resolve_language,
)
from tui.i18n import N_, _

# What ``--lang`` does on a database that existed already and speaks another language, per
# language chosen: whole sentences (the language's name is part of each), said in that language.
LANG_NOTICES = {
    "en": N_(
        "--lang en shows this session's screens and messages in English; it does not change"
        " the database: its language setting stays {setting} and its phase and reason names"
        " stay as configured. To make English the team's language: dealboard setting set"
        " language en."
    ),
    "nl": N_(
        "--lang nl shows this session's screens and messages in Dutch; it does not change"
        " the database: its language setting stays {setting} and its phase and reason names"
        " stay as configured. To make Dutch the team's language: dealboard setting set"
        " language nl."
    ),
}


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
    return None if created else lang_notice_text(args.lang, stored)


def lang_notice_text(cli_lang: str | None, stored: str | None) -> str | None:
    """The ``--lang`` notice in the current language; None when there is nothing to say.

    ``models.domain.language.lang_notice`` decides whether there is something to say (and
    checks the value); this says it, in the session's language.
    """
    if cli_lang is None or lang_notice(cli_lang, stored) is None:
        return None
    lang = lang_option(cli_lang)
    setting = known_language(stored) if stored else None
    return _(LANG_NOTICES[lang]).format(setting=setting or SOURCE_LANGUAGE)


def settle_language(args: argparse.Namespace) -> str | None:
    """Once the database is open: its language current, typed arguments read; the notice.

    The notice (None when there is nothing to say) tells what ``--lang`` changes on a
    database that existed already and speaks another language.
    """
    from models.storage.database import current_info

    notice = choose_language(args, created=current_info().created)
    if args.command is not None:  # the app types nothing in its arguments
        from tui.cli.typed_arguments import read_typed_arguments

        read_typed_arguments(args, current_language())
    return notice
