"""Which language a session speaks: the user's choice, else the team's, else the login's locale.

The order: ``--lang``, then ``DEALBOARD_LANG`` (both the user's own choice), then the
database's ``language`` setting (the team's choice), then the login's locale (the first of
``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set: ``nl…`` is Dutch, anything else English).
A database created now has no setting yet, so it gets the language the user chose, else the
locale's. The command line resolves the language once per run and makes it current
(``models.domain.i18n.set_language``); the app and the commands read it from there.

Nothing here reads the environment itself: the caller passes it in.
"""

from __future__ import annotations

from collections.abc import Mapping

from models.domain.errors import ValidationError
from models.domain.i18n import LANGUAGES, SOURCE_LANGUAGE
from models.domain.validation import shown

LANGUAGE_ENV = "DEALBOARD_LANG"
LOCALE_ENV = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX: the first one set decides
LANGUAGE_NAMES = {"en": "English", "nl": "Dutch"}

UNKNOWN_LANG_OPTION = (
    "{value} is not a language dealboard speaks; choose en (English) or nl (Dutch)"
)
UNKNOWN_LANG_ENV = (
    "DEALBOARD_LANG={value} is not a language dealboard speaks; set it to en (English) or"
    " nl (Dutch), or unset it."
)
# What ``--lang`` does on a database that existed already (said once, at start).
LANG_NOTICE = (
    "--lang {lang} shows this session's screens and messages in {name}; it does not change"
    " the database: its language setting stays {setting} and its phase and reason names stay"
    " as configured. To make {name} the team's language: dealboard setting set language {lang}."
)


def known_language(value: str) -> str | None:
    """``en`` or ``nl`` for a language code in any case (spaces around ignored), else None."""
    code = value.strip().lower()
    return code if code in LANGUAGES else None


def lang_option(value: str) -> str:
    """Check ``--lang``: ``en`` or ``nl``; ``ValueError`` with a sentence listing both."""
    code = known_language(value)
    if code is None:
        raise ValueError(UNKNOWN_LANG_OPTION.format(value=shown(value)))
    return code


def locale_language(env: Mapping[str, str]) -> str:
    """The login's language from its locale: ``nl`` for ``nl_NL.UTF-8`` or ``nl_BE``, else ``en``."""
    for name in LOCALE_ENV:
        value = env.get(name, "").strip()
        if value:
            return "nl" if value.lower().startswith("nl") else SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def user_language(cli_lang: str | None, env: Mapping[str, str]) -> str | None:
    """The user's own choice: ``--lang``, else ``DEALBOARD_LANG``; None when neither is given.

    A ``DEALBOARD_LANG`` that names no language dealboard speaks is refused (a
    ``ValidationError``) rather than silently ignored.
    """
    if cli_lang:
        return lang_option(cli_lang)
    value = env.get(LANGUAGE_ENV, "")
    if not value.strip():
        return None
    code = known_language(value)
    if code is None:
        raise ValidationError("language", UNKNOWN_LANG_ENV.format(value=shown(value)))
    return code


def resolve_language(cli_lang: str | None, env: Mapping[str, str], db_setting: str | None) -> str:
    """The session's language: ``--lang``, ``DEALBOARD_LANG``, the database's, the locale's.

    ``db_setting`` is the database's stored ``language`` (None when it has none, or before a
    database is open); a stored value dealboard does not speak is passed over.
    """
    chosen = user_language(cli_lang, env)
    if chosen is not None:
        return chosen
    team = known_language(db_setting) if db_setting else None
    return team or locale_language(env)


def lang_notice(cli_lang: str | None, db_setting: str | None) -> str | None:
    """What ``--lang`` does on an existing database, when it differs from the team's language.

    None when ``--lang`` was not given or says what the database already speaks.
    """
    if not cli_lang:
        return None
    lang = lang_option(cli_lang)
    setting = known_language(db_setting) if db_setting else None
    if lang == (setting or SOURCE_LANGUAGE):
        return None
    return LANG_NOTICE.format(
        lang=lang, name=LANGUAGE_NAMES[lang], setting=setting or SOURCE_LANGUAGE
    )
