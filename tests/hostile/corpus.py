"""The hostile-input corpus: values that break terminals, parsers, layouts and SQL, as data.

Each entry has an ``id`` (used in test ids, so ASCII), the ``value`` (always a ``str``, as
every input of the app arrives: typed, a command-line argument or a CSV cell), the
``category`` it illustrates and the ``kinds`` of input it is aimed at:

- ``text``: free-text deal fields (title, organization, contact, owner, source, note,
  competitor, closing note) and settings values;
- ``name``: phase and reason names;
- ``money``: amounts (a deal's value);
- ``probability``: win probabilities (a phase's, a deal's override) and positions;
- ``date``: dates (expected close, report periods, CSV timestamps).

The file is plain ASCII: every invisible or control character is written as an escape.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
import zoneinfo
from dataclasses import dataclass
from typing import Any

TEXT = "text"
NAME = "name"
MONEY = "money"
PROBABILITY = "probability"
DATE = "date"
KINDS = (TEXT, NAME, MONEY, PROBABILITY, DATE)

EVERY_KIND = frozenset(KINDS)  # strings hostile to any input
NUMBER_KINDS = frozenset({MONEY, PROBABILITY})  # as text they are harmless
DATE_KINDS = frozenset({DATE})


_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Hostile:
    """One hostile value and what it is aimed at."""

    id: str
    value: str
    category: str
    kinds: frozenset[str]

    def targets(self, kind: str) -> bool:
        """True when the value is meant for inputs of ``kind``."""
        return kind in self.kinds

    @property
    def has_control(self) -> bool:
        """True when a C0/C1 control character, line/paragraph separator or surrogate is in it."""
        return any(
            unicodedata.category(char) in ("Cc", "Cs") or char in "\u2028\u2029"
            for char in self.value
        )

    @property
    def has_surrogate(self) -> bool:
        """True for a lone surrogate: no UTF-8 encoder (SQLite, a file, a terminal) takes it."""
        # The surrogates are exactly Unicode's category Cs; a regex scans megabyte values in C.
        return _SURROGATE.search(self.value) is not None

    @property
    def typeable(self) -> bool:
        """True when a person could type it into a one-line field in a reasonable time."""
        return not self.has_control and 0 < len(self.value) <= 40 and "\t" not in self.value


def _group(category: str, kinds: frozenset[str], values: list[tuple[str, str]]) -> list[Hostile]:
    return [Hostile(ident, value, category, kinds) for ident, value in values]


ZALGO_MARKS = "".join(chr(code) for code in range(0x0300, 0x0370))  # every combining diacritic

MARKUP = _group(
    "markup",
    EVERY_KIND,
    [
        ("markup-bold", "[b]x[/b]"),
        ("markup-close-all", "[/]"),
        ("markup-open-bold", "[b]"),
        ("markup-close-bold", "[/b]"),
        ("markup-link", "[link=https://x]click[/link]"),
        ("markup-link-query", "[link=https://evil.example/?q=1&r=2]pay here[/link]"),
        ("markup-link-js", "[link='javascript:alert(1)']x[/link]"),
        ("markup-click-quit", "[@click=app.quit]quit[/]"),
        ("markup-click-bell", "[@click=app.bell]"),
        ("markup-variable", "[$accent]x[/]"),
        ("markup-variable-open", "[$accent]"),
        ("markup-style-pair", "[white on $error]alarm[/]"),
        ("markup-escaped", "\\[b]not bold"),
        ("markup-double-backslash", "\\\\[b]bold?[/b]"),
        ("markup-nested-brackets", "[[b]]"),
        ("markup-colour", "[bold red on white]x"),
        ("markup-hex", "[#ff0000]red[/#ff0000]"),
        ("markup-on-hex", "[on #00ff00]green"),
        ("markup-reverse-blink", "[reverse][blink]x[/blink][/reverse]"),
        ("markup-unclosed-italic", "[i]unclosed"),
        ("markup-closer-first", "[/i]closer first"),
        ("markup-lone-open", "["),
        ("markup-lone-close", "]"),
        ("markup-empty-tag", "[]"),
        ("markup-space-tag", "[ ]"),
        ("markup-unterminated", "[b"),
        ("markup-equals", "[=]"),
        ("markup-money", "[red]EUR[/red] 12.500,00"),
        ("markup-emoji-code", ":warning: :smile:"),
        ("markdown", "**bold** _it_ `code` # head"),
        ("html-bold", "<b>html</b>"),
        ("html-script", "<script>alert(1)</script>"),
        ("html-entities", "&lt;&amp;&#x1b;"),
        ("braces-tag", "{b}x{/b}"),
    ],
)

CONTROLS = _group(
    "control",
    EVERY_KIND,
    [
        ("ansi-red", "\x1b[31mred\x1b[0m"),
        ("ansi-red-open", "\x1b[31m"),
        ("ansi-256-colour", "\x1b[38;5;196mx"),
        ("ansi-clear-screen", "\x1b[2J"),
        ("ansi-home", "\x1b[H"),
        ("ansi-cursor-to", "\x1b[10;10Hmoved"),
        ("ansi-up-erase", "\x1b[1A\x1b[2K"),
        ("ansi-alt-screen", "\x1b[?1049h"),
        ("ansi-report-cursor", "\x1b[6n"),
        ("ansi-device-attr", "\x1b[0c"),
        ("ansi-reset", "\x1bc"),
        ("ansi-bracketed-paste", "\x1b[200~pasted\x1b[201~"),
        ("ansi-dec-graphics", "\x1b(0lqqk\x1b(B"),
        ("osc8-hyperlink", "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\"),
        ("osc52-clipboard", "\x1b]52;c;cm0gLXJmIH4=\x07"),
        ("osc-title", "\x1b]0;pwned\x07"),
        ("osc-iterm-file", "\x1b]1337;File=name=eA==:eA==\x07"),
        ("dcs-request", "\x1bP+q544e\x1b\\"),
        ("lone-escape", "\x1b"),
        ("escape-in-word", "Acme\x1b B.V."),
        ("bell", "\x07"),
        ("bell-in-word", "ring\x07ring"),
        ("backspaces", "back\x08\x08ck"),
        ("carriage-return", "\r"),
        ("overwrite-cr", "Acme\rEvil"),
        ("nul", "\x00"),
        ("nul-in-word", "nul\x00byte"),
        ("delete", "\x7f"),
        ("c1-csi", "\x9b31mred"),
        ("c1-osc", "\x9d0;title\x9c"),
        ("c1-nel", "next\x85line"),
        ("form-feed", "page\x0cbreak"),
        ("vertical-tab", "v\x0btab"),
        ("file-separators", "a\x1c\x1d\x1e\x1fb"),
        ("shift-out-in", "\x0egarbage\x0f"),
        ("cancel-substitute", "\x18\x1a"),
        ("tab-inside", "tab\there"),
        ("newline-inside", "line\nbreak"),
        ("crlf-inside", "crlf\r\nline"),
        ("newline-only", "\n"),
        ("tab-only", "\t"),
        ("trailing-newline", "Acme\n"),
        ("line-separator", "a\u2028b"),
        ("paragraph-separator", "a\u2029b"),
    ],
)

UNICODE = _group(
    "unicode",
    EVERY_KIND,
    [
        ("surrogate-high", "\ud800"),
        ("surrogate-low", "\udfff"),
        ("surrogate-in-word", "a\udc80b"),
        ("surrogate-half-emoji", "smile \ud83d"),
        ("zero-width-joiner", "\u200d"),
        ("zwj-between-letters", "a\u200db"),
        ("zwj-devanagari", "\u0915\u094d\u200d\u0937"),
        ("zero-width-space", "zero\u200bwidth"),
        ("zero-width-non-joiner", "\u200c"),
        ("word-joiner", "\u2060"),
        ("bom-only", "\ufeff"),
        ("bom-start", "\ufeffAcme"),
        ("soft-hyphen", "soft\u00adhyphen"),
        ("bidi-override", "\u202eevil\u202c"),
        ("bidi-override-open", "\u202e"),
        ("bidi-embedding", "\u202bembedded\u202c"),
        ("bidi-trojan", "invoice\u202efdp.exe"),
        ("bidi-isolate", "\u2066isolate\u2069"),
        ("rlm-lrm", "\u200fmarks\u200e"),
        ("zalgo", "Z" + ZALGO_MARKS[:40] + "algo" + ZALGO_MARKS[40:]),
        ("zalgo-heavy", "z" + ZALGO_MARKS * 3),
        ("combining-acute", "Cafe\u0301"),
        ("combining-start", "\u0301accent first"),
        ("strike-through", "a" + "\u0336" * 50),
        ("emoji-thumb-skin", "\U0001f44d\U0001f3fd"),
        ("emoji-family-zwj", "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"),
        ("emoji-rainbow-flag", "\U0001f3f3\ufe0f\u200d\U0001f308"),
        ("emoji-flag-nl", "\U0001f1f3\U0001f1f1"),
        ("emoji-coder-skin", "\U0001f9d1\U0001f3ff\u200d\U0001f4bb"),
        ("emoji-keycap", "1\ufe0f\u20e3"),
        ("emoji-heart-vs16", "\u2764\ufe0f"),
        ("emoji-many", "\U0001f600" * 100),
        ("variation-selector", "\ufe0f"),
        ("cjk-company", "\u682a\u5f0f\u4f1a\u793e\u30c6\u30b9\u30c8"),
        ("cjk-chinese", "\u4e2d\u6587\u6d4b\u8bd5"),
        ("hangul", "\ud55c\uad6d\uc5b4"),
        ("fullwidth-latin", "\uff46\uff55\uff4c\uff4c\uff57\uff49\uff44\uff54\uff48"),
        ("halfwidth-katakana", "\uff83\uff7d\uff84"),
        ("wide-many", "\u6f22" * 150),
        ("hebrew", "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd"),
        ("arabic", "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645"),
        ("rtl-mixed", "Acme \u05e9\u05dc\u05d5\u05dd B.V. 123"),
        ("rtl-digits", '\u05e2\u05e1\u05e7\u05d4 123 \u05d1\u05e2"\u05de'),
        ("dotted-i", "\u0130stanbul"),
        ("sharp-s", "Stra\u00dfe"),
        ("sharp-s-upper", "STRASSE"),
        ("ligature", "\ufb00ice"),
        ("ohm-sign", "\u2126hm"),
        ("decomposed-a-ring", "A\u030angstr\u00f6m"),
        ("math-fraktur", "\U0001d573\U0001d58a\U0001d591\U0001d591\U0001d594"),
        ("private-use", "\ue000\uf8ff"),
        ("tag-characters", "flag\U000e0067\U000e0062\U000e007f"),
        ("unassigned", "\U000e0080x"),
        ("braille-blank", "\u2800"),
        ("hangul-filler", "\u115f\u3164"),
        ("non-characters", "\ufffe\uffff"),
        ("replacement-char", "\ufffd"),
    ],
)

WHITESPACE = _group(
    "whitespace",
    EVERY_KIND,
    [
        ("empty", ""),
        ("space", " "),
        ("spaces", "   "),
        ("space-tab-space", " \t "),
        ("leading-spaces", "  lead"),
        ("trailing-spaces", "trail  "),
        ("both-spaces", "  both  "),
        ("inner-spaces", "in  ner   spaces"),
        ("nbsp-only", "\u00a0"),
        ("nbsp-padded", "\u00a0padded\u00a0"),
        ("ideographic-space", "\u3000"),
        ("em-space-word", "\u2003em"),
        ("ogham-space", "\u1680"),
        ("newlines-around", "\n\nAcme\n\n"),
    ],
)

SQL_AND_FORMATS = _group(
    "injection",
    EVERY_KIND,
    [
        ("sql-drop", "'; DROP TABLE deal; --"),
        ("sql-drop-double", '"; DROP TABLE deal; --'),
        ("sql-delete", "1; DELETE FROM deal"),
        ("sql-or-true", "' OR '1'='1"),
        ("sql-bobby", "Robert'); DROP TABLE phase;--"),
        ("sql-comment", "x' /* comment */ --"),
        ("sql-select", "SELECT * FROM deal"),
        ("like-percent", "%"),
        ("like-underscore", "_"),
        ("like-percents", "%%"),
        ("like-mixed", "a%b_c"),
        ("backslash", "\\"),
        ("backslashes", "\\\\"),
        ("quote-single", "'"),
        ("quote-double", '"'),
        ("quotes-doubled", "''"),
        ("backtick", "`"),
        ("null-word", "NULL"),
        ("none-word", "None"),
        ("true-word", "true"),
        ("format-index", "{0}"),
        ("format-empty", "{}"),
        ("format-percent-s", "%s"),
        ("format-percent-n", "%d%n%x"),
        ("format-named", "{title}"),
        ("format-double-brace", "{{x}}"),
        ("shell-variable", "${HOME}"),
        ("shell-subst", "$(rm -rf /)"),
        ("shell-backticks", "`id`"),
        ("path-home", "~/.ssh/id_rsa"),
        ("path-traversal", "../../etc/passwd"),
        ("path-absolute", "/etc/passwd"),
        ("path-windows", "C:\\Windows\\system32"),
        ("path-unc", "\\\\server\\share"),
        ("url-file", "file:///etc/passwd"),
        ("windows-device", "NUL"),
        ("formula-hyperlink", '=HYPERLINK("http://x","click")'),
        ("formula-sum", "=1+1"),
        ("formula-plus", "+1"),
        ("formula-minus", "-1+1"),
        ("formula-at", "@SUM(A1)"),
        ("formula-apostrophe", "'=1"),
        ("formula-apostrophes", "''=1"),
        ("literal-escape-text", "\\x1b[31m"),
        ("literal-unicode-escape", "\\u202e"),
        ("csv-comma-quote", 'a,"b",c'),
    ],
)

LONG = _group(
    "long",
    EVERY_KIND,
    [
        ("len-60", "p" * 60),
        ("len-61", "p" * 61),
        ("len-100", "r" * 100),
        ("len-101", "r" * 101),
        ("len-200", "o" * 200),
        ("len-201", "o" * 201),
        ("len-300", "x" * 300),
        ("len-500", "y" * 500),
        ("len-501", "z" * 501),
        ("len-5000", "w" * 5000),
        ("len-5001", "v" * 5001),
        ("len-20000", "n" * 20000),
        ("len-20001", "n" * 20001),
        ("len-100000", "q" * 100000),
        ("long-euro-200", "\u20ac" * 200),
        ("long-wide-250", "\u6f22" * 250),
        ("long-markup", "[b]" * 200),
        ("long-escapes", "\x1b[31m" * 1000),
        ("long-lines", "line\n" * 3000),
        ("long-emoji", "\U0001f44d\U0001f3fd" * 300),
        ("long-spaces-around", " " * 1000 + "core" + " " * 1000),
        ("long-word-with-spaces", "word " * 40),
    ],
)

NUMBERS = _group(
    "number",
    NUMBER_KINDS,
    [
        ("num-zero", "0"),
        ("num-one", "1"),
        ("num-double-zero", "00"),
        ("num-minus-zero", "-0"),
        ("num-minus-zero-cents", "-0.00"),
        ("num-zero-cents", "0.00"),
        ("num-half-comma", "0,5"),
        ("num-exp-overflow", "1e309"),
        ("num-exp", "1e3"),
        ("num-exp-upper", "1E2"),
        ("num-nan", "NaN"),
        ("num-nan-lower", "nan"),
        ("num-inf", "inf"),
        ("num-minus-inf", "-inf"),
        ("num-infinity", "Infinity"),
        ("num-plus", "+5"),
        ("num-minus", "-5"),
        ("num-minus-one", "-1"),
        ("num-percent", "5%"),
        ("num-percent-50", "50%"),
        ("num-half-dot", "50.5"),
        ("num-half-decimal-comma", "50,5"),
        ("num-amount-dot", "12500.00"),
        ("num-amount-comma", "12500,00"),
        ("num-thousands-dutch", "12.500,00"),
        ("num-thousands-english", "12,500.00"),
        ("num-three-decimals", "1.234"),
        ("num-underscore", "1_000"),
        ("num-space-thousands", "1 000"),
        ("num-hex", "0x10"),
        ("num-binary", "0b11"),
        ("num-octal", "0o7"),
        ("num-arabic-indic", "\u0661\u0662\u0663"),
        ("num-arabic-indic-100", "\u0661\u0660\u0660"),
        ("num-fullwidth", "\uff15\uff10"),
        ("num-superscript", "\u00b2"),
        ("num-vulgar-half", "\u00bd"),
        ("num-roman", "\u216b"),
        ("num-huge-40", "9" * 40),
        ("num-huge-5000", "9" * 5000),
        ("num-17-digits", "9" * 17),
        ("num-16-digits", "9" * 16),
        ("num-max-amount", "1" + "0" * 13),
        ("num-over-max", "1" + "0" * 12 + "1"),
        ("num-leading-zeros", "0" * 30 + "1"),
        ("num-100", "100"),
        ("num-101", "101"),
        ("num-0100", "0100"),
        ("num-1000", "1000"),
        ("num-007", "007"),
        ("num-padded", " 42 "),
        ("num-inner-space", "4 2"),
        ("num-dot-first", ".5"),
        ("num-dot-last", "5."),
        ("num-comma-last", "5,"),
        ("num-double-dot", "1.2.3"),
        ("num-double-minus", "--5"),
        ("num-plus-minus", "+-5"),
        ("num-minus-after", "5-"),
        ("num-euro-sign", "\u20ac12"),
        ("num-currency-code", "12 EUR"),
        ("num-dollar", "$5"),
        ("num-fraction", "1/2"),
        ("num-tiny", "0.001"),
        ("num-pi", "3.14159"),
        ("num-minus-only", "-"),
        ("num-dot-only", "."),
        ("num-comma-only", ","),
        ("num-huge-cents", "9" * 17 + ".99"),
        ("num-minus-huge", "-" + "9" * 5000),
    ],
)

DATES = _group(
    "date",
    DATE_KINDS,
    [
        ("date-ok", "2026-12-31"),
        ("date-dutch-order", "31-02-2026"),
        ("date-feb-31", "2026-02-31"),
        ("date-zeros", "0000-00-00"),
        ("date-year-9999", "9999-12-31"),
        ("date-month-13", "2026-13-01"),
        ("date-month-zero", "2026-00-10"),
        ("date-day-zero", "2026-01-00"),
        ("date-short-parts", "2026-1-1"),
        ("date-expanded-year", "+002026-01-01"),
        ("date-not-leap", "2026-02-29"),
        ("date-leap", "2028-02-29"),
        ("date-first-allowed", "1900-01-01"),
        ("date-before-1900", "1899-12-31"),
        ("date-last-allowed", "2999-12-31"),
        ("date-year-3000", "3000-01-01"),
        ("date-year-one", "0001-01-01"),
        ("date-slashes", "2026/12/31"),
        ("date-day-first-slashes", "31/12/2026"),
        ("date-us", "12/31/2026"),
        ("date-compact", "20261231"),
        ("date-with-time", "2026-12-31T10:00"),
        ("date-with-z", "2026-12-31Z"),
        ("date-padded", " 2026-12-31 "),
        ("date-en-dashes", "2026\u201312\u201331"),
        ("date-fullwidth", "\uff12\uff10\uff12\uff16-\uff11\uff12-\uff13\uff11"),
        ("date-arabic-indic", "\u0662\u0660\u0662\u0666-\u0661\u0662-\u0663\u0661"),
        ("date-word", "tomorrow"),
        ("date-iso-week", "2026-W01-1"),
        ("date-ordinal", "2026-001"),
        ("date-negative-year", "-2026-01-01"),
        ("date-newline-after", "2026-12-31\n"),
        ("date-nul-after", "2026-12-31\x00"),
    ],
)

CORPUS: list[Hostile] = [
    *MARKUP,
    *CONTROLS,
    *UNICODE,
    *WHITESPACE,
    *SQL_AND_FORMATS,
    *LONG,
    *NUMBERS,
    *DATES,
]
BY_ID: dict[str, Hostile] = {entry.id: entry for entry in CORPUS}
CATEGORIES = tuple(dict.fromkeys(entry.category for entry in CORPUS))

assert len(BY_ID) == len(CORPUS), "corpus ids must be unique"
assert len({entry.value for entry in CORPUS}) == len(CORPUS), "corpus values must be distinct"


def aimed_at(kind: str) -> list[Hostile]:
    """The entries meant for inputs of ``kind``, in corpus order."""
    return [entry for entry in CORPUS if entry.targets(kind)]


def sample(entries: list[Hostile], every: int) -> list[Hostile]:
    """Every ``every``-th entry, plus each category's first, for the slower kinds of test."""
    picked = {id(entry) for entry in entries[::every]}
    seen: set[str] = set()
    for entry in entries:
        if entry.category not in seen:
            seen.add(entry.category)
            picked.add(id(entry))
    return [entry for entry in entries if id(entry) in picked]


# -- What the rules say each value becomes -------------------------------------------------
#
# Written from the docs, independently of models/domain/validation.py: a value is
# either stored as the function returns it, or REFUSED (with a message, nothing written).

REFUSED: Any = type("Refused", (), {"__repr__": lambda self: "REFUSED"})()

TEXT_LIMITS = {
    "title": 500,
    "organization": 200,
    "contact": 200,
    "owner": 200,
    "source": 200,
    "competitor": 200,
    "close_note": 5000,
    "note": 20000,
    "phase": 60,
    "reason": 100,
}
MULTILINE = frozenset({"note", "close_note"})
MAX_CENTS = 10**15


# The explicit bidi embeddings, overrides and isolates ("Trojan Source"): stored as typed,
# but a terminal that implements bidi reorders the rest of the line after one.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def is_control(char: str, *, multiline: bool = False) -> bool:
    """A character no field may hold: C0/C1 controls, line separators, lone surrogates."""
    if multiline and char in "\n\t":
        return False
    return unicodedata.category(char) in ("Cc", "Cs") or char in "\u2028\u2029"


# Refused in any text: the bidi embeddings and overrides, and the format characters that
# only steer invisible machinery (invisible operators, deprecated shaping controls,
# annotation marks, the language tag, musical beams). Isolates, joiners and marks are kept.
REFUSED_FORMAT = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2061\u2062\u2063\u2064\u206a\u206b\u206c\u206d\u206e"
    "\u206f\ufff9\ufffa\ufffb\U000e0001"
) | {chr(code) for code in range(0x1D173, 0x1D17B)}
# Letters that draw nothing.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def draws_something(char: str) -> bool:
    """A character that is visible on its own (a required text needs one)."""
    invisible = ("Cc", "Cf", "Cs", "Mn", "Me", "Zs", "Zl", "Zp")
    return not (char.isspace() or unicodedata.category(char) in invisible or char in BLANK_LETTERS)


def expected_text(field: str, value: str, *, required: bool = False) -> Any:
    """Free text and names: trimmed; refused when empty or invisible (if required), too long,
    with controls, bidi embeddings or overrides, or invisible-only format characters.

    Notes and closing notes keep inner newlines and tabs; a CR LF in them becomes LF.
    """
    multiline = field in MULTILINE
    text = (value.replace("\r\n", "\n") if multiline else value).strip()
    if required and not text:
        return REFUSED
    if len(text) > TEXT_LIMITS[field]:
        return REFUSED
    if any(is_control(char, multiline=multiline) or char in REFUSED_FORMAT for char in text):
        return REFUSED
    if required and not any(draws_something(char) for char in text):
        return REFUSED
    return text


def expected_name(field: str, value: str, existing: list[str]) -> Any:
    """Phase and reason names: required text, unique without regard to case."""
    text = expected_text(field, value, required=True)
    if text is not REFUSED and text.casefold() in {name.casefold() for name in existing}:
        return REFUSED
    return text


def _ascii_digits(text: str) -> bool:
    return bool(text) and all("0" <= char <= "9" for char in text)


def expected_cents(value: str) -> Any:
    """An amount: ASCII digits, optionally ``.`` or ``,`` and one or two decimals; never negative.

    ``-0`` is zero; a minus before anything else is refused, as is more than ten trillion.
    """
    text = value.strip()
    negative = text.startswith("-")
    if negative:
        text = text[1:]
    whole, separator, decimals = text.replace(",", ".").partition(".")
    if "," in text and "." in text:
        return REFUSED
    if not _ascii_digits(whole) or (separator and not _ascii_digits(decimals)):
        return REFUSED
    if len(decimals) > 2 or len(whole.lstrip("0")) > 17:
        return REFUSED
    cents = int(whole) * 100 + int(decimals.ljust(2, "0"))
    if (negative and cents) or cents > MAX_CENTS:
        return REFUSED
    return cents


def expected_whole(value: str, low: int, high: int) -> Any:
    """A whole number of ASCII digits (leading zeros allowed) from ``low`` to ``high``."""
    text = value.strip()
    if not _ascii_digits(text) or len(text.lstrip("0")) > 6:
        return REFUSED
    number = int(text)
    return number if low <= number <= high else REFUSED


def expected_probability(value: str, *, empty_clears: bool = False) -> Any:
    """A probability, 0 to 100; for a deal's override an empty value clears it (None)."""
    if empty_clears and value == "":
        return None
    return expected_whole(value, 0, 100)


def expected_date(value: str) -> Any:
    """A date as ``YYYY-MM-DD`` (ASCII digits, a real day, years 1900-2999); empty is none."""
    text = value.strip()
    if not text:
        return None
    parts = text.split("-")
    if len(parts) != 3 or [len(part) for part in parts] != [4, 2, 2]:
        return REFUSED
    if not all(_ascii_digits(part) for part in parts):
        return REFUSED
    try:
        date = dt.date(*(int(part) for part in parts))
    except ValueError:
        return REFUSED
    return date.isoformat() if 1900 <= date.year <= 2999 else REFUSED


SETTING_KEYS = (
    "currency",
    "language",
    "require_reason_on_reject",
    "require_reason_on_accept",
    "stale_days",
    "timezone",
)
_YES = {"1", "true", "yes", "on", "ja"}
_NO = {"0", "false", "no", "off", "nee"}


@functools.cache
def _known_zones() -> dict[str, str]:
    """This machine's IANA zone names by their lower case (listing them reads ~600 files)."""
    names = zoneinfo.available_timezones() - {"localtime", "posixrules"}
    return {name.lower(): name for name in names}


def expected_setting(key: str, value: str) -> Any:
    """What ``setting set KEY VALUE`` stores: a normalised value, or REFUSED."""
    text = value.strip()
    if key == "currency":
        ascii_letters = len(text) == 3 and all(char.isascii() and char.isalpha() for char in text)
        return text.upper() if ascii_letters else REFUSED
    if key == "language":
        return text.lower() if text.lower() in ("en", "nl") else REFUSED
    if key == "stale_days":
        days = expected_whole(text, 1, 3650)
        return REFUSED if days is REFUSED else str(days)
    if key == "timezone":  # an IANA name this machine knows, in any case, ASCII only
        if not text or not text.isascii():
            return REFUSED
        return _known_zones().get(text.lower(), REFUSED)
    word = text.lower()
    return "1" if word in _YES else "0" if word in _NO else REFUSED


def is_readable_message(message: str) -> str | None:
    """Return what is wrong with an error message for a person, or None when it is fine.

    One line, under 300 characters, every character printable: a message that quotes a
    hostile value must escape it, never pass an escape sequence on to the terminal.
    """
    if not message:
        return "empty message"
    if len(message) >= 300:
        return f"{len(message)} characters long"
    if not message.isprintable():
        return "holds characters that are not printable (a raw control or format character)"
    if "Traceback" in message or "Error:" in message:
        return "leaks an exception"
    return None
