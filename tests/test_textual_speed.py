"""The test run's Textual settings (tests/textual_speed.py) are in place and change no result."""

from __future__ import annotations

import textual._wait
from textual.css.stylesheet import Stylesheet

from tests import textual_speed

CSS = "Label { color: $text; }"


def test_the_settings_are_applied_to_the_names_textual_uses() -> None:
    assert textual_speed.apply()
    assert textual._wait.SLEEP_GRANULARITY == textual_speed.IDLE_WINDOW
    assert textual._wait.SLEEP_IDLE == textual_speed.IDLE_CPU
    assert getattr(Stylesheet._parse_rules, "shared", False)


def test_applying_twice_wraps_the_parser_once() -> None:
    textual_speed.apply()
    wrapped = Stylesheet._parse_rules
    textual_speed.apply()
    assert Stylesheet._parse_rules is wrapped


def _rules(variables: dict[str, str]) -> list[str]:
    sheet = Stylesheet(variables=variables)
    sheet.add_source(CSS, read_from=("test", "speed"))
    sheet.parse()
    return [rule.css for rule in sheet.rules]


def test_two_stylesheets_share_what_was_parsed_for_the_same_css_and_variables() -> None:
    textual_speed.apply()
    first = Stylesheet(variables={"text": "red"})
    second = Stylesheet(variables={"text": "red"})
    parsed = [
        sheet._parse_rules(CSS, ("test", "shared"), False, 0, "") for sheet in (first, second)
    ]
    assert parsed[0] is parsed[1]


def test_other_theme_variables_parse_anew() -> None:
    textual_speed.apply()
    red, blue = _rules({"text": "red"}), _rules({"text": "blue"})
    assert "#FF0000" in red[0] and "#0000FF" in blue[0]
    assert _rules({"text": "red"}) == red
