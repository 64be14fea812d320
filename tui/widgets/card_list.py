"""A scrolling column of deal cards drawn with the line API: only visible lines are rendered.

A phase can hold thousands of deals; mounting a widget per card would not scale. Every card
has the same height, so the virtual height is ``cards × CARD_HEIGHT`` and ``render_line``
works out which card and which of its lines to draw.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from models.queries.board import Card
from models.queries.board_cards import id_position
from tui.formatting import Money
from tui.i18n import N_, _
from tui.widgets.card_finish import Finish, finishing
from tui.widgets.card_focus import focus_gained, focus_lost
from tui.widgets.card_scroll import fit_virtual_size
from tui.widgets.card_text import card_line, fit
from tui.widgets.fast_scrollbar import FastScrollBar

CARD_HEIGHT = 5  # four lines of card and one blank line between cards
LINE_CACHE_SIZE = 2000  # drawn card lines kept per column (a few screenfuls)


class CardList(ScrollView, can_focus=True):
    """The cards of one phase; the cursor marks the selected deal."""

    DEFAULT_CSS = """
    CardList {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        background: $surface;
    }
    CardList > .card--title { text-style: bold; }
    CardList > .card--dim { color: $text-muted; }
    CardList > .card--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    CardList > .card--cursor-focused {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    CardList > .card--won { color: $text-success; text-style: bold; }
    CardList > .card--lost { color: $text-error; text-style: bold; }
    CardList > .card--override { color: $text-warning; text-style: bold; }
    CardList > .card--overdue { color: $text-error; text-style: bold; }
    CardList > .card--stale { color: $text-warning; }
    CardList > .card--nostep { color: $text-warning; }
    CardList > .card--empty { color: $text-muted; text-style: italic; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "card--title",
        "card--dim",
        "card--cursor",
        "card--cursor-focused",
        "card--won",
        "card--lost",
        "card--override",
        "card--overdue",
        "card--stale",
        "card--nostep",
        "card--empty",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", N_("Up"), show=False, tooltip=N_("Previous card")),
        Binding("down,j", "cursor(1)", N_("Down"), show=False, tooltip=N_("Next card")),
        Binding("pageup", "page(-1)", N_("Page up"), show=False),
        Binding("pagedown", "page(1)", N_("Page down"), show=False),
        Binding("home", "jump(0)", N_("First"), show=False),
        Binding("end", "jump(-1)", N_("Last"), show=False),
        # Replace the inherited horizontal scrolling: left/right move between columns.
        Binding(
            "left,h",
            "column(-1)",
            N_("Column left"),
            show=False,
            tooltip=N_("Column to the left"),
        ),
        Binding(
            "right,l",
            "column(1)",
            N_("Column right"),
            show=False,
            tooltip=N_("Column to the right"),
        ),
    ]

    # No repaint of the whole list when it moves: ``watch_cursor`` repaints the two cards.
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

    class Highlighted(Message):
        """The cursor moved to another card (or the list became empty)."""

        def __init__(self, card_list: CardList, card: Card | None) -> None:
            super().__init__()
            self.card_list = card_list
            self.card = card

        @property
        def control(self) -> CardList:
            """The list that posted the message."""
            return self.card_list

    class ColumnStep(Message):
        """The user asked for the column to the left (-1) or right (1)."""

        def __init__(self, card_list: CardList, step: int) -> None:
            super().__init__()
            self.card_list = card_list
            self.step = step

    def __init__(self, phase_id: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.phase_id = phase_id
        self.cards: list[Card] = []
        # Which list (and which revision of it) is on screen, to skip repainting it unchanged.
        self.shown: tuple[int, int] | None = None
        self.money = Money()
        self.today = dt.date.today()
        self.now = dt.datetime.now()
        self.stale_days = 30
        self._on_cursor = False  # the line being drawn belongs to the cursor card
        self._lines: dict[tuple[Card, int, bool, bool, bool], Strip] = {}  # drawn card lines
        self._looks: dict[tuple[Card, tuple[object, ...]], Strip] = {}  # by what they show
        self._lines_context: tuple[object, ...] = ()
        self._base: Style | None = None  # the list's style in this context
        self._width: int | None = None  # the lines' width while ``render_lines`` draws
        self._focus = False  # whether the list has the focus, while ``render_lines`` draws
        self._finish: Finish | None = None  # how drawn lines become screen lines (card_finish)
        self._blank = Strip.blank(0)  # a blank line between cards, in this context

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """The list's scrollbar: one that repaints only the cells that change (fast_scrollbar).

        Made as Textual's ``Widget.vertical_scrollbar`` makes its own, but of our class.
        """
        bar = self._vertical_scrollbar
        if bar is None:
            bar = self._vertical_scrollbar = FastScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            )
            bar.display = False
            self.app._start_widget(self, bar)
        return bar

    @property
    def current(self) -> Card | None:
        """The card under the cursor."""
        if 0 <= self.cursor < len(self.cards):
            return self.cards[self.cursor]
        return None

    def set_cards(
        self,
        cards: list[Card],
        *,
        keep_id: int | None,
        money: Money,
        now: dt.datetime,
        stale_days: int,
        serial: int = 0,
        revision: int = 0,
        today: dt.date | None = None,
    ) -> None:
        """Show ``cards``; the cursor stays on ``keep_id`` when it is still there.

        ``today`` (the date in the database's time zone) decides what is overdue; without
        it, the date of ``now``.
        """
        old_index = self.cursor
        self.shown = (serial, revision)
        self.cards = cards
        self.money = money
        self.now = now
        self.today = today or now.date()
        self.stale_days = stale_days
        self._update_virtual_size()
        index = None if keep_id is None else id_position(cards, keep_id)
        if index is None:
            index = min(old_index, max(len(cards) - 1, 0))
        # Not through ``watch_cursor``: the whole list is repainted below (its two cards'
        # repaints would only add regions), and the board says what is under its cursor once
        # it has filled its lists (``BoardView._announce``): a Highlighted message per list
        # would only be dispatched and dropped.
        self.set_reactive(CardList.cursor, index)
        self._scroll_to_cursor()
        self.refresh()

    def watch_has_focus(self, _has_focus: bool) -> None:
        """Do not restyle the list when it gains or loses the focus.

        Textual restyles a widget with all its part styles when it gains or loses the focus,
        in case a ``:focus`` rule applies: a fifth of moving a card to the next column. No
        rule of the list depends on its focus; the cursor card's colours with the focus are
        a part style of their own (``card--cursor-focused``), picked as a line is drawn.
        """

    def notify_style_update(self) -> None:
        """The styles changed: work out again how lines are finished for the screen."""
        super().notify_style_update()
        self._finish = None
        bar = self._vertical_scrollbar
        if isinstance(bar, FastScrollBar):
            bar.forget_drawing()  # it takes its colours from the list's styles

    def _on_focus(self, event: events.Focus) -> None:
        """Repaint the cursor card, not the whole list (Textual's default) on gaining focus."""
        event.prevent_default()  # Textual's own handler would repaint every line
        focus_gained(self)

    def _on_blur(self, event: events.Blur) -> None:
        """Repaint the cursor card, not the whole list, on losing the focus."""
        event.prevent_default()
        focus_lost(self)

    def _focus_is_here(self) -> bool:
        """Whether the cursor card is drawn with the focus colours.

        The screen's focus, not ``has_focus``: the board moves the focus to the column a
        card moved to while it repaints both lists, and Textual sets ``has_focus`` only when
        it delivers the focus events, which can be after the frame that shows the move.
        """
        return self.screen.focused is self

    def index_of(self, deal_id: int) -> int | None:
        """Return the position of a deal in this list, if it is here."""
        current = self.current
        if current is not None and current.id == deal_id:
            return self.cursor
        return id_position(self.cards, deal_id)  # a bisection, unless sorted otherwise

    def watch_cursor(self, old: int, new: int) -> None:
        """Keep the cursor card in view and tell the board."""
        if self.cards:
            clamped = max(0, min(new, len(self.cards) - 1))
            if clamped != new:
                self.cursor = clamped
                return
        self.refresh_lines(old * CARD_HEIGHT, CARD_HEIGHT)
        self.refresh_lines(new * CARD_HEIGHT, CARD_HEIGHT)
        self._scroll_to_cursor()
        self.post_message(self.Highlighted(self, self.current))

    def _scroll_to_cursor(self) -> None:
        """Scroll by whole cards so the cursor card is fully in view and none is cut at the top."""
        visible = max((self.scrollable_content_region.height + 1) // CARD_HEIGHT, 1)
        top = int(self.scroll_y) // CARD_HEIGHT
        if self.cursor < top:
            top = self.cursor
        elif self.cursor >= top + visible:
            top = self.cursor - visible + 1
        y = top * CARD_HEIGHT
        if y == self.scroll_y == self.scroll_target_y:
            return  # already there: Textual's scroll would stop animations and set the same
        self.scroll_to(y=y, animate=False, force=True, immediate=True)

    def on_resize(self) -> None:
        """Keep the cursor card in view when the column changes size."""
        self._update_virtual_size()
        self._scroll_to_cursor()

    def _update_virtual_size(self) -> None:
        """Make the furthest scroll a whole number of cards (``card_scroll``), no layout pass."""
        fit_virtual_size(self, CARD_HEIGHT)

    def visible_row(self) -> int:
        """How many cards below the top of the view the cursor is."""
        return self.cursor - int(self.scroll_y) // CARD_HEIGHT

    def action_cursor(self, step: int) -> None:
        """Move the cursor by ``step`` cards."""
        if self.cards:
            self.cursor = max(0, min(self.cursor + step, len(self.cards) - 1))

    def action_column(self, step: int) -> None:
        """Ask the board to move to a neighbouring column."""
        self.post_message(self.ColumnStep(self, step))

    def action_page(self, direction: int) -> None:
        """Move the cursor by a screenful."""
        per_page = max(self.scrollable_content_region.height // CARD_HEIGHT, 1)
        self.action_cursor(direction * per_page)

    def action_jump(self, index: int) -> None:
        """Go to the first (0) or last (-1) card."""
        if self.cards:
            self.cursor = index if index >= 0 else len(self.cards) - 1

    async def _on_click(self, event: events.Click) -> None:
        index = (event.y + int(self.scroll_y)) // CARD_HEIGHT
        if 0 <= index < len(self.cards):
            self.focus()
            self.cursor = index

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the visible lines; the width is worked out once for all of them."""
        self._width = self.scrollable_content_region.width  # a walk through the styles
        self._focus = self._focus_is_here()
        try:
            drawn = [self.render_line(y) for y in crop.line_range]  # may clear the finish
            finish = self._finish
            if finish is None or finish.width != self.outer_size.width:
                finish = self._finish = finishing(self)
            if finish is None:  # a style Textual's pass must apply
                return super().render_lines(crop)
            return finish.lines(drawn, crop)
        finally:
            self._width = None

    def render_line(self, y: int) -> Strip:
        """Draw one line of the visible area."""
        width = self._width if self._width is not None else self.scrollable_content_region.width
        line = y + int(self.scroll_y)
        if not self.cards:
            if y == 0:
                style = self.get_visual_style("card--empty").rich_style
                return Strip([Segment(fit(" " + _("No deals"), width), style)], width)
            return Strip.blank(width, self.rich_style)
        # A card line depends on the card (its fields and version), the cursor and focus,
        # the width, the theme and what the list was shown with; a repaint of a card whose
        # line was drawn before (the columns a move touched) then costs a lookup. The time
        # of each load (``now``) counts only as the value line's stale mark.
        money = (self.money.currency, self.money.language)
        context = (width, self.app.theme, money, self.today)
        if context != self._lines_context or len(self._lines) > LINE_CACHE_SIZE:
            self._lines.clear()
            self._looks.clear()
            self._lines_context = context
            self._base = None
            self._finish = None
        if self._base is None:  # worked out from every ancestor's style: once per context
            self._base = self.rich_style
            self._blank = Strip.blank(width, self._base)
        index, row = divmod(line, CARD_HEIGHT)
        if index >= len(self.cards) or row == CARD_HEIGHT - 1:
            return self._blank
        card = self.cards[index]
        on_cursor = index == self.cursor
        stale = row == 2 and card.is_stale(self.now, self.stale_days)
        focus = on_cursor and (self._focus if self._width is not None else self._focus_is_here())
        key = (card, row, on_cursor, focus, stale)
        strip = self._lines.get(key)
        if strip is None:
            # A moved or saved card is a new ``Card`` (its version, phase, time of change) whose
            # lines mostly read as before: a line drawn for a card that looks the same is kept
            # under what it shows (moving a card back draws nothing, and the finished line's
            # filtering is kept on it too).
            look = (card._replace(id=0, updated_at="", phase_id=0, haystack="", version=0), key[1:])
            strip = self._looks.get(look)
            if strip is None:
                strip = self._looks[look] = self._draw_line(card, row, on_cursor, focus, width)
            self._lines[key] = strip
        return strip

    def _draw_line(self, card: Card, row: int, on_cursor: bool, focus: bool, width: int) -> Strip:
        base = self._base or self.rich_style
        self._on_cursor = on_cursor
        if on_cursor:
            cursor = "card--cursor-focused" if focus else "card--cursor"
            base = self.get_visual_style(cursor).rich_style
        segments = card_line(self, card, row, width - 2, base)
        return Strip([Segment(" ", base), *segments, Segment(" ", base)], width)

    def part_style(self, base: Style, component: str) -> Style:
        """``base`` with a part style (``card--dim``), as the line being drawn shows it."""
        if not component:
            return base
        # Visual styles resolve `auto` and alpha colours against the real background (a
        # partial Rich style turns `$text-muted` into white, even on a light theme). The
        # cursor card keeps its own colours, readable on its background; marks still show.
        part = self.get_visual_style(component, partial=self._on_cursor).rich_style
        return base + part.without_color if self._on_cursor else part
