"""Which language a session speaks: --lang, DEALBOARD_LANG, the database's setting, the locale."""

from __future__ import annotations

import pytest

from models.domain.errors import ValidationError
from models.domain.language import (
    lang_notice,
    lang_option,
    locale_language,
    resolve_language,
)


@pytest.mark.parametrize(
    ("cli", "env", "setting", "expected"),
    [
        ("nl", {"DEALBOARD_LANG": "en", "LANG": "en_US.UTF-8"}, "en", "nl"),  # --lang first
        ("en", {"DEALBOARD_LANG": "nl"}, "nl", "en"),
        (None, {"DEALBOARD_LANG": "nl", "LANG": "en_US.UTF-8"}, "en", "nl"),  # then the env
        (None, {"DEALBOARD_LANG": " NL "}, "en", "nl"),
        (None, {"DEALBOARD_LANG": "", "LANG": "en_US.UTF-8"}, "nl", "nl"),  # empty: unset
        (None, {"LANG": "en_US.UTF-8"}, "nl", "nl"),  # then the team's setting
        (None, {"LANG": "nl_NL.UTF-8"}, "en", "en"),
        (None, {"LANG": "nl_NL.UTF-8"}, None, "nl"),  # then the locale
        (None, {"LANG": "nl_NL.UTF-8"}, "de", "nl"),  # a stored value not spoken: passed over
        (None, {}, None, "en"),
    ],
)
def test_resolution_order(cli, env, setting, expected) -> None:
    assert resolve_language(cli, env, setting) == expected


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LC_ALL": "nl_NL.UTF-8", "LANG": "en_US.UTF-8"}, "nl"),  # LC_ALL overrides
        ({"LC_ALL": "C", "LANG": "nl_NL.UTF-8"}, "en"),
        ({"LC_MESSAGES": "nl_BE.UTF-8", "LANG": "en_GB"}, "nl"),
        ({"LC_ALL": "", "LANG": "nl_NL"}, "nl"),  # empty counts as unset
        ({"LANG": "nl"}, "nl"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_locale(env, expected) -> None:
    assert locale_language(env) == expected


def test_an_unknown_dealboard_lang_is_refused_with_the_choices() -> None:
    with pytest.raises(ValidationError) as caught:
        resolve_language(None, {"DEALBOARD_LANG": "de"}, "nl")
    assert str(caught.value) == (
        "DEALBOARD_LANG='de' is not a language dealboard speaks; set it to en (English) or"
        " nl (Dutch), or unset it."
    )


def test_lang_option() -> None:
    assert lang_option("NL") == "nl"
    with pytest.raises(
        ValueError,
        match=r"'de' is not a language dealboard speaks; choose en \(English\) or nl \(Dutch\)",
    ):
        lang_option("de")


def test_the_notice_says_what_lang_changes_and_what_not() -> None:
    notice = lang_notice("nl", "en")
    assert notice == (
        "--lang nl shows this session's screens and messages in Dutch; it does not change the"
        " database: its language setting stays en and its phase and reason names stay as"
        " configured. To make Dutch the team's language: dealboard setting set language nl."
    )
    assert lang_notice("nl", "nl") is None  # nothing to say: the team speaks it already
    assert lang_notice(None, "en") is None
    assert lang_notice("en", None) is None
    assert "stays en" in (lang_notice("nl", None) or "")
