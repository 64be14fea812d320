"""The footer's keys: measured once, yet as wide as what they show after any change.

``MeasuredKey`` keeps each key's width for its texts and paddings instead of rendering the
key at every layout; these tests change each of those (another focus, ``compact``, a theme,
Dutch words in the same process) and check each key is as wide as its text is now. The keys
themselves are those Textual's ``Footer`` makes for the same bindings, translated.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.cells import cell_len
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tests.tui.board_steps import open_phases
from tests.tui.conftest import FIXED_NOW, screen_text, settle
from tui.app import DealboardApp
from tui.i18n import _
from tui.screens.board import BoardScreen
from tui.widgets.key_footer import HELP_KEY, KeyFooter, MeasuredKey

THEME = "textual-light"


def keys(app: DealboardApp) -> list[FooterKey]:
    """The key widgets of the screen's footer, in order."""
    return list(app.screen.query_one(KeyFooter).query(FooterKey))


def assert_measured(app: DealboardApp) -> None:
    """Each key is as wide as its text now, and the footer line shows it whole."""
    line = screen_text(app).splitlines()[app.size.height - 1]
    shown = keys(app)
    assert shown and all(type(key) is MeasuredKey for key in shown)
    for key in shown:
        text = key.render().plain
        assert key.size.width == cell_len(text), (key.key, text, key.size)
        assert text.strip() in line, (text, line)


def textual_keys(footer: KeyFooter) -> list[tuple[object, ...]]:
    """What Textual's own footer makes for the keys this footer shows, translated, help last."""
    actions = [key.action for key in footer.query(FooterKey)]
    with footer._context():  # composed as Textual composes them
        made = [key for key in Footer.compose(footer) if isinstance(key, FooterKey)]
    chosen = [key for key in made if key.action in actions]
    chosen.sort(key=lambda key: key.key == HELP_KEY)  # the help key last, the rest in order
    return [
        (
            key.key,
            key.key_display,
            _(key.description) if key.description else "",
            key.action,
            key._disabled,
            _(str(key.tooltip)) if key.tooltip else None,
        )
        for key in chosen
    ]


def our_keys(footer: KeyFooter) -> list[tuple[object, ...]]:
    """What this footer's keys show and do."""
    return [
        (key.key, key.key_display, key.description, key.action, key._disabled, key.tooltip)
        for key in footer.query(FooterKey)
    ]


async def test_keys_are_as_wide_as_their_text_after_focus_changes(make_app):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert_measured(app)
        footer = app.screen.query_one(KeyFooter)
        assert our_keys(footer) == textual_keys(footer)
        before = [key.description for key in keys(app)]
        await open_phases(pilot, app)
        assert_measured(app)
        for key in ("tab", "shift+tab"):  # the phases' tables offer other keys
            await pilot.press(key)
            await settle(pilot, app)
            assert_measured(app)
            footer = app.screen.query_one(KeyFooter)
            assert our_keys(footer) == textual_keys(footer)
        await pilot.press("escape")
        await settle(pilot, app)
        assert [key.description for key in keys(app)] == before
        assert_measured(app)


def remeasure(app: DealboardApp) -> None:
    """Have every key measured again, as any later change of what it shows would.

    Textual lays a key out again when its own styles change, not when only the paddings of
    its parts (its component classes) do, so a key that kept its text keeps its old width
    until then (Textual 8.2, with or without ``MeasuredKey``).
    """
    for key in keys(app):
        key.refresh(layout=True)


async def test_a_key_that_cannot_act_now_is_dimmed_as_textual_dims_it(make_app, monkeypatch):
    dimmed = {"new_deal"}  # dimmed from the start: the key is made so

    def check_action(self: BoardScreen, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action in dimmed else True  # None: shown, but dimmed

    monkeypatch.setattr(BoardScreen, "check_action", check_action)
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        footer = app.screen.query_one(KeyFooter)
        for wanted in ({"new_deal"}, set(), {"new_deal"}):  # then shown in the keys there
            if wanted != dimmed:
                dimmed.clear()
                dimmed.update(wanted)
                app.screen.refresh_bindings()
                await settle(pilot, app)
            shown = {key.action: key for key in keys(app)}
            assert shown["new_deal"]._disabled == bool(wanted)
            assert shown["new_deal"].has_class("-disabled") == bool(wanted)
            assert our_keys(footer) == textual_keys(footer)
            assert_measured(app)


async def test_a_wider_style_measures_the_keys_again(make_app):
    """``compact`` off pads each key: the same texts, wider keys, and fewer fit."""
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        narrow = {key.key: key.size.width for key in keys(app)}
        footer = app.screen.query_one(KeyFooter)
        footer.compact = False
        await settle(pilot, app)
        remeasure(app)
        await settle(pilot, app)
        assert_measured(app)
        wide = {key.key: key.size.width for key in keys(app)}
        assert all(wide[key] == narrow[key] + 2 for key in wide if key != HELP_KEY)
        assert len(wide) < len(narrow)
        footer.compact = True
        await settle(pilot, app)
        remeasure(app)
        await settle(pilot, app)
        assert_measured(app)
        assert {key.key: key.size.width for key in keys(app)} == narrow


def footer_picture(app: Any) -> list[str]:
    """The footer line as painted, with its colours."""
    strip = app.screen._compositor.render_strips()[app.size.height - 1]
    return [f"{segment.style}|{segment.text}" for segment in strip]


@pytest.mark.paints_frames
async def test_a_new_theme_paints_the_keys_as_an_app_started_in_it(make_app):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        old = footer_picture(app)
        app.theme = THEME
        await settle(pilot, app)
        assert_measured(app)
        seen = footer_picture(app)
        # Every key's text in the new theme's colours (none kept from the old theme).
        assert [part for part in seen if part.split("|")[1].strip()] == [
            part for part in seen if part.split("|")[1].strip() and part not in old
        ]

    fresh = make_app(live_refresh=None)
    fresh.theme = THEME
    async with fresh.run_test(size=(80, 24)) as pilot:
        await settle(pilot, fresh)
        assert footer_picture(fresh) == seen


async def test_dutch_keys_after_english_ones_are_measured_in_dutch(make_app):
    """Widths are kept across apps in one process: Dutch words get their own."""
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        english = {key.key: (key.description, key.size.width) for key in keys(app)}
        assert_measured(app)

    dutch = DealboardApp(user="tester", clock=lambda: FIXED_NOW, live_refresh=None, lang="nl")
    async with dutch.run_test(size=(80, 24)) as pilot:
        await settle(pilot, dutch)
        assert_measured(dutch)
        shown = {key.key: (key.description, key.size.width) for key in keys(dutch)}
        footer = dutch.screen.query_one(KeyFooter)
        assert our_keys(footer) == textual_keys(footer)
    assert shown[HELP_KEY][0] != english[HELP_KEY][0]
    longer = [key for key in shown if key in english and shown[key][1] > english[key][1]]
    assert longer, (english, shown)  # Dutch descriptions are longer
