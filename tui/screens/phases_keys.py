"""The phase configuration screen's keys: which act on the phases table, which on the reasons.

The phase keys act while the phases table has the cursor, the reason keys while the reasons
table has it (``PhasesScreen.check_action``), so the footer offers only what the keys would do.
The same letter is bound twice (``n``, ``e``, ``x``); a key whose action is off falls through to
the next binding of that key. Help lists them all, grouped by table (``HELP_GROUPS``).
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

PHASE_ACTIONS = frozenset({"add", "rename", "probability", "move", "archive", "merge", "delete"})
REASON_ACTIONS = frozenset({"add_reason", "edit_reason", "archive_reason"})

# The tooltips are what help says; the footer shows the short descriptions.
KEYS: list[BindingType] = [
    # Back first: the footer shows the keys in this order as far as they fit beside "? Help"
    # (at 80 columns all but the last, Delete, which help lists).
    Binding("escape,q", "back", "Back", id="back", tooltip="Back to the board"),
    Binding("n", "add", "Add", id="add", tooltip="Add a phase"),
    Binding("e,enter", "rename", "Rename", id="rename", tooltip="Rename the phase"),
    Binding(
        "p",
        "probability",
        "Probability",
        id="probability",
        tooltip="Change the phase's win probability",
    ),
    # One footer entry for both directions: "K/J Move".
    Binding(
        "K,shift+up",
        "move(-1)",
        "Move",
        id="move-up",
        key_display="K/J",
        tooltip="Move the phase up",
    ),
    Binding(
        "J,shift+down",
        "move(1)",
        "Down",
        id="move-down",
        show=False,
        tooltip="Move the phase down",
    ),
    Binding(
        "x",
        "archive",
        "Archive",
        id="archive",
        tooltip="Archive the phase, or make an archived one active again",
    ),
    Binding("g", "merge", "Merge", id="merge", tooltip="Merge the phase into another one"),
    Binding(
        "d,delete",
        "delete",
        "Delete",
        id="delete",
        tooltip="Delete the phase (only if no deal has ever been in it)",
    ),
    Binding("n", "add_reason", "Add", id="reason-add", tooltip="Add a reason"),
    Binding(
        "e,enter",
        "edit_reason",
        "Edit",
        id="reason-edit",
        tooltip="Edit the reason: its name and what it applies to",
    ),
    Binding(
        "x",
        "archive_reason",
        "Archive",
        id="reason-archive",
        tooltip="Archive the reason, or make an archived one active again",
    ),
]
# Help lists every key, the ones of each table under its own heading.
HELP_GROUPS: dict[str, str] = {
    **dict.fromkeys(PHASE_ACTIONS, "On the phases table"),
    **dict.fromkeys(REASON_ACTIONS, "On the reasons table"),
}
