"""What the phase configuration screen reads and shows: phases and reasons, as table rows."""

from __future__ import annotations

from typing import TypedDict

from rich.text import Text

from models.operations import reasons
from models.queries.view_types import PhaseSummary
from tui.formatting import Money, plain

# (label, width or None to fit the content); the names are cut with an ellipsis.
PHASE_COLUMNS = [
    ("Pos", None),
    ("Phase", 24),
    ("Prob.", None),
    ("Open", None),
    ("Deals", None),
    ("Open value", None),
    ("Archived", None),
]
REASON_COLUMNS = [("Reason", 40), ("Applies to", None), ("Archived", None)]


class ReasonRow(TypedDict):
    """A reason as the reasons table shows it."""

    id: int
    name: str
    applies_to: str
    archived: bool


class Configuration(TypedDict):
    """What the screen shows: phases with their usage, reasons, and the money settings."""

    phases: list[PhaseSummary]
    reasons: list[ReasonRow]
    settings: dict[str, str]


def load_configuration() -> Configuration:
    """Phases with their usage, reasons, and money settings (runs in a worker)."""
    from models.operations.settings import get_settings
    from models.queries.deal_views import phase_overview

    return {
        "phases": phase_overview(),
        "reasons": [
            {"id": r.id, "name": r.name, "applies_to": r.applies_to, "archived": bool(r.archived)}
            for r in reasons.all_reasons()
        ],
        "settings": get_settings(),
    }


def phase_cells(row: PhaseSummary, money: Money) -> tuple[Text | str, ...]:
    """One phase's cells, in the order of ``PHASE_COLUMNS``."""
    return (
        Text(str(row["position"]), justify="right"),
        plain(row["name"], "dim" if row["archived"] else "bold"),
        Text(f"{row['probability']}%", justify="right"),
        Text(str(row["open_count"]), justify="right"),
        Text(str(row["deals"]), justify="right"),
        Text(money.whole(row["open_value_cents"]), justify="right"),
        "archived" if row["archived"] else "",
    )


def reason_cells(reason: ReasonRow) -> tuple[Text | str, ...]:
    """One reason's cells, in the order of ``REASON_COLUMNS``."""
    return (
        plain(reason["name"], "dim" if reason["archived"] else ""),
        reason["applies_to"],
        "archived" if reason["archived"] else "",
    )
