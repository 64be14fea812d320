"""Every theme the palette offers keeps every text at 4.5:1 or more (WCAG 2 level AA).

One app run at 80×24 on a fixed demo database walks the board (board and list view, every
status, the search field), a deal's detail screen and every management tab, switching the
theme in place as the palette does, and measures each picture in every theme segment by
segment (``tests/tui/theme_contrast.py``). The walk runs once per module (``theme_walk``);
each theme's test checks that theme's readings, and a failure names its worst segments:
where, what text, which colours.

A sweep (tests/full_length.py): the default run walks the default theme and the light one
whose muted text once vanished (``SHORT_WALK``); every offered theme is walked in CI's own
step (``--run-heavy``), where each other theme's test runs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
from textual.color import Color
from textual.command import CommandList
from textual.theme import BUILTIN_THEMES

from models.demo.build import build_demo
from models.domain.i18n import set_language
from models.storage.database import open_database
from tests.conftest import UNEXPECTED_LOG, _Collect
from tests.full_length import heavy, heavy_enabled
from tests.tui.conftest import FIXED_NOW, settle, type_text
from tests.tui.theme_contrast import MINIMUM_CONTRAST, Reading, visit
from tui.app import DealboardApp
from tui.themes import OFFERED_THEMES, contrast, readable, readable_variables
from tui.widgets.report_view import TABS

# The themes of the default run's walk: the app's default and the light theme whose muted
# text was once white on white.
SHORT_WALK = frozenset({"textual-dark", "textual-light"})


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo database (every status, reasons, competitors, history), built once."""
    path = tmp_path_factory.mktemp("contrast") / "demo.sqlite"
    build_demo(path, deals=60, seed=1, now=FIXED_NOW)
    return path


@pytest.fixture
def demo_app(demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DealboardApp:
    """The app on the demo database, with the fixed clock and no live refresh."""
    monkeypatch.delenv("DEALBOARD_DB", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    open_database(demo_file)
    return DealboardApp(user="tester", clock=lambda: FIXED_NOW, live_refresh=None)


@dataclass(frozen=True)
class ThemeWalk:
    """What one walk through the app saw: each theme's readings, and any unexpected error."""

    readings: dict[str, list[Reading]]
    errors: list[str]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def theme_walk(
    demo_file: Path, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> AsyncIterator[ThemeWalk]:
    """The walked themes' readings of every screen state, from one app run per module.

    Module-scoped, so the function-scoped autouse fixtures (tests/conftest.py,
    tests/tui/conftest.py) have not run yet: the run gets the same isolated home, English,
    UTC and watch for "Unexpected error" reports here.
    """
    home = tmp_path_factory.mktemp("contrast-home")
    (home / ".local" / "share").mkdir(parents=True)
    (home / ".config").mkdir(parents=True)
    errors = _Collect()
    logger = logging.getLogger(UNEXPECTED_LOG)
    with pytest.MonkeyPatch.context() as patch:
        for name in ("DEALBOARD_DB", "DEALBOARD_LANG", "LC_ALL", "LC_MESSAGES"):
            patch.delenv(name, raising=False)
        patch.setenv("HOME", str(home))
        patch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
        patch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
        patch.setenv("LANG", "C.UTF-8")
        patch.setenv("TZ", "UTC")
        time.tzset()
        set_language("en")
        logger.addHandler(errors)
        try:
            open_database(demo_file)
            app = DealboardApp(user="tester", clock=lambda: FIXED_NOW, live_refresh=None)
            async with app.run_test(size=(80, 24)) as pilot:
                full = heavy_enabled(request.config)
                seen = await visit(pilot, sorted(OFFERED_THEMES if full else SHORT_WALK))
        finally:
            logger.removeHandler(errors)
    time.tzset()
    yield ThemeWalk(seen, [logging.Formatter().format(record) for record in errors.records])


def worst(readings: list[Reading], count: int = 8) -> list[Reading]:
    """The lowest readings, one per pair of colours."""
    chosen: dict[tuple[str, str], Reading] = {}
    for reading in sorted(readings):
        chosen.setdefault((reading.foreground, reading.background), reading)
    return list(chosen.values())[:count]


@pytest.mark.parametrize(
    "theme",
    [pytest.param(t, marks=() if t in SHORT_WALK else heavy) for t in sorted(OFFERED_THEMES)],
)
def test_every_text_reads_at_4_5_to_1(theme_walk: ThemeWalk, theme: str) -> None:
    assert not theme_walk.errors, "\n".join(theme_walk.errors[:3])
    readings = theme_walk.readings[theme]
    places = {reading.where for reading in readings}
    # Every picture was measured: seven of the board and detail screen, one per tab at least.
    assert len(places) >= 7 + len(TABS)
    # ... in this theme's own colours: the switch restyled each picture, so no other theme
    # shows any of the states in the same colours.
    for where in places:
        mine = _colours(readings, where)
        same = [o for o, theirs in theme_walk.readings.items() if _colours(theirs, where) == mine]
        assert same == [theme], f"{where}: {theme} drawn in the colours of {same}"
    lowest = worst(readings)
    print(f"{theme}: worst {lowest[0]}")
    assert lowest[0].ratio >= MINIMUM_CONTRAST, f"{theme}:\n" + "\n".join(map(str, lowest))


def _colours(readings: list[Reading], where: str) -> set[tuple[str, str]]:
    return {(r.foreground, r.background) for r in readings if r.where == where}


async def test_the_palette_offers_only_the_readable_themes(demo_app: DealboardApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        assert set(demo_app.available_themes) == OFFERED_THEMES
        assert "ansi-dark" not in demo_app.available_themes  # the terminal's own colours
        await settle(pilot, demo_app)
        await pilot.press("ctrl+p")
        await settle(pilot, demo_app)
        await type_text(pilot, "theme")
        await settle(pilot, demo_app)
        await pilot.press("enter")  # Textual's "Theme" command: the theme palette
        await settle(pilot, demo_app)
        options = demo_app.screen.query_one(CommandList)
        offered = {str(options.get_option_at_index(i).prompt) for i in range(options.option_count)}
        assert offered == OFFERED_THEMES
        await type_text(pilot, "textual-light")
        await pilot.press("enter")
        await pilot.pause()
        assert demo_app.theme == "textual-light"
        # Light, yet the cards' organizations are dark: readable, not white on white.
        assert demo_app.theme_variables["text-muted"] != "auto 60%"


# -- the colour rule alone ------------------------------------------------------------------


def test_a_text_colour_moves_only_as_far_as_it_must() -> None:
    white, grey = Color(255, 255, 255), Color(170, 170, 170)
    assert round(contrast(white, Color(0, 0, 0)), 1) == 21.0
    shade = readable(grey, [white])
    assert MINIMUM_CONTRAST <= contrast(shade, white) < 6  # darker, still a grey
    assert readable(Color(20, 20, 20), [white]) == Color(20, 20, 20)  # already readable


def test_textual_light_muted_text_is_dark_and_ansi_themes_are_left_alone() -> None:
    light = BUILTIN_THEMES["textual-light"].to_color_system().generate()
    muted = Color.parse(readable_variables(light)["text-muted"])
    assert contrast(muted, Color.parse(light["surface"])) >= MINIMUM_CONTRAST
    ansi = BUILTIN_THEMES["ansi-dark"].to_color_system().generate()
    assert readable_variables(ansi) == ansi


def test_the_readable_variables_are_worked_out_once_and_handed_out_fresh() -> None:
    from tui import themes

    light = BUILTIN_THEMES["textual-light"].to_color_system().generate()
    first = readable_variables(light)
    assert first == themes._make_readable(dict(light))
    first["text-muted"] = "#ffffff"  # what one app does with its copy stays there
    second = readable_variables(dict(light))
    assert second["text-muted"] != "#ffffff" and second is not first
    dark = BUILTIN_THEMES["textual-dark"].to_color_system().generate()
    assert readable_variables(dark) == themes._make_readable(dict(dark)) != second
    assert themes._readable.cache_info().hits >= 1
