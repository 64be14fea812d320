"""The deal detail screen's keys and the explanation its help shows below them."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from tui.i18n import N_

# The help screen's explanation of the detail screen, below its list of keys.
DETAIL_HELP = N_(
    "\nLetters act as keys when the cursor is not in a text field (press tab to leave the"
    " history and enter the form, shift+tab to go back). Probability: leave empty to use"
    " the phase's probability; a number overrides it until the deal changes phase."
    " enter on a history line shows its whole old and new value, who and when."
    " A grey suggestion after the text (owner, organization, …) is taken with → at the"
    " end of the text."
)

DETAIL_BINDINGS: list[BindingType] = [
    Binding("ctrl+s", "save", N_("Save"), id="save"),
    Binding("escape", "leave", N_("Back"), id="back"),
    Binding("q", "leave", N_("Back"), show=False, id="back-q"),
    Binding(
        "a",
        "close('accepted')",
        N_("Won"),
        id="accept",
        tooltip=N_("Accept the deal (won); a lost deal is corrected to won, its close date kept"),
    ),
    Binding(
        "r",
        "close('rejected')",
        N_("Lost"),
        id="reject",
        tooltip=N_("Reject the deal (lost); a won deal is corrected to lost, its close date kept"),
    ),
    Binding("o", "reopen", N_("Reopen"), id="reopen"),
    Binding(
        "shift+right,greater_than_sign",
        "step(1)",
        N_("Next"),  # as on the board: short enough for the footer in Dutch too
        id="next-phase",
        key_display=">",
        tooltip=N_("Move the deal to the next phase"),
    ),
    Binding(
        "shift+left,less_than_sign",
        "step(-1)",
        N_("Previous"),
        id="prev-phase",
        key_display="<",
        show=False,
        tooltip=N_("Move the deal to the previous phase"),
    ),
    Binding("d", "delete", N_("Delete"), id="delete"),
]
