"""Suggestions as you type in free-text inputs: the values in use, read in a worker, kept briefly.

Reading them groups every deal by each column, about a second for five columns on 100,000
deals, so forms open at once and get their suggestions when the worker answers; the values
are kept for ``MAX_AGE_SECONDS`` per app, so opening deal after deal reads them once.
``models.queries.suggestions`` decides what is suggested and in which order.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from textual.app import App
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.suggester import SuggestFromList
from textual.widgets import Input

from models.queries.suggestions import used_values
from tui.dbwork import run_db

MAX_AGE_SECONDS = 30.0

Values = dict[str, list[str]]


@dataclass
class _Kept:
    """The values read last for one app, and when (``time.monotonic``)."""

    values: Values = field(default_factory=dict)
    read_at: dict[str, float] = field(default_factory=dict)

    def fresh(self, fields: Iterable[str]) -> Values | None:
        """The kept values of ``fields`` if all were read recently enough, else None."""
        now = time.monotonic()
        wanted = list(fields)
        if all(
            name in self.read_at and now - self.read_at[name] < MAX_AGE_SECONDS for name in wanted
        ):
            return {name: self.values[name] for name in wanted}
        return None

    def keep(self, values: Values) -> None:
        """Keep what a worker read, dated now."""
        now = time.monotonic()
        for name, found in values.items():
            self.values[name] = found
            self.read_at[name] = now


_kept: weakref.WeakKeyDictionary[App[object], _Kept] = weakref.WeakKeyDictionary()


def set_suggestions(root: DOMNode, selectors: Mapping[str, str], values: Values) -> None:
    """Give each input (``selectors``: field → CSS selector under ``root``) its suggestions.

    Matching ignores case; the suggestion is completed with the value's own spelling. An
    input no longer there (a form closed meanwhile) is skipped.
    """
    for name, selector in selectors.items():
        try:
            widget = root.query_one(selector, Input)
        except NoMatches:
            continue
        widget.suggester = SuggestFromList(values.get(name, []), case_sensitive=False)


def load_suggestions(node: DOMNode, fields: Iterable[str], apply: Callable[[Values], None]) -> None:
    """Call ``apply`` with the suggestions of ``fields``, kept ones or those a worker reads.

    Kept ones are applied after the next refresh, since ``node`` may not be composed yet.
    The worker belongs to ``node``: when it goes away (a form closed) the answer is dropped.
    """
    wanted = tuple(fields)
    kept = _kept.setdefault(node.app, _Kept())
    fresh = kept.fresh(wanted)
    if fresh is not None:
        node.call_after_refresh(apply, fresh)
        return

    def loaded(values: Values) -> None:
        kept.keep(values)
        apply(values)

    run_db(node, used_values, wanted, on_done=loaded, group="suggestions", exclusive=True)
