"""A scrolling column of deal cards drawn with the line API: only visible lines are rendered.

A phase can hold thousands of deals; mounting a widget per card would not scale. Every card
has the same height, so the virtual height is ``cards × CARD_HEIGHT`` and ``render_line``
works out which card and which of its lines to draw.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from models.domain.status import Status
from models.queries.board import Card
from models.queries.board_cards import id_position
from tui.formatting import Money, safe, short_date
from tui.i18n import N_, _
from tui.widgets.card_step import step_mark
from tui.widgets.card_value import value_line

CARD_HEIGHT = 5  # four lines of card and one blank line between cards
OVERRIDE_MARK = "◆"
OVERDUE_MARK = "!"
LINE_CACHE_SIZE = 2000  # drawn card lines kept per column (a few screenfuls)
# A closed card's title starts with its outcome: the mark and the component class that colours it.
OUTCOME_MARKS: dict[str, tuple[str, str]] = {
    Status.ACCEPTED: ("✓ ", "card--won"),
    Status.REJECTED: ("✗ ", "card--lost"),
}


def _fit(text: str, width: int) -> str:
    """Cut or pad ``text`` to exactly ``width`` cells."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, max(width - 1, 0)) + "…"
    return set_cell_size(text, width)


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
        self._lines_context: tuple[object, ...] = ()
        self._base: Style | None = None  # the list's style in this context
        self._width: int | None = None  # the lines' width while ``render_lines`` draws
        self._blank = Strip.blank(0)  # a blank line between cards, in this context

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
        self.cursor = index
        self.refresh()

    def watch_has_focus(self, _has_focus: bool) -> None:
        """Repaint on focus and blur (Textual does), without restyling the list.

        Textual restyles a widget with all its part styles when it gains or loses the focus,
        in case a ``:focus`` rule applies: a fifth of moving a card to the next column. No
        rule of the list depends on its focus; the cursor card's colours with the focus are
        a part style of their own (``card--cursor-focused``), picked as a line is drawn.
        """

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
        self.scroll_to(y=top * CARD_HEIGHT, animate=False, force=True, immediate=True)

    def on_resize(self) -> None:
        """Keep the cursor card in view when the column changes size."""
        self._update_virtual_size()
        self._scroll_to_cursor()

    def _update_virtual_size(self) -> None:
        """Make the furthest scroll a whole number of cards, so no card is ever cut at the top.

        The content is padded with up to four blank lines below the last card.
        """
        height = len(self.cards) * CARD_HEIGHT
        view = self.scrollable_content_region.height
        if view and height > view:
            whole_cards = -(-(height - view) // CARD_HEIGHT)  # ceiling division
            height = whole_cards * CARD_HEIGHT + view
        size, old = Size(0, height), self.virtual_size
        if size == old:
            return
        if view and old.height and (old.height > view) == (height > view):
            # The scrollbar stays (or stays away): setting ``virtual_size`` would lay out the
            # whole screen again (half the cost of moving a card); updating the scrollbar is
            # all a longer or shorter list needs.
            self.set_reactive(CardList.virtual_size, size)
            self._scroll_update(size)
            return
        self.virtual_size = size

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
        try:
            return super().render_lines(crop)
        finally:
            self._width = None

    def render_line(self, y: int) -> Strip:
        """Draw one line of the visible area."""
        width = self._width if self._width is not None else self.scrollable_content_region.width
        line = y + int(self.scroll_y)
        if not self.cards:
            if y == 0:
                style = self.get_visual_style("card--empty").rich_style
                return Strip([Segment(_fit(" " + _("No deals"), width), style)], width)
            return Strip.blank(width, self.rich_style)
        # A card line depends on the card (its fields and version), the cursor and focus,
        # the width, the theme and what the list was shown with; a repaint of a card whose
        # line was drawn before (the columns a move touched) then costs a lookup. The time
        # of each load (``now``) counts only as the value line's stale mark.
        money = (self.money.currency, self.money.language)
        context = (width, self.app.theme, money, self.today)
        if context != self._lines_context or len(self._lines) > LINE_CACHE_SIZE:
            self._lines.clear()
            self._lines_context = context
            self._base = None
        if self._base is None:  # worked out from every ancestor's style: once per context
            self._base = self.rich_style
            self._blank = Strip.blank(width, self._base)
        index, row = divmod(line, CARD_HEIGHT)
        if index >= len(self.cards) or row == CARD_HEIGHT - 1:
            return self._blank
        card = self.cards[index]
        on_cursor = index == self.cursor
        stale = row == 2 and card.is_stale(self.now, self.stale_days)
        key = (card, row, on_cursor, on_cursor and self.has_focus, stale)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._lines[key] = self._draw_line(card, row, on_cursor, width)
        return strip

    def _draw_line(self, card: Card, row: int, on_cursor: bool, width: int) -> Strip:
        base = self._base or self.rich_style
        self._on_cursor = on_cursor
        if on_cursor:
            cursor = "card--cursor-focused" if self.has_focus else "card--cursor"
            base = self.get_visual_style(cursor).rich_style
        segments = self._card_line(card, row, width - 2, base)
        return Strip([Segment(" ", base), *segments, Segment(" ", base)], width)

    def _style(self, base: Style, component: str) -> Style:
        if not component:
            return base
        # Visual styles resolve `auto` and alpha colours against the real background (a
        # partial Rich style turns `$text-muted` into white, even on a light theme). The
        # cursor card keeps its own colours, readable on its background; marks still show.
        part = self.get_visual_style(component, partial=self._on_cursor).rich_style
        return base + part.without_color if self._on_cursor else part

    def _card_line(self, card: Card, row: int, width: int, base: Style) -> list[Segment]:
        if row == 0:
            mark = OUTCOME_MARKS.get(card.status)
            if mark:
                title = _fit(safe(card.title), width - 2)
                return [
                    Segment(mark[0], self._style(base, mark[1])),
                    Segment(title, self._style(base, "card--title")),
                ]
            return [Segment(_fit(safe(card.title), width), self._style(base, "card--title"))]
        if row == 1:
            mark = step_mark(card, self.today, width)
            if not mark.text:
                org = _fit(safe(card.organization), width)
                return [Segment(org, self._style(base, "card--dim"))]
            org = _fit(safe(card.organization), max(width - cell_len(mark.text) - 1, 0)) + " "
            return [
                Segment(org, self._style(base, "card--dim")),
                Segment(mark.text, self._style(base, mark.component)),
            ]
        if row == 2:
            chance = f"{card.probability}%"
            if card.override:
                chance = OVERRIDE_MARK + chance
            stale = card.is_stale(self.now, self.stale_days)
            line = value_line(
                self.money, card.value_cents, chance, stale, width, override=card.override
            )
            segments = [Segment(line.amount, base)]
            if line.stale:
                segments.append(Segment(line.stale, self._style(base, "card--stale")))
            if line.chance:
                style = self._style(base, "card--override" if card.override else "")
                segments.append(Segment(line.chance, style))
            return segments
        date = short_date(card.close_date, self.today)
        right: list[Segment] = []
        if date:
            if card.is_overdue(self.today):
                date = OVERDUE_MARK + date
                right.append(Segment(date, self._style(base, "card--overdue")))
            else:
                right.append(Segment(date, self._style(base, "card--dim")))
        owner_width = max(width - cell_len(date) - 1, 0)
        owner = safe(card.owner)
        if cell_len(owner) > owner_width:  # narrow column: the first name says enough
            owner = owner.split(" ")[0]
        return [Segment(_fit(owner, owner_width) + " ", self._style(base, "card--dim")), *right]
