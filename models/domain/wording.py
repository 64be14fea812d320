"""The words people read about deals: field labels, history lines and stored times.

Every word is in ``WORDS``, one mapping, so a translation replaces one table. The command
line, the screens and the typed errors name a field, say what a history event did and show
a stored time through these functions, so they all say the same thing.
"""

from __future__ import annotations

import datetime as dt

WORDS: dict[str, str] = {
    # A field's label; a field missing here is labelled by its name ("created_at": "Created at").
    "field.title": "Title",
    "field.organization": "Organization",
    "field.contact": "Contact",
    "field.owner": "Owner",
    "field.source": "Source",
    "field.competitor": "Competitor",
    "field.close_note": "Closing note",
    "field.note": "Note",
    "field.value": "Value",
    "field.value_cents": "Value",
    "field.probability": "Probability",
    "field.expected_close": "Expected close",
    "field.next_step": "Next step",
    "field.next_step_date": "Next step date",
    "field.phase_name": "Phase name",
    "field.reason_name": "Reason name",
    # One history event as a history list shows it, beside when and who.
    "history.created": "created: {new}",
    "history.deleted": "deleted",
    "history.restored": "restored",
    "history.changed": "{field}: {old} → {new}",
    "history.empty": "(empty)",
    # One history event in a sentence that names who did it (a conflict's explanation).
    "sentence.created": "{actor} created it",
    "sentence.deleted": "{actor} deleted it",
    "sentence.restored": "{actor} restored it",
    "sentence.changed": "{actor} changed {field} from {old} to {new}",
}
# The kinds of history event that change no single field: they say what happened instead.
WHOLE_DEAL_EVENTS = ("created", "deleted", "restored")
LOCAL_TIME_FORMAT = "%Y-%m-%d %H:%M"


def field_label(name: str, *, capital: bool = True) -> str:
    """A field's label, ``Closing note``; ``capital=False`` inside a sentence: ``closing note``."""
    label = WORDS.get(f"field.{name}")
    if label is None:
        words = name.replace("_", " ")
        return words.capitalize() if capital else words
    return label if capital else label[:1].lower() + label[1:]


def history_value(value: str | None, width: int | None = None) -> str:
    """An old or new value in a history line; with ``width``, its first line cut to that size."""
    if value in (None, ""):
        return WORDS["history.empty"]
    if width is None:
        return value
    first = value.split("\n", 1)[0]
    if len(first) > width or first != value:
        return first[:width].rstrip() + "…"
    return first


def history_line(what: str, old: str | None, new: str | None, *, width: int | None = None) -> str:
    """What one history event says: ``created: Website``, ``deleted``, ``value: 10.00 → 20.00``.

    ``what`` is the event's field, or its kind when it changed no single field (``created``,
    ``deleted``, ``restored``); ``width`` shortens long values (see ``history_value``).
    """
    if what == "created":
        return WORDS["history.created"].format(new=history_value(new, width))
    if what in WHOLE_DEAL_EVENTS:
        return WORDS[f"history.{what}"]
    return WORDS["history.changed"].format(
        field=field_label(what, capital=False),
        old=history_value(old, width),
        new=history_value(new, width),
    )


def change_sentence(
    actor: str, what: str, old: str | None, new: str | None, *, width: int | None = None
) -> str:
    """One history event as a sentence naming who did it: ``anna changed value from 1 to 2``."""
    if what in WHOLE_DEAL_EVENTS:
        return WORDS[f"sentence.{what}"].format(actor=actor)
    return WORDS["sentence.changed"].format(
        actor=actor,
        field=field_label(what, capital=False),
        old=history_value(old, width),
        new=history_value(new, width),
    )


def local_time(value: dt.datetime | str | None) -> str:
    """A stored UTC time in the local time zone, to the minute: ``2026-11-27 10:00``.

    None is shown as nothing; text (a stored value shown marked) is shown as it is.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.replace(tzinfo=dt.UTC).astimezone().strftime(LOCAL_TIME_FORMAT)
