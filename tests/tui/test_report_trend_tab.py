"""Pilot tests of the management screen's Trend tab: created, won and lost per month.

The app's small pipeline (``tests/tui/conftest.py``, clock 2026-11-27 09:00 UTC): created
Cloud migration 08-29; Data platform 09-08, Intranet 09-28; ERP implementation 10-18;
Website redesign 11-07, Support contract 11-22, Training days 11-24. Intranet (20,000) won
11-25, Data platform (60,000) lost 11-20.
"""

from __future__ import annotations

from rich.cells import cell_len

from tests.tui.conftest import settle, type_text
from tui.screens.management import ManagementScreen
from tui.widgets.report_view import TABS, render_section

TREND_KEY = str([tab.key for tab in TABS].index("trend") + 1)


def month_lines(text: str) -> dict[str, list[str]]:
    """The screen's lines that start with a month, split into words, by month."""
    found = {}
    for line in text.splitlines():
        words = line.split()
        if words and len(words[0]) == 7 and words[0][:2] == "20" and words[0][4] == "-":
            found[words[0]] = words
    return found


async def open_trend(pilot, app) -> ManagementScreen:
    await settle(pilot, app)
    await pilot.press("m")
    await settle(pilot, app)
    screen = app.screen
    assert isinstance(screen, ManagementScreen)
    await pilot.press(TREND_KEY)
    await settle(pilot, app)
    assert screen.section == "trend"
    return screen


async def test_the_trend_tab_shows_twelve_months_at_80x24(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_trend(pilot, app)
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "Deals created, value won and lost, and win rate per month" in text
        months = month_lines(text)
        # The twelve months up to the clock's, every one on screen, the empty ones too.
        assert list(months) == ["2025-12", *(f"2026-{n:02d}" for n in range(1, 12))]
        assert months["2025-12"] == ["2025-12", "0", "€0", "€0", "–"]
        assert months["2026-08"][:2] == ["2026-08", "1"]
        assert months["2026-09"][:2] == ["2026-09", "2"]
        assert months["2026-10"][:2] == ["2026-10", "1"]
        november = months["2026-11"]
        assert november[:3] == ["2026-11", "3", "€20k"]
        assert "€60k" in november and "50%" in november
        shown = [line.strip() for line in text.splitlines()]
        assert "12 months: 7 created, win rate 50%" in shown
        assert "1 won €20k, 1 lost €60k" in shown
        for width in (60, 77, 117):  # the narrowest view, 80×24's, 120×40's
            drawn = render_section("trend", screen.report, screen.money, width).plain
            assert max(cell_len(line) for line in drawn.splitlines()) <= width, width
        assert [row["month"] for row in screen.report["trend"]][-1] == "2026-11"


async def test_left_and_right_reach_the_trend_tab_and_leave_it(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_trend(pilot, app)
        keys = [tab.key for tab in TABS]
        await pilot.press("left")
        assert screen.section == keys[keys.index("trend") - 1]
        await pilot.press("right")
        await settle(pilot, app)
        assert screen.section == "trend"


async def test_the_filter_form_sets_the_number_of_months(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_trend(pilot, app)
        await pilot.press("f")
        await settle(pilot, app)
        for _ in range(5):  # from, to, owner, source, min. deals → trend months
            await pilot.press("tab")
        await pilot.press("backspace", "backspace")
        await type_text(pilot, "121")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        modal_text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        words = " ".join(modal_text.replace("█", " ").split())  # the message wraps
        assert (
            "Trend months 121 The number of months must be a whole number from 1 to 120." in words
        )
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "3")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is screen
        assert screen.filter.months == 3
        assert [row["month"] for row in screen.report["trend"]] == [
            "2026-09",
            "2026-10",
            "2026-11",
        ]
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert list(month_lines(text)) == ["2026-09", "2026-10", "2026-11"]
        assert "3 months: 6 created" in text
