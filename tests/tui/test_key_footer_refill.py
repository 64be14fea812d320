"""The footer shows new keys in the key widgets it has, and shows what a rebuild would."""

from __future__ import annotations

from itertools import pairwise

import pytest
from textual.compose import compose
from textual.widgets._footer import FooterKey

from tests.tui.board_steps import open_phases
from tests.tui.conftest import screen_text, settle
from tui.widgets.key_footer import KeyFooter


def shown(footer: KeyFooter) -> list[tuple[object, ...]]:
    """Each key widget of the footer: what it shows, in order."""
    return [content(key) for key in footer.children if isinstance(key, FooterKey)]


def content(key: FooterKey) -> tuple[object, ...]:
    """What one key widget shows and does."""
    return (
        key.key,
        key.key_display,
        key.description,
        key.action,
        key._disabled,
        key.tooltip,
        sorted(key.classes),
    )


async def walk(make_app, *, refill: bool, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Start, open the phases, move between its tables: footer and screen at each step."""
    if not refill:

        async def rebuild(self: KeyFooter, plan: object) -> bool:
            return False

        monkeypatch.setattr(KeyFooter, "_refill", rebuild)
    app = make_app(live_refresh=None)
    seen: list[object] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        seen.append((shown(app.screen.query_one(KeyFooter)), screen_text(app)))
        widgets: list[list[object]] = []
        await open_phases(pilot, app)
        for key in ("tab", "shift+tab", "tab"):
            await pilot.press(key)
            await settle(pilot, app)
            footer = app.screen.query_one(KeyFooter)
            # What a rebuild would mount now, key by key.
            with footer._context():  # composed as the footer composes them
                composed = [key for key in compose(footer) if isinstance(key, FooterKey)]
            assert shown(footer) == [content(key) for key in composed]
            seen.append((shown(footer), screen_text(app)))
            widgets.append(list(footer.children))
        await pilot.press("escape")
        await settle(pilot, app)
        seen.append((shown(app.screen.query_one(KeyFooter)), screen_text(app)))
    # How many key widgets each change of the footer kept.
    seen.append([sum(key in after for key in before) for before, after in pairwise(widgets)])
    return seen


async def test_the_refilled_footer_shows_what_a_rebuilt_one_shows(make_app, monkeypatch):
    refilled = await walk(make_app, refill=True, monkeypatch=monkeypatch)
    rebuilt = await walk(make_app, refill=False, monkeypatch=monkeypatch)
    assert refilled[:-1] == rebuilt[:-1]
    # The phases' tables offer other keys: the footer changed on each step.
    assert len({str(step[0]) for step in refilled[1:4]}) == 2
    # A rebuild replaced every key widget; the refill kept them and changed what they show.
    assert rebuilt[-1] == [0, 0]
    assert min(refilled[-1]) >= 5
