"""The app's own English words, taken from the app, to check that a Dutch screen shows none.

The list is built, not typed:

1. **Catalog words.** Every message of ``tui/locale/nl/LC_MESSAGES/tui.po`` and
   ``models/locale/nl/LC_MESSAGES/models.po`` (the texts ``models`` makes for the screen:
   ``WORDS``, statuses, errors) whose Dutch translation differs from the English: the words of
   its English ``msgid`` (and ``msgid_plural``).
2. **Source words.** The English text in ``tui/`` that is not (yet) in the catalog: every
   string literal of ``tui/**/*.py`` that reads like text for people (it holds a space, or
   starts with a capital followed by a small letter: ``"Back"``, ``"Back to the board"``;
   not an identifier, key name or id such as ``"escape,q"`` or ``"input-value"``), docstrings
   left out. So a string nobody wrapped in ``_()`` still counts.
3. **Framework words** the app shows from Textual itself: the command palette's system
   commands (``App.get_system_commands``: "Theme", "Quit the application…") and its
   placeholder ("Search for commands…").

A word is a run of letters of at least ``MIN_LETTERS`` (3, so "New", "Won", "Add" and "the"
count), compared without case; a hyphenated word is one word ("back-up"). ``{fields}``,
``[markup]``, `` `commands` ``, ``dealboard …`` command lines, ``--options`` and ``snake_case``
names are removed first (they are never translated). Then these are dropped:

- every word a Dutch translation in either catalog has where its English does not (so a
  word both have, such as a quoted command, proves nothing), and Babel's Dutch month and day
  names ("dec", "november");
- every word of the user data on screen: the database's deal texts, phase, reason and person
  names, history values and actors, the user's login, theme names, and what the test types
  (a Dutch demo has deals named "Website" or sources named "Partner": data, not app strings);
- ``ALLOWED``: the words both languages write alike ("open", "filter", "status", "agenda"),
  each with its reason.

On screen, key names in lower case (``KEY_NAMES``: "ctrl+s", "shift+right", "home") and file
paths are not words; "Home" or "Delete" as a description is.
"""

from __future__ import annotations

import ast
import inspect
import re
import sqlite3
import textwrap
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = (
    ROOT / "tui" / "locale" / "nl" / "LC_MESSAGES" / "tui.po",
    ROOT / "models" / "locale" / "nl" / "LC_MESSAGES" / "models.po",
)
SOURCE = ROOT / "tui"
MIN_LETTERS = 3
# Not prose: `dealboard report`, --probability, phase_position (commands, options, names).
# A command line quoted without backticks ("dealboard setting set language nl") as well.
CODE = r"`[^`]*`|\bdealboard(?: [a-z][\w-]*)+|(?<![\w-])--?\w[\w-]*|\w*_\w*"
# On screen also file paths (/home/anna/x.csv, or a wrapped tail anna/exports/x.csv): data, not
# words; "Won/lost" is no path.
CODE_ON_SCREEN = re.compile(CODE + r"|(?<!\S)(?:/\S+|\S+/\S+/\S*|\S*/\S+\.[a-z]{2,4}\b)")
# Nor are a message's {count}, [b], [/] or [$accent].
FIELDS = re.compile(r"\{[^{}]*\}|\[/?[a-z$][^\]]*\]|" + CODE)
# A word: letters, or letters joined by hyphens ("back-up", "read-only", "e-mail").
LETTERS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
PROSE = re.compile(r"\s|^[A-Z][a-z]")
FRAME = re.compile(r"[\u2500-\u259f]+")  # box drawing and blocks: borders, scrollbars

# Keys stay as keys (the footer's and help's "ctrl+s", "shift+right", "home"): a key's name in
# lower case on screen is no English; capitalised ("Home", "Delete") it is a description.
KEY_NAMES = frozenset(
    [
        "enter",
        "escape",
        "esc",
        "ctrl",
        "shift",
        "space",
        "tab",
        "home",
        "end",
        "left",
        "right",
        "up",
        "down",
        "pageup",
        "pagedown",
        "delete",
        "backspace",
        "insert",
    ]
)
# Words both languages write the same way (a Dutch translation has them only where its English
# has them too, so the catalogs cannot tell), with why each is Dutch as well.
ALLOWED: dict[str, str] = {
    "open": "Dutch too: de status open, een deal openen (enter Open)",
    "filter": "Dutch too: het filter (f Filter)",
    "status": "Dutch too: de status (a list column)",
    "agenda": "Dutch too: de agenda (the screen's name)",
    "week": "Dutch too: deze week (an agenda group)",
    "later": "Dutch too: later (an agenda group)",
    "trend": "Dutch too: de trend (a management tab)",
    "database": "Dutch too: de database",
    "terminal": "Dutch too: een terminal",
    "team": "Dutch too: het team",
    "min": "Dutch too: min., short for minimum (Min. deals)",
    "pos": "Dutch too: pos, short for positie (the phases table)",
    "csv": "a file format's name",
    "svg": "a file format's name",
}

# The user-data columns a screen shows: (table, column).
USER_TEXT = (
    ("deal", "title"),
    ("deal", "organization"),
    ("deal", "contact"),
    ("deal", "owner"),
    ("deal", "source"),
    ("deal", "competitor"),
    ("deal", "close_note"),
    ("deal", "note"),
    ("deal", "next_step"),
    ("phase", "name"),
    ("reason", "name"),
    ("person", "login"),
    ("person", "name"),
    ("deal_event", "actor"),
)
# History values are user data too, except a status change's (the app's own words).
HISTORY_VALUES = (
    "SELECT old_value, new_value FROM deal_event"
    " WHERE kind <> 'status' AND COALESCE(field, '') <> 'status'"
)


def words(text: str, parts: bool = False) -> set[str]:
    """The words of ``text`` (fields and markup removed), in lower case, of any length.

    A hyphenated word is one word ("back-up"); with ``parts`` its parts count too.
    """
    found = {word.lower() for word in LETTERS.findall(FIELDS.sub(" ", text))}
    if parts:
        found |= {part for word in found for part in word.split("-")}
    return found


def long_words(text: str) -> set[str]:
    """The words of ``text`` (hyphenated ones whole and in parts) of ``MIN_LETTERS`` or more."""
    return {word for word in words(text, parts=True) if len(word) >= MIN_LETTERS}


def _texts(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if not value:
        return ()
    return (value,) if isinstance(value, str) else tuple(text for text in value if text)


@cache
def catalog_words() -> tuple[frozenset[str], frozenset[str]]:
    """(English words of the translated messages, the words Dutch translations show are Dutch).

    A word of a Dutch translation counts as Dutch only where that message's English does not
    have it: a word in both ("Filter" for "Filter", or a command quoted in both, "person add")
    proves nothing, and a word both languages really share goes in ``ALLOWED``.
    """
    english: set[str] = set()
    dutch: set[str] = set()
    for path in CATALOGS:
        with path.open("rb") as file:
            catalog = read_po(file)
        for message in catalog:
            if not message.id:
                continue
            ids, strings = _texts(message.id), _texts(message.string)
            in_english = set().union(*(words(text) for text in ids))
            for text in strings:
                dutch |= words(text) - in_english
            if strings and strings[: len(ids)] != ids:
                for text in ids:
                    english |= long_words(text)
    return frozenset(english), frozenset(dutch | calendar_words())


def calendar_words() -> set[str]:
    """Dutch month and day names, whole and abbreviated, as Babel writes dates ("dec", "mei")."""
    from babel import Locale

    dutch = Locale("nl")
    found: set[str] = set()
    for table in (dutch.months, dutch.days):
        for context in table.values():
            for width in context.values():
                for name in width.values():
                    found |= words(name)
    return found


def _docstrings(tree: ast.Module) -> set[int]:
    """The ids of the docstring nodes of a module, its classes and functions."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _prose_literals(tree: ast.Module) -> Iterator[str]:
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skip
            and PROSE.search(node.value)
        ):
            yield node.value


@cache
def source_words() -> frozenset[str]:
    """The words of the text-like string literals of ``tui/`` (docstrings left out)."""
    found: set[str] = set()
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for text in _prose_literals(tree):
            found |= long_words(text)
    return frozenset(found)


@cache
def framework_words() -> frozenset[str]:
    """The words of what Textual shows in the app: the palette's system commands, placeholder."""
    from textual.app import App
    from textual.command import CommandPalette

    found: set[str] = set()
    tree = ast.parse(textwrap.dedent(inspect.getsource(App.get_system_commands)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "SystemCommand":
            for argument in node.args:
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found |= long_words(argument.value)
    placeholder = inspect.signature(CommandPalette.__init__).parameters["placeholder"].default
    return frozenset(found | long_words(placeholder))


def user_data_words(db_path: Path, extra: Iterable[str] = ()) -> frozenset[str]:
    """Every word of the user data in the database, and of ``extra`` (login, typed text)."""
    found: set[str] = set()
    with sqlite3.connect(db_path) as conn:
        for table, column in USER_TEXT:
            for (text,) in conn.execute(f"SELECT DISTINCT {column} FROM {table}"):
                found |= words(text or "")
        for old, new in conn.execute(HISTORY_VALUES):
            found |= words(old or "") | words(new or "")
    for text in extra:
        found |= words(text)
    return frozenset(found)


def english_words(user_data: frozenset[str] = frozenset()) -> frozenset[str]:
    """The app's English words that must not show on a Dutch screen (see the module's rule)."""
    english, dutch = catalog_words()
    candidates = english | source_words() | framework_words()
    return frozenset(candidates - dutch - user_data - set(ALLOWED))


def english_on_screen(text: str, english: frozenset[str]) -> list[tuple[str, str]]:
    """(word, line) for every English word in ``text``, line by line, in order of appearance.

    A word cut short is not judged: followed by "…" (as a narrow column cuts a title), or a
    piece of a hyphenated word cut at its hyphen ("AVG-" at a column's edge).
    """
    found: list[tuple[str, str]] = []
    for line in text.splitlines():
        line = " ".join(FRAME.sub(" ", line).split())
        prose = CODE_ON_SCREEN.sub(" ", line)
        for match in LETTERS.finditer(prose):
            word = match.group()
            before, after = prose[match.start() - 1 : match.start()], prose[match.end() :]
            cut = after.startswith(("…", "-")) or before == "-"
            if word.lower() in english and word not in KEY_NAMES and not cut:
                found.append((word, line))
    return found
