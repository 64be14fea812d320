"""The Textual application: screens, command palette, read-only guard, and the clock."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar, cast

from textual import constants as textual_constants
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, Provider
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen

from models.domain.i18n import set_language
from models.operations.history import utcnow
from tui.i18n import N_, _
from tui.live import LiveRefresh
from tui.output import printable
from tui.poll import POLL_SECONDS
from tui.themes import offer_readable_themes, readable_variables

if TYPE_CHECKING:
    from tui.first_cards import FirstCards
    from tui.screens.detail_data import DetailData

DEAL_SCREEN = "deal"  # the name the reused detail screen is installed under


def dealboard_commands() -> type[Provider]:
    """The palette's search for deals and screens (``tui.commands``), imported when it opens."""
    from tui.commands import DealboardCommands

    return DealboardCommands


class DealboardApp(App[None]):
    """dealboard in the terminal: board, deal detail, phase configuration, help."""

    TITLE = "dealboard"
    # The board's styles come with the app's: a screen's own CSS_PATH makes Textual parse every
    # style sheet again when the screen is first shown, on the way to the board's first frame.
    CSS_PATH: ClassVar = ["app.tcss", "screens/board.tcss"]
    COMMANDS: ClassVar = App.COMMANDS | {dealboard_commands}  # Textual calls it when needed
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", N_("Help"), id="help", tooltip=N_("This help")),
        Binding(
            "ctrl+p",
            "command_palette",
            N_("Palette"),
            show=False,
            id="palette",
            tooltip=N_("Command palette: jump to a deal by name, or to a screen"),
        ),
    ]

    def __init__(
        self,
        *,
        user: str,
        read_only: bool = False,
        clock: Callable[[], dt.datetime] | None = None,
        live_refresh: float | None = POLL_SECONDS,
        lang: str | None = None,
        notices: Sequence[str] = (),
        first_cards: FirstCards | None = None,
    ) -> None:
        super().__init__()
        offer_readable_themes(self)
        if lang is not None:  # else the language the command line made current
            set_language(lang)
        self.user = user
        self.read_only = read_only
        self.notices = tuple(notices)  # said once the board shows (what --lang changes)
        self.now: Callable[[], dt.datetime] = clock or utcnow
        # Seconds between looks for other people's changes; None turns live refresh off.
        self.live = LiveRefresh(self, live_refresh) if live_refresh else None
        # The board's first cards, being read since before Textual was imported (tui.launch).
        self.first_cards = first_cards

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, but on Linux and macOS one whose input thread idles (tui/driver.py).

        Only where Textual picks ``LinuxDriver`` itself: ``TEXTUAL_DRIVER`` (which can name
        the stock driver again), Windows and headless test runs keep theirs.
        """
        chosen = super().get_driver_class()
        stock = sys.modules.get("textual.drivers.linux_driver")
        if stock is not None and chosen is stock.LinuxDriver and not textual_constants.DRIVER:
            from tui.driver import QuietLinuxDriver

            return QuietLinuxDriver
        return chosen

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, text colours made readable on its backgrounds."""
        self.theme_variables = readable_variables(super().get_css_variables())
        return self.theme_variables

    def on_mount(self) -> None:
        """Start on the board.

        With first cards read beforehand, once the app's own start is over: Textual holds
        every frame until then, so a board shown meanwhile was laid out and drawn in full
        for nothing, and again right after. Pushed afterwards, its first frame is its cards.
        """
        if self.first_cards is not None:
            self.call_later(self._start_on_board)
        else:
            self._start_on_board()

    def _start_on_board(self) -> None:
        from tui.screens.board import BoardScreen

        self.push_screen(BoardScreen())
        for notice in self.notices:
            self.notify(notice, timeout=12)
        if self.live is not None:
            self.live.start()

    def take_first_cards(self, status: str) -> FirstCards | None:
        """The first cards read before the app started, if read for ``status``; handed out once."""
        reading, self.first_cards = self.first_cards, None
        return reading if reading is not None and reading.status == status else None

    def on_unmount(self) -> None:
        """Close the live-refresh connection."""
        if self.live is not None:
            self.live.stop()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a toast; its text is never markup, nor a terminal control, whatever it quotes.

        Messages quote what users typed (a phase named ``[/]``, a reason ``[b]x[/b]``), and
        Textual would parse them as markup: crash on the one, show a bold x for the other.
        They also quote what other clients stored (a colleague's name written by ``sqlite3``):
        Textual drops a BEL but passes ESC and bidi overrides to the terminal, so control and
        bidi characters are shown escaped, as on the command line.
        """
        super().notify(
            printable(message, keep="\n"),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's system commands for the palette, in the current language."""
        from tui.commands import translated_system_commands

        return translated_system_commands(super().get_system_commands(screen))

    def action_command_palette(self) -> None:
        """Open the command palette, in the current language."""
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            from tui.commands import DealboardPalette

            placeholder = _("Search for commands…")
            self.push_screen(DealboardPalette(placeholder=placeholder, id="--command-palette"))

    def action_show_help_panel(self) -> None:
        """Show Textual's keys panel (the palette's "Keys"), in the current language."""
        from textual.css.query import NoMatches
        from textual.widgets import HelpPanel

        from tui.widgets.key_panel import TranslatedHelpPanel

        try:
            self.screen.query_one(HelpPanel)
        except NoMatches:
            self.screen.mount(TranslatedHelpPanel())

    def search_themes(self) -> None:
        """The palette's theme search (the palette command "Theme"), in the current language."""
        from textual.theme import ThemeProvider

        from tui.commands import DealboardPalette

        self.push_screen(
            DealboardPalette(providers=[ThemeProvider], placeholder=_("Search for themes…"))
        )

    def action_help_quit(self) -> None:
        """ctrl+c outside a text field: say which key quits (Textual's toast, translated)."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(
                    _("Press {key} to quit the app").format(key=key),
                    title=_("Do you want to quit?"),
                )
                return

    def on_delivery_complete(self, event: events.DeliveryComplete) -> None:
        """A screenshot (palette: "Screenshot") was saved: say where, in the current language."""
        if event.name == "screenshot":
            event.prevent_default()  # instead of Textual's English toast
            if event.path is None:
                message = _("Saved screenshot")
            else:
                message = _("Saved screenshot to {path}").format(path=event.path)
            self.notify(message, title=_("Screenshot"))

    def on_delivery_failed(self, event: events.DeliveryFailed) -> None:
        """A screenshot could not be saved: say so, in the current language."""
        if event.name == "screenshot":
            event.prevent_default()  # instead of Textual's English toast
            self.notify(_("Failed to save screenshot"), title=_("Screenshot"), severity="error")

    def refuse_read_only(self) -> bool:
        """Say 'read-only' and return True when changes are not allowed."""
        if self.read_only:
            self.notify(
                _("This database is open read-only (--read-only); nothing can be changed."),
                title=_("Read-only"),
                severity="warning",
            )
            return True
        return False

    def open_deal(self, deal_id: int) -> None:
        """Show a deal's detail screen."""
        from tui.dbwork import run_db
        from tui.screens.detail_data import load_detail

        # Read first, then open: the screen's first frame already shows the deal.
        run_db(
            self,
            load_detail,
            deal_id,
            on_done=lambda data: self.show_deal(deal_id, data),
            group="open-deal",
            exclusive=True,
        )

    def show_deal(self, deal_id: int, data: DetailData) -> None:
        """Push the detail screen showing a deal read beforehand.

        One detail screen is built on first use and kept (installed as "deal"): composing
        and styling its hundred-odd widgets was most of the time it took to open a deal,
        so later openings only fill it. Should that screen already be open underneath (a
        deal opened from the palette while another is shown), a new one goes on top.
        """
        from tui.screens.detail import DealScreen

        if not self.is_screen_installed(DEAL_SCREEN):
            self.install_screen(DealScreen(deal_id, data), DEAL_SCREEN)
            self.push_screen(DEAL_SCREEN)
            return
        screen = self.get_screen(DEAL_SCREEN)
        if screen in self.screen_stack:
            self.push_screen(DealScreen(deal_id, data))
            return
        assert isinstance(screen, DealScreen)
        screen.show_deal(deal_id, data)
        self.push_screen(screen)

    def show_board(self) -> None:
        """Go back to the board from wherever the user is."""
        from tui.screens.board import BoardScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, BoardScreen):
            self.pop_screen()

    def open_phases(self) -> None:
        """Show the phase configuration."""
        from tui.screens.phases import PhasesScreen

        if not isinstance(self.screen, PhasesScreen):
            self.push_screen(PhasesScreen())

    def open_management(self) -> None:
        """Show the management information."""
        from tui.screens.management import ManagementScreen

        if not isinstance(self.screen, ManagementScreen):
            self.push_screen(ManagementScreen())

    def open_deleted(self) -> None:
        """Show the deleted deals, to restore one."""
        from tui.screens.deleted import DeletedScreen

        if not isinstance(self.screen, DeletedScreen):
            self.push_screen(DeletedScreen())

    def open_agenda(self) -> None:
        """Show the agenda: the open deals' next steps, overdue first."""
        from tui.screens.agenda import AgendaScreen

        if not isinstance(self.screen, AgendaScreen):
            self.push_screen(AgendaScreen())

    def action_help(self) -> None:
        """Show every key of the current screen."""
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))
