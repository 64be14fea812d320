"""The phase configuration screen's keys: which act on the phases table, which on the reasons.

The phase keys act while the phases table has the cursor, the reason keys while the reasons
table has it (``PhasesScreen.check_action``), so the footer offers only what the keys would do.
The same letter is bound twice (``n``, ``e``, ``x``); a key whose action is off falls through to
the next binding of that key. Help lists them all, grouped by table (``HELP_GROUPS``).
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from tui.i18n import N_

PHASE_ACTIONS = frozenset({"add", "rename", "probability", "move", "archive", "merge", "delete"})
REASON_ACTIONS = frozenset({"add_reason", "edit_reason", "archive_reason"})

# The tooltips are what help says; the footer shows the short descriptions. Both are marked
# N_ here and translated where they are shown (the footer and help).
KEYS: list[BindingType] = [
    # Back first: the footer shows the keys in this order as far as they fit beside "? Help"
    # (at 80 columns all but the last, Delete, which help lists).
    Binding("escape,q", "back", N_("Back"), id="back", tooltip=N_("Back to the board")),
    Binding("n", "add", N_("Add"), id="add", tooltip=N_("Add a phase")),
    Binding("e,enter", "rename", N_("Rename"), id="rename", tooltip=N_("Rename the phase")),
    Binding(
        "p",
        "probability",
        N_("Probability"),
        id="probability",
        tooltip=N_("Change the phase's win probability"),
    ),
    # One footer entry for both directions: "K/J Move".
    Binding(
        "K,shift+up",
        "move(-1)",
        N_("Move"),
        id="move-up",
        key_display="K/J",
        tooltip=N_("Move the phase up"),
    ),
    Binding(
        "J,shift+down",
        "move(1)",
        N_("Down"),
        id="move-down",
        show=False,
        tooltip=N_("Move the phase down"),
    ),
    Binding(
        "x",
        "archive",
        N_("Archive"),
        id="archive",
        tooltip=N_("Archive the phase, or make an archived one active again"),
    ),
    Binding("g", "merge", N_("Merge"), id="merge", tooltip=N_("Merge the phase into another one")),
    Binding(
        "d,delete",
        "delete",
        N_("Delete"),
        id="delete",
        tooltip=N_("Delete the phase (only if no deal has ever been in it)"),
    ),
    Binding("n", "add_reason", N_("Add"), id="reason-add", tooltip=N_("Add a reason")),
    Binding(
        "e,enter",
        "edit_reason",
        N_("Edit"),
        id="reason-edit",
        tooltip=N_("Edit the reason: its name and what it applies to"),
    ),
    Binding(
        "x",
        "archive_reason",
        N_("Archive"),
        id="reason-archive",
        tooltip=N_("Archive the reason, or make an archived one active again"),
    ),
]
# Help lists every key, the ones of each table under its own heading.
HELP_GROUPS: dict[str, str] = {
    **dict.fromkeys(PHASE_ACTIONS, N_("On the phases table")),
    **dict.fromkeys(REASON_ACTIONS, N_("On the reasons table")),
}
