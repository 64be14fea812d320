"""What the Dutch detail screen's tests check with: the app in Dutch and the screen's words.

The detail screen, its dialogs and its history values in a Dutch session
(``test_detail_dutch.py``, ``test_deal_dialogs_dutch.py``, ``test_history_values_dutch.py``):
the app started with ``lang="nl"``, the English words of the app that must not show, and the
screen's lines and sentences with borders and padding trimmed.
"""

from __future__ import annotations

import re

from tests.tui.conftest import FIXED_NOW
from tui.app import DealboardApp

# English words of the detail screen, its dialogs and toasts, none of which is Dutch.
ENGLISH = re.compile(
    r"\b(Save|Saved|Back|History|Title|Organization|Contact|Owner|Source|Value|Expected"
    r"|Probability|Next step|Note|Reason|Lost to|Closing|weighted|value|phase|closed"
    r"|Accept|Reject|Delete|deleted|Reopen|reopen|stays|Correct|Corrects|corrected|keeps"
    r"|marked|cancels|moves|picks|opens|saves|Before|After|by|When|Who|What|none|empty"
    r"|Changed|meanwhile|someone|Your|input|kept|mine|theirs|editing|discard|Unsaved"
    r"|New deal|created|already|again|yes|no|not|is not)\b"
)


def dutch_app(*, live_refresh: float | None = None) -> DealboardApp:
    """The app in Dutch; live refresh off unless asked, so only the test's keys change it."""
    return DealboardApp(
        user="tester", clock=lambda: FIXED_NOW, lang="nl", live_refresh=live_refresh
    )


def english_in(text: str) -> list[str]:
    """The English words of the app found in ``text``."""
    return ENGLISH.findall(text)


def lines(text: str) -> list[str]:
    """The screen's lines with borders and padding trimmed, for whole-line checks."""
    return [" ".join(line.strip(" █▀▄▔▁▊▎▌").split()) for line in text.splitlines()]


def prose(text: str) -> str:
    """The screen's text as one line, borders left out: a wrapped sentence is whole again."""
    return " ".join(line for line in lines(text) if line)
