"""Pilot tests: the management screen (m) in a Dutch session at 80×24, every section visited.

Headings, column heads and sentences in Dutch, numbers the Dutch way (``50 %``, ``€ 147,3k``,
``€ 4.800,00``, ``65,5``, months ``dec '26``), no English heading left, and every line of
every section within the width of the screen (nothing cut inside a number).
"""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len
from textual.containers import VerticalScroll
from textual.widgets import Static

from models.domain.i18n import set_language
from models.reports.sections import Report
from tests.models.reports.report_cases import build_hand_database
from tests.models.reports.report_cases import report as hand_report
from tests.tui.conftest import FIXED_NOW, screen_text, settle
from tui.app import DealboardApp
from tui.formatting import Money
from tui.screens.management import ManagementScreen
from tui.widgets.report_view import TABS, render_section

# What each section shows at its top, and (after `end`) at its end, in Dutch.
DUTCH = {
    "pipeline": (
        [
            "Voortgang         Kans  Open       Waarde      Gewogen  gewogen",
            "Order            100 %     1         € 3k         € 3k",
            "Totaal                     5     € 147,3k      € 71,2k",
            "Waarde × geldende kans (eigen of van de voortgang), alleen open deals.",
        ],
        [],
    ),
    "outcomes": (
        [
            "Gesloten deals per voortgang waarin ze gesloten zijn",
            "Proposal        50 %  gewonnen     1",
            "gewonnen € 0 · verloren € 60k",
        ],
        [],
    ),
    "funnel": (
        [
            "Deals die elke voortgang bereikten (geschiedenis, of er nu in of verder)",
            "Introduction          7  100 %",
            "Negotiation           3   43 %",
        ],
        [],
    ),
    "calibration": (
        [
            "Ingestelde kans tegen winstpercentage van de gesloten deals die er kwamen",
            "Order           ingesteld 100 %",
            "werkelijk  50 %",
            "slechts 2 deals · 9–91 %",
            "slechts 1 deal · 0–79 %",
            "Percentages op minder dan 10 deals staan gemarkeerd met 'slechts N deals'.",
        ],
        [],
    ),
    "reasons": (
        [
            "Waarom deals gewonnen werden",
            "Waarom deals verloren gingen",
            "Verloren aan concurrenten",
        ],
        [
            "Gesloten per voortgang bij afsluiten, uitkomst en reden",
            "Negotiation   verloren Price too high       1     € 60k",
            "Verloren aan concurrenten per voortgang bij afsluiten",
        ],
    ),
    "forecast": (
        [
            "Gewogen waarde van open deals per verwachte sluitingsmaand",
            "te laat     1      € 480",
            "dec '26     1     € 6,3k",
            "feb '27     1      € 51k",
            "geen datum     1       € 3k",
            "Te laat: 1 open deal voorbij de verwachte sluitingsdatum:",
            "waarde € 4.800,00, gewogen € 480,00",
        ],
        [],
    ),
    "win_rate": (
        [
            "Totaal 50 %  (1 gewonnen van 2 gesloten)",
            "Gemiddeld aantal dagen van aanmaken tot afsluiten: 65,5",
            "Per eigenaar",
            "Bram                     100 %        1/1",
            "Per bron",
        ],
        [
            "Gemiddeld aantal dagen tot afsluiten per voortgang bij afsluiten",
            "Negotiation               73,0   1 gesloten",
            "Nauwkeurigheid prognose",
            "0 van 0 gewonnen deals gesloten na de verwachte datum,",
            "gemiddeld – dagen te laat",
            "Correcties: 0 ongedaan gemaakt (heropend), 0 gecorrigeerd (omgezet)",
        ],
    ),
    "flow": (
        [
            "Conversie: deals die een voortgang bereikten, en de volgende",
            "Voortgang        Volgende       Bereikt Verder Perc.",
            "Introduction   → Presentation         7      6  86 %",
            "Dagen open in elke voortgang (per deal, al zijn verblijven)",
            "Voortgang        Deals Gemiddeld Mediaan",
            "Presentation         1      90,6    90,6",
            "Tijd tussen afsluiten en heropenen telt nergens mee.",
        ],
        [],
    ),
    "trend": (
        [
            "Nieuwe deals, waarde gewonnen en verloren, en winstpercentage per maand",
            "Maand   Nieuw  Gewonnen",
            "Verloren",
            "Perc.",
            "dec '25     0       € 0",
            "nov '26     3     € 20k",
            "12 maanden: 7 aangemaakt, winstpercentage 50 %",
            "1 gewonnen € 20k, 1 verloren € 60k",
            "Gewonnen en verloren per maand van afsluiten; de balken delen één schaal.",
        ],
        [],
    ),
}

# The English of every section's headings and sentences: none of it may show in Dutch.
ENGLISH = [
    "Management information",
    "Value × effective probability",
    "Closed deals by the phase they closed in",
    "Deals that reached each phase",
    "Configured probability vs actual win rate",
    "configured",
    "Rates behind fewer than",
    "only 2 deals",
    "Why deals were won",
    "Why deals were lost",
    "Lost to competitors",
    "Closed by phase at close, outcome and reason",
    "Lost to competitors by phase at close",
    "Weighted value of open deals by expected close month",
    "overdue",
    "no date",
    "Overdue:",
    "past their expected close date",
    "Overall",
    "Average days from creation to close",
    "By owner",
    "By source",
    "Average days to close by",
    "closed",
    "Forecast accuracy",
    "Corrections:",
    "Conversion: deals that reached a phase",
    "Days spent open in each phase",
    "Next phase",
    "Open deals: up to the end of today",
    "Deals created, value won and lost",
    "12 months",
    "Won and lost by the month they closed",
    "all deals",
    "2026-",
]
# A percentage written the English way (``50%``); ``95%-interval`` is how Dutch writes that one.
ENGLISH_PERCENT = re.compile(r"\d%(?!-)")

TAB_BAR = " Pijplijn Uitkomst Trechter Kalibratie Redenen Prognose Winst % Stroom Trend"


def dutch_app() -> DealboardApp:
    return DealboardApp(user="tester", clock=lambda: FIXED_NOW, lang="nl")


def english_left(text: str) -> list[str]:
    """The English words of ``ENGLISH`` (and English percentages) that ``text`` still shows."""
    return [words for words in ENGLISH if words in text] + ENGLISH_PERCENT.findall(text)


def section_lines(screen: ManagementScreen) -> list[str]:
    """Every line of the section on screen, also the ones scrolled out of view."""
    return screen.query_one("#report-section", Static).render().plain.splitlines()


async def test_every_section_in_dutch_at_80x24(db_file):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("m")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ManagementScreen)
        body = screen.query_one("#report-body", VerticalScroll)
        for digit, tab in enumerate(TABS, start=1):
            await pilot.press(str(digit))
            await settle(pilot, app)
            assert screen.section == tab.key
            top, end = DUTCH[tab.key]
            shown = screen_text(app)
            lines = shown.splitlines()
            assert lines[0].startswith(" Managementinformatie  alle deals"), tab.key
            assert lines[1].rstrip() == TAB_BAR, tab.key  # all nine tabs whole
            for words in top:
                assert words in shown, (tab.key, words)
            await pilot.press("end")
            await settle(pilot, app)
            at_end = screen_text(app)
            for words in end:
                assert words in at_end, (tab.key, words)
            assert english_left(shown + at_end) == [], tab.key
            # Every line fits the section's width: nothing is cut with an ellipsis.
            width = body.scrollable_content_region.width
            drawn = section_lines(screen)
            assert max(cell_len(line) for line in drawn) <= width, tab.key
            assert not any(line.endswith("…") for line in drawn), tab.key
            await pilot.press("home")


async def test_the_filter_form_and_the_title_in_dutch(db_file):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("m")
        await settle(pilot, app)
        await pilot.press("f")
        await settle(pilot, app)
        shown = screen_text(app)
        assert "Managementinformatie filteren" in shown
        assert "Gesloten vanaf" in shown and "Trendmaanden" in shown
        assert "Lege velden betekenen: geen filter." in shown
        app.screen.query_one("#field-date_from").value = "01-11-2026"
        app.screen.query_one("#field-owner").value = "Niemand"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        shown = screen_text(app)  # the message wraps in the form
        assert "Geen enkele deal heeft eigenaar 'Niemand';" in shown
        assert "bekend: Anna, Bram, Chris." in shown
        app.screen.query_one("#field-owner").value = "Bram"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        title = screen_text(app).splitlines()[0]
        assert "gesloten 01-11-2026 – … · eigenaar Bram" in title
        assert "closed" not in title and "owner" not in title


@pytest.mark.parametrize("width", [75, 77, 100, 120])
def test_dutch_sections_fit_the_width(db, width):
    """Drawn apart from the screen (75: 80 columns with a scrollbar): every Dutch line fits."""
    build_hand_database()
    report: Report = hand_report()
    set_language("nl")
    money = Money("EUR", "nl")
    for tab in TABS:
        drawn = render_section(tab.key, report, money, width).plain.splitlines()
        assert max(cell_len(line) for line in drawn) <= width + 1, (tab.key, width)


async def test_export_form_toast_and_help_in_dutch(db_file, tmp_path):
    app = dutch_app()
    target = tmp_path / "prognose.csv"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("m")
        await settle(pilot, app)
        await pilot.press("6", "e")
        await settle(pilot, app)
        shown = screen_text(app)
        assert "Dit onderdeel naar CSV exporteren" in shown and "Bestand" in shown
        app.screen.query_one("#field-path").value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert target.exists()
        assert [n.message for n in app._notifications] == [f"{target} geschreven"]
        await pilot.press("question_mark")
        await settle(pilot, app)
        shown = screen_text(app)
        assert "Toetsen — Managementinformatie" in shown
        assert "CSV exporteren" in shown and "Vernieuwen" in shown
        await pilot.press("end")
        await settle(pilot, app)
        shown = screen_text(app)
        assert "Winstpercentage" in shown and "Doorstroom" in shown  # keys 7 and 8
        assert "Dezelfde cijfers als `dealboard report`." in shown
        assert "The same numbers" not in shown
