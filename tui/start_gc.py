"""The cyclic garbage collector waits while the app starts, until the board's first frame.

Starting the app makes a few hundred thousand objects that live as long as the process:
modules, classes, parsed styles, the screens' widgets. CPython's collector looks through the
young ones every 700 allocations and through all of them whenever the old generation has
grown by a quarter, so on the way to the first painted board (100k deals) it ran about 120
times and took 25–40 ms of CPU, a full pass alone 15–20 ms, to find almost nothing: a
collection right after the first frame finds about 4,000 unreachable objects among 80,000.

``pause()`` (the ``dealboard`` entry point: before anything else for a command line that can
only start the app, else before Textual is imported) turns the collector off; ``resume()``
(the board, once its first cards are painted) moves everything made so far into the
permanent generation (``gc.freeze``), so that no later pass looks through it again, and
turns the collector back on. The few cycles of garbage made during start-up stay in
memory for good: a one-time few hundred KiB, not a growing cost. Reference counting frees
everything else as usual while the collector waits.

A process that never paused (tests that build the app themselves, an embedding) is left
alone: ``resume()`` then does nothing. Should the entry point return without a board frame
(an error before the app, a command after all), ``release()`` turns the collector back on
without freezing anything.
"""

from __future__ import annotations

import gc

# The longest the collector stays off, in seconds, should the board never paint its cards
# (a database error shown instead, say): the board starts a timer for it.
LONGEST_PAUSE = 10.0

_paused = False


def pause() -> None:
    """Turn the cyclic garbage collector off until ``resume()`` (start-up only)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def paused() -> bool:
    """Whether ``pause()`` turned the collector off and nothing has turned it back on."""
    return _paused


def resume() -> None:
    """Keep what start-up made out of later passes, and turn the collector back on.

    Only after ``pause()``; a second call does nothing.
    """
    global _paused
    if not _paused:
        return
    _paused = False
    gc.freeze()
    gc.enable()


def release() -> None:
    """Turn the collector back on, freezing nothing, if ``pause()`` turned it off and it still is.

    For the entry point on its way out: start-up ended without the board's first frame (the
    database could not be opened, the app quit first), so nothing is kept out of later passes.
    """
    global _paused
    if _paused:
        _paused = False
        gc.enable()
