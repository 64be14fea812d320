"""What the deal detail screen reads and shows: the loaded deal, its form values, history lines."""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from models.domain.i18n import current_language
from models.domain.probability import weighted_cents
from models.domain.status import Status
from models.domain.wording import history_line, local_time
from models.queries.view_types import DealWithHistory, HistoryEntry
from models.storage.stored_values import BadValue
from tui.formatting import Money, safe
from tui.i18n import _
from tui.input_text import shown_in_input
from tui.modals.history_entry import readable_values
from tui.validators import shown_amount, shown_date


class DetailData(DealWithHistory):
    """What the detail screen shows: the deal, its history and what the screen needs beside."""

    history_at: list[dt.datetime | None]  # each history line's time, for local display
    reasons: list[tuple[str, str]]  # (shown, stored) names the deal's outcome may have
    settings: dict[str, str]


def load_detail(deal_id: int) -> DetailData:
    """Read a deal, its history and the reasons it may have (runs in a worker)."""
    from models.operations.lookup import find_deal
    from models.operations.reasons import reasons_for
    from models.operations.settings import get_settings
    from models.queries.deal_views import deal_history, deal_to_dict

    deal = find_deal(deal_id, include_deleted=True)
    outcome = deal.status if deal.status != Status.OPEN else Status.ACCEPTED
    return {
        **deal_to_dict(deal),
        "history": deal_history(deal.id),
        "history_at": [
            # A time another client stored in another shape stays blank, not a failed screen.
            event.at if isinstance(event.at, dt.datetime) else None
            for event in deal.events.order_by(deal.events.model.id)
        ],
        "reasons": [(safe(reason.name), reason.name) for reason in reasons_for(outcome)],
        "settings": get_settings(),
    }


def deal_version(deal_id: int) -> int | None:
    """The deal's current version, one cheap read (runs in a worker)."""
    from models.storage.schema import Deal

    return Deal.select(Deal.version).where(Deal.id == deal_id).scalar()


def form_values(data: DetailData) -> dict[str, str]:
    """The text each input shows for a loaded deal.

    Each input holds the real text (``tui.input_text``): only characters validation refuses,
    which only raw SQL can store, are shown escaped; saving maps them back. Amounts and dates
    are written as the session's language writes them (``12.500,00``, ``31-01-2027`` in
    Dutch), exactly: every cent is kept.
    """
    override = data["probability_override"]
    cents = data["value_cents"]
    values = {
        name: shown_in_input(data[name])
        for name in (
            "title",
            "organization",
            "contact",
            "owner",
            "source",
            "competitor",
            "close_note",
        )
    }
    return {
        **values,
        "value": data["value"] if cents is None else shown_amount(cents),
        "expected_close": shown_date(data["expected_close"]),
        "probability_override": "" if override is None else str(override),
        "note": shown_in_input(data["note"], multiline=True),
        "reason": data["reason"] or "",
        "next_step": shown_in_input(data["next_step"]),
        "next_step_date": shown_date(data["next_step_date"]),
    }


def parse_iso(value: str | None) -> dt.datetime | None:
    """Turn a ``2026-11-27T09:00:00Z`` string from ``deal_to_dict`` back into a datetime."""
    if not value:
        return None
    return dt.datetime.fromisoformat(value.rstrip("Z"))


def when(value: object) -> str:
    """A stored time for the screen: local time, or a value stored badly shown marked."""
    if isinstance(value, BadValue):
        return value.marked
    if isinstance(value, str):
        try:
            value = parse_iso(value)
        except ValueError:  # deal_to_dict's marked text for a value stored badly
            return safe(value)
    return local_time(value) if isinstance(value, dt.datetime) else ""


def heading_text(data: DetailData) -> Text:
    """The screen's first two lines: number and title; status and figures, phase, version."""
    # The session's language, as the value input below it writes the amount.
    money = Money(data["settings"]["currency"], current_language())
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"#{data['id']} ", style="bold")
    text.append(safe(data["title"]), style="bold")
    text.append("\n")
    status = Status(data["status"])
    # Reversed, not coloured: green or red on the heading's tinted background falls below
    # 4.5:1 in most themes, reversed text keeps the contrast of the heading's own text.
    style = "" if status == Status.OPEN else "bold reverse"
    text.append(status.label.upper() if status.is_closed else status.label, style=style)
    if data["deleted_at"]:
        text.append(" · ")
        text.append(_("DELETED"), style="bold reverse")
    # The figures (the value with its cents) come before the phase name: the user's text,
    # which may be cut at the screen's edge.
    cents = data["value_cents"]
    if cents is None:
        text.append(" · ")
        text.append(_("value {value}").format(value=safe(data["value"])), style="bold reverse")
    else:
        text.append(" · " + _("value {value}").format(value=money.full(cents)))
    if data["status"] != Status.OPEN:
        closed = _("closed {time} at {chance} %").format(
            time=when(data["closed_at"]), chance=data["probability_at_close"]
        )
        text.append(" · " + closed)
    elif cents is not None:
        weighted = weighted_cents(cents, data["effective_probability"])
        text.append(" · " + _("weighted {value}").format(value=money.full(weighted)))
    phase = _("phase {phase} ({chance} %)").format(
        phase=safe(data["phase"]), chance=data["phase_probability"]
    )
    text.append(" · " + phase)
    text.append(" · " + _("v{version}").format(version=data["version"]))
    return text


HISTORY_VALUE_CHARS = 60  # a note can be long: the history table shows its start


def describe_event(event: HistoryEntry, currency: str | None = None) -> str:
    """One history line: what changed, old → new (long values shortened).

    Values as the session's language writes them, amounts in ``currency`` (the database's).
    """
    what = event["field"] or event["kind"]
    old, new = readable_values(what, event["old_value"], event["new_value"])
    return history_line(what, old, new, width=HISTORY_VALUE_CHARS, currency=currency)
