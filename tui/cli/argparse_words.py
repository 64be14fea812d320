"""argparse's own words (``usage:``, ``options``, its errors) in the current language.

argparse looks each of its messages up through the module-level ``_`` and ``ngettext`` it
imported from the standard library's ``gettext``. Pointing those two names at the command
line's catalog (``tui/locale``) translates argparse's help headings and usage errors like
every other message. Its messages are listed here so extraction puts them in that catalog;
the texts are Python 3.11's (a message a later Python words differently stays English).
"""

from __future__ import annotations

import argparse

from tui.i18n import N_, TUI

MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
    N_("can't open '%(filename)s': %(error)s"),
)


def install() -> None:
    """Make argparse read its messages from the command line's catalog."""
    argparse._ = TUI.gettext  # type: ignore[attr-defined]
    argparse.ngettext = TUI.ngettext  # type: ignore[attr-defined]
