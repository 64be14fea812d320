"""The command line's and the app's messages in the current language (``tui/locale``).

``_``, ``ngettext`` and ``pgettext`` look each message up when called, in the language
``models.domain.i18n.set_language`` made current; see that module for the whole machinery.
"""

from __future__ import annotations

from pathlib import Path

from models.domain.i18n import N_, Messages

TUI = Messages("tui", Path(__file__).resolve().parent / "locale")
_ = TUI.gettext
ngettext = TUI.ngettext
pgettext = TUI.pgettext
__all__ = ["N_", "TUI", "_", "ngettext", "pgettext"]
