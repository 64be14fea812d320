"""Management information (`m`): the sections of `dealboard report`, with bar charts.

The numbers come from ``models.reports.management.build_report`` — the same function as the command
line — computed in a worker. Filters (period, owner, source) are changed with `f`; the
section on screen is written to CSV with `e`. On the first opening the worker computes the
Pipeline tab first and shows it while the other sections are computed (on a big database
they take seconds); a refresh keeps the numbers on screen until all new ones are there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static, Tab, Tabs
from textual.worker import get_current_worker

from models.domain.i18n import format_date
from models.reports.management import ReportFilter, build_pipeline, build_report, make_filter
from models.reports.sections import Pipeline, Report
from models.reports.trend import DEFAULT_MONTHS
from tui.dbwork import run_db
from tui.formatting import Money, safe, session_money
from tui.i18n import N_, _
from tui.modals.form import FormField, FormModal
from tui.running_app import dealboard_app
from tui.screens.line_caches import release_line_caches
from tui.validators import date_field, date_placeholder, neutral_date, shown_date, text_field
from tui.widgets.key_footer import KeyFooter
from tui.widgets.report_view import (
    TAB_BY_KEY,
    TABS,
    render_pipeline,
    render_section,
    tab_label,
)


def load_report(
    flt: ReportFilter,
    now: dt.datetime | None = None,
    first: Callable[[Pipeline, Money], None] | None = None,
) -> tuple[Report, Money]:
    """Build the report and the money format (runs in a worker).

    With ``now``, the report's "today" is its date in the database's time zone. With
    ``first``, the pipeline section is built first and handed to it, for the screen to show
    while the rest is computed.
    """
    from models.domain.periods import local_date
    from models.operations.settings import database_zone, get_settings

    settings = get_settings()
    if now is not None:
        flt = replace(flt, today=local_date(now, database_zone(settings)))
    money = session_money(settings["currency"])
    if first is not None:
        first(build_pipeline(flt), money)
    return build_report(flt), money


class ManagementScreen(Screen[None]):
    """One section at a time; left/right (h/l) or the digits switch sections."""

    CSS_PATH = "management.tcss"
    HELP_TITLE = N_("Management information")
    HELP_TEXT = N_(
        "The same numbers as `dealboard report`. The period selects deals by the day they"
        " closed (in the database's time zone); pipeline, forecast and overdue are about"
        " open deals today and ignore it. A deal reached a phase if its history shows it"
        " there, or it is (or closed) in that phase or a later one. Actual win rate = won ÷"
        " closed deals that reached the phase. Flow: of the deals that reached a phase, how"
        " many reached the next one; days spent open in each phase, per deal over all its"
        " stays (open deals up to the end of today, closed ones up to their close)."
    )
    AUTO_FOCUS = "Tabs"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "section(-1)", N_("Previous"), show=False),
        Binding("right,l", "section(1)", N_("Next"), show=False),
        # The section scrolls from the start, whichever of tabs and body has the focus.
        Binding("down,j", "scroll_body('down')", N_("Down"), show=False, tooltip=N_("Scroll down")),
        Binding("up,k", "scroll_body('up')", N_("Up"), show=False, tooltip=N_("Scroll up")),
        Binding("pagedown", "scroll_body('pagedown')", N_("Page down"), show=False),
        Binding("pageup", "scroll_body('pageup')", N_("Page up"), show=False),
        Binding(
            "home",
            "scroll_body('home')",
            N_("Top"),
            show=False,
            tooltip=N_("Top of the section"),
        ),
        Binding(
            "end",
            "scroll_body('end')",
            N_("End"),
            show=False,
            tooltip=N_("End of the section"),
        ),
        # The sections' names are marked N_ in TABS.
        *[
            Binding(str(index), f"jump({index - 1})", tab.label, show=False)
            for index, tab in enumerate(TABS, start=1)
        ],
        Binding("f", "filter", N_("Filter"), id="report-filter"),
        Binding("e", "export", N_("Export CSV"), id="report-export"),
        Binding("r", "reload", N_("Refresh"), id="report-refresh"),
        Binding("escape,q", "back", N_("Back"), id="report-back"),
    ]

    section: reactive[str] = reactive("pipeline", init=False)

    def __init__(self) -> None:
        super().__init__()
        self.filter = ReportFilter()
        self.report: Report | None = None
        self.first: Pipeline | None = None  # the Pipeline tab, until the whole report is here
        self.money = Money()

    def compose(self) -> ComposeResult:
        """Title and filters, the section tabs, the section, the footer."""
        yield Static(id="report-title", markup=False)
        yield Tabs(*[Tab(tab_label(tab.key), id=tab.key) for tab in TABS], id="sections")
        with VerticalScroll(id="report-body"):
            yield Static(id="report-section", markup=False)
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Load the report."""
        self.action_reload()

    def on_screen_resume(self) -> None:
        """Fresh numbers when coming back."""
        if self.report is not None:
            self.action_reload()

    def on_screen_suspend(self) -> None:
        """Closed or covered: drop the rendered lines (see ``tui.screens.line_caches``)."""
        release_line_caches(self)

    def action_reload(self) -> None:
        """Recompute the report in a worker."""
        now = dealboard_app(self).now()
        first = self._hand_over_first if self.report is None else None
        run_db(
            self,
            load_report,
            self.filter,
            now,
            first,
            on_done=self._loaded,
            group="report",
            exclusive=True,
        )

    def refresh_from_database(self) -> None:
        """Someone else changed something: recompute."""
        self.action_reload()

    def _hand_over_first(self, pipeline: Pipeline, money: Money) -> None:
        """In the worker: show the first section now, unless a newer load replaced this one."""
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._first_loaded, pipeline, money)

    def _first_loaded(self, pipeline: Pipeline, money: Money) -> None:
        if self.report is None:
            self.first, self.money = pipeline, money
            self._title()
            self._draw()

    def _loaded(self, result: tuple[Report, Money]) -> None:
        self.report, self.money = result
        self.first = None
        self._title()
        self._draw()

    def _title(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(_("Management information"), style="bold")
        parts = []
        if self.filter.date_from or self.filter.date_to:
            start = format_date(self.filter.date_from) if self.filter.date_from else "…"
            end = format_date(self.filter.date_to) if self.filter.date_to else "…"
            parts.append(_("closed {start} – {end}").format(start=start, end=end))
        if self.filter.owner is not None:
            parts.append(_("owner {name}").format(name=safe(self.filter.owner)))
        if self.filter.source is not None:
            parts.append(_("source {name}").format(name=safe(self.filter.source)))
        # Not dim: dim text on the heading's tinted background falls below 4.5:1.
        text.append("  " + (" · ".join(parts) if parts else _("all deals")), style="italic")
        self.query_one("#report-title", Static).update(text)

    def _draw(self) -> None:
        body = self.query_one("#report-body", VerticalScroll)
        width = (body.scrollable_content_region.width or self.size.width) - 1
        if self.report is not None:
            shown = render_section(self.section, self.report, self.money, width)
        elif self.first is not None and self.section == TABS[0].key:
            shown = render_pipeline(self.first, self.money, width)
        elif self.first is not None:
            shown = Content.styled(_("Computing this section…"), "$text-muted")
        else:
            return
        self.query_one("#report-section", Static).update(shown)

    def on_resize(self) -> None:
        """Bars follow the width."""
        self._draw()

    def watch_section(self) -> None:
        """Show the chosen section."""
        tabs = self.query_one(Tabs)
        if tabs.active != self.section:
            tabs.active = self.section
        self._draw()

    @on(Tabs.TabActivated)
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tab.id and event.tab.id != self.section:
            self.section = event.tab.id

    def action_section(self, step: int) -> None:
        """Previous or next section."""
        keys = [tab.key for tab in TABS]
        self.section = keys[(keys.index(self.section) + step) % len(keys)]

    def action_scroll_body(self, where: str) -> None:
        """Scroll the section on screen: a line, a page, or to its top or end."""
        body = self.query_one("#report-body", VerticalScroll)
        scroll = {
            "down": body.scroll_down,
            "up": body.scroll_up,
            "pagedown": body.scroll_page_down,
            "pageup": body.scroll_page_up,
            "home": body.scroll_home,
            "end": body.scroll_end,
        }[where]
        scroll(animate=False)

    def action_jump(self, index: int) -> None:
        """Go to section number ``index`` (0-based)."""
        self.section = TABS[index].key

    def action_filter(self) -> None:
        """Change the period, owner and source."""
        current = self.filter

        def submit(values: dict[str, Any]) -> ReportFilter:
            return make_filter(
                neutral_date(values["date_from"], "from") or None,
                neutral_date(values["date_to"], "to") or None,
                values["owner"] or None,
                values["source"] or None,
                values["min_deals"] or "10",
                months=values["months"] or str(DEFAULT_MONTHS),
            )

        fields = [
            FormField(
                "date_from",
                _("Closed from"),
                _date(current.date_from),
                placeholder=date_placeholder(),
                validators=[date_field()],
            ),
            FormField(
                "date_to",
                _("Closed to"),
                _date(current.date_to),
                placeholder=date_placeholder(),
                validators=[date_field()],
            ),
            FormField("owner", _("Owner"), current.owner or "", validators=[text_field("owner")]),
            FormField(
                "source", _("Source"), current.source or "", validators=[text_field("source")]
            ),
            FormField("min_deals", _("Min. deals"), str(current.min_deals)),
            FormField("months", _("Trend months"), str(current.months)),
        ]

        def chosen(flt: ReportFilter | None) -> None:
            if flt is not None:
                self.filter = flt
                self.action_reload()

        self.app.push_screen(
            FormModal(
                _("Filter the management information"),
                fields,
                submit,
                intro=_("Empty fields mean no filter."),
            ),
            chosen,
        )

    def action_export(self) -> None:
        """Write the section on screen to a CSV file."""
        if self.report is None:
            return
        report, sections = self.report, TAB_BY_KEY[self.section].sections
        today = dealboard_app(self).now().date().isoformat()
        default = str(Path.cwd() / f"dealboard-{self.section}-{today}.csv")

        def submit(values: dict[str, Any]) -> str:
            from models.reports.csv_export import write_report_csv

            return write_report_csv(values["path"], report, sections)

        def written(path: str | None) -> None:
            if path:
                self.notify(_("Wrote {path}").format(path=path), timeout=4)

        self.app.push_screen(
            FormModal(
                _("Export this section to CSV"),
                [FormField("path", _("File"), default, validators=[text_field("path")])],
                submit,
            ),
            written,
        )

    def action_back(self) -> None:
        """Back to the board."""
        self.dismiss()


def _date(value: dt.date | None) -> str:
    return shown_date(value.isoformat() if value else None)
