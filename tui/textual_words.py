"""Textual's own key descriptions, marked so that the catalog holds them (Textual 8.2).

Help lists the keys of the widget with the cursor too, and those come from Textual's own
bindings (an ``Input``'s ctrl+w, a ``DataTable``'s pageup, the screen's tab). Their English
descriptions are listed here with ``N_`` so ``pybabel extract`` puts them in ``tui.po``; help
and the footer look each up with ``_()`` when shown, like the app's own descriptions. A test
checks that every description of the Textual widgets dealboard uses is in this list, so a
Textual upgrade that adds one is noticed.
"""

from __future__ import annotations

from tui.i18n import N_

TEXTUAL_KEY_WORDS = frozenset(
    {
        # App and Screen
        N_("Quit"),
        N_("Quit the app and return to the command prompt."),
        N_("Focus Next"),
        N_("Focus Previous"),
        # DataTable, OptionList and scrolling containers
        N_("Select"),
        N_("Cursor up"),
        N_("Cursor down"),
        N_("Cursor right"),
        N_("Cursor left"),
        N_("Page up"),
        N_("Page down"),
        N_("Page Up"),
        N_("Page Down"),
        N_("Top"),
        N_("Bottom"),
        N_("Scroll Up"),
        N_("Scroll Down"),
        N_("Up"),
        N_("Down"),
        N_("First"),
        N_("Last"),
        N_("Home"),
        N_("End"),
        N_("Scroll Left"),
        N_("Scroll Right"),
        N_("Scroll Home"),
        N_("Scroll End"),
        N_("Page Left"),
        N_("Page Right"),
        # Input
        N_("Move cursor left"),
        N_("Move cursor left and select"),
        N_("Move cursor left a word"),
        N_("Move cursor left a word and select"),
        N_("Move cursor right or accept the completion suggestion"),
        N_("Move cursor right and select"),
        N_("Move cursor right a word"),
        N_("Move cursor right a word and select"),
        N_("Delete character left"),
        N_("Delete character right"),
        N_("Select all"),
        N_("Go to start"),
        N_("Go to end"),
        N_("Select line start"),
        N_("Select line end"),
        N_("Submit"),
        N_("Delete left to start of word"),
        N_("Delete all to the left"),
        N_("Delete right to start of word"),
        N_("Delete all to the right"),
        N_("Cut selected text"),
        N_("Copy selected text"),
        N_("Paste text from the clipboard"),
        # Select
        N_("Show menu"),
        N_("Dismiss menu"),
        # TextArea
        N_("Cursor word left"),
        N_("Cursor word right"),
        N_("Cursor line start"),
        N_("Cursor line end"),
        N_("Cursor page up"),
        N_("Cursor page down"),
        N_("Cursor left word select"),
        N_("Cursor right word select"),
        N_("Cursor line start select"),
        N_("Cursor line end select"),
        N_("Cursor up select"),
        N_("Cursor down select"),
        N_("Cursor left select"),
        N_("Cursor right select"),
        N_("Select line"),
        N_("Cut"),
        N_("Copy"),
        N_("Paste"),
        N_("Delete to line start"),
        N_("Delete to line end"),
        N_("Delete line"),
        N_("Undo"),
        N_("Redo"),
        # Tabs
        N_("Previous tab"),
        N_("Next tab"),
    }
)
