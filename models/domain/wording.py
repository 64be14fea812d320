"""The words people read about deals: field labels, history lines and stored times.

Every word is in ``WORDS``, one mapping, so a translation replaces one table. The command
line, the screens and the typed errors name a field, say what a history event did and show
a stored time through these functions, so they all say the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from models.domain.i18n import (
    N_,
    SOURCE_LANGUAGE,
    _,
    current_language,
    format_date,
    format_whole_percent,
)
from models.domain.money import format_money

WORDS: dict[str, str] = {
    # A field's label; a field missing here is labelled by its name ("created_at": "Created at").
    "field.title": N_("Title"),
    "field.organization": N_("Organization"),
    "field.contact": N_("Contact"),
    "field.owner": N_("Owner"),
    "field.source": N_("Source"),
    "field.competitor": N_("Competitor"),
    "field.close_note": N_("Closing note"),
    "field.note": N_("Note"),
    "field.value": N_("Value"),
    "field.value_cents": N_("Value"),
    "field.probability": N_("Probability"),
    "field.probability_override": N_("Probability override"),
    "field.probability_at_close": N_("Probability at close"),
    "field.closed_at": N_("Closed at"),
    "field.expected_close": N_("Expected close"),
    "field.next_step": N_("Next step"),
    "field.next_step_date": N_("Next step date"),
    "field.phase": N_("Phase"),
    "field.status": N_("Status"),
    "field.reason": N_("Reason"),
    "field.phase_name": N_("Phase name"),
    "field.reason_name": N_("Reason name"),
    "field.path": N_("File"),
    "field.login": N_("Login"),
    "field.name": N_("Name"),
    # One history event as a history list shows it, beside when and who.
    "history.created": N_("created: {new}"),
    "history.deleted": N_("deleted"),
    "history.restored": N_("restored"),
    "history.changed": N_("{field}: {old} → {new}"),
    "history.empty": N_("(empty)"),
    # One history event in a sentence that names who did it (a conflict's explanation).
    "sentence.created": N_("{actor} created it"),
    "sentence.deleted": N_("{actor} deleted it"),
    "sentence.restored": N_("{actor} restored it"),
    "sentence.changed": N_("{actor} changed {field} from {old} to {new}"),
}
# The kinds of history event that change no single field: they say what happened instead.
WHOLE_DEAL_EVENTS = ("created", "deleted", "restored")
LOCAL_TIME_FORMAT = "%Y-%m-%d %H:%M"
# The fields whose stored history values are amounts, dates, times or whole percentages.
AMOUNT_FIELDS = ("value", "value_cents")
DATE_FIELDS = ("expected_close", "next_step_date")
TIME_FIELDS = ("closed_at", "deleted_at", "created_at", "updated_at")
PERCENT_FIELDS = ("probability", "probability_override", "probability_at_close")
WHOLE_NUMBER = re.compile(r"-?[0-9]+")


def field_label(name: str, *, capital: bool = True) -> str:
    """A field's label, ``Closing note``; ``capital=False`` inside a sentence: ``closing note``."""
    label = WORDS.get(f"field.{name}")
    if label is None:
        words = name.replace("_", " ")
        return words.capitalize() if capital else words
    label = _(label)
    return label if capital else label[:1].lower() + label[1:]


def readable_value(field: str, value: str | None, currency: str | None = None) -> str | None:
    """A stored history value as the session's language writes it: ``€ 6.500,00`` in Dutch.

    History stores amounts (``6500.00``), dates (``2026-11-29``), UTC times and whole
    percentages (``75``) in one form. English shows them as stored, as it always has; another
    language writes amounts through ``format_money`` in ``currency`` (left as stored when the
    currency is not given), dates through ``format_date``, times through ``local_time`` and
    percentages as ``75 %``. A value that is not what its field holds (another client's, or
    one marked with ⚠) is shown as it is.
    """
    if value is None or value == "" or current_language() == SOURCE_LANGUAGE:
        return value
    try:
        if field in AMOUNT_FIELDS and currency is not None:
            cents = Decimal(value) * 100
            if cents.is_finite() and cents == cents.to_integral_value():
                return format_money(int(cents), currency, current_language())
        elif field in DATE_FIELDS:
            return format_date(dt.date.fromisoformat(value))
        elif field in TIME_FIELDS:
            return local_time(dt.datetime.fromisoformat(value))
        elif field in PERCENT_FIELDS and WHOLE_NUMBER.fullmatch(value):
            return format_whole_percent(int(value))
    except (ValueError, InvalidOperation):
        pass
    return value


def history_value(value: str | None, width: int | None = None) -> str:
    """An old or new value in a history line; with ``width``, its first line cut to that size."""
    if value in (None, ""):
        return _(WORDS["history.empty"])
    if width is None:
        return value
    first = value.split("\n", 1)[0]
    if len(first) > width or first != value:
        return first[:width].rstrip() + "…"
    return first


def history_line(
    what: str,
    old: str | None,
    new: str | None,
    *,
    width: int | None = None,
    currency: str | None = None,
) -> str:
    """What one history event says: ``created: Website``, ``deleted``, ``value: 10.00 → 20.00``.

    ``what`` is the event's field, or its kind when it changed no single field (``created``,
    ``deleted``, ``restored``); ``width`` shortens long values (see ``history_value``). The
    values are written as the session's language writes them (``readable_value``; amounts in
    the database's ``currency``).
    """
    if what == "created":
        return _(WORDS["history.created"]).format(new=history_value(new, width))
    if what in WHOLE_DEAL_EVENTS:
        return _(WORDS[f"history.{what}"])
    return _(WORDS["history.changed"]).format(
        field=field_label(what, capital=False),
        old=history_value(readable_value(what, old, currency), width),
        new=history_value(readable_value(what, new, currency), width),
    )


def change_sentence(
    actor: str,
    what: str,
    old: str | None,
    new: str | None,
    *,
    width: int | None = None,
    currency: str | None = None,
) -> str:
    """One history event as a sentence naming who did it: ``anna changed value from 1 to 2``.

    Values as in ``history_line``: written as the session's language writes them.
    """
    if what in WHOLE_DEAL_EVENTS:
        return _(WORDS[f"sentence.{what}"]).format(actor=actor)
    return _(WORDS["sentence.changed"]).format(
        actor=actor,
        field=field_label(what, capital=False),
        old=history_value(readable_value(what, old, currency), width),
        new=history_value(readable_value(what, new, currency), width),
    )


def local_time(value: dt.datetime | str | None) -> str:
    """A stored UTC time in the local time zone, to the minute, as the language writes dates.

    ``2026-11-27 10:00`` in English, ``27-11-2026 10:00`` in Dutch (the date through
    ``format_date``, so both columns keep one width). None is shown as nothing; text (a
    stored value shown marked) is shown as it is.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    local = value.replace(tzinfo=dt.UTC).astimezone()
    if current_language() == "en":
        return local.strftime(LOCAL_TIME_FORMAT)
    return f"{format_date(local.date())} {local:%H:%M}"
