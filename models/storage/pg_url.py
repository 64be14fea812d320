"""Database URLs and their passwords: find them, keep them out of every message.

A password in a URL may hold characters that URLs reserve (``/ ? # @ :``) without the
percent-encoding they need, and then parsers disagree on where it ends: ``urllib`` reads
``postgresql://ann:pa/ss@db/deals`` as host ``ann`` with port ``pa``, libpq differently
again. So nothing here relies on one reading: ``redact`` hides everything between the user
name and the *last* ``@`` (hiding too much at worst, never too little), and ``url_secrets``
lists every string any reading could take for the password, so ``scrub`` can remove them
from a message that quotes a driver, a port or a path. None of these functions raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

# "scheme:" and its slashes; also the typo forms (one slash, upper case) that end up read
# as file names and so would be quoted in messages as they are.
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*:/*)(.*)$", re.DOTALL)
_QUERY_PASSWORD_RE = re.compile(r"(?i)(\bpassword\s*=\s*)([^&#\s]*)")
_NETLOC_END_RE = re.compile(r"[/?#]")
_DELIMITERS_RE = re.compile(r"[/?#@:&=\[\]]+")
HIDDEN = "***"
# A password this long or longer is removed wherever it appears; a shorter one, and a piece
# of one, only where it stands alone: a password "p" must not turn "postgresql" into "***",
# nor a piece "pass" of "pass/word" the word "password".
_ANYWHERE = 4


def _split(url: str) -> tuple[str, str] | None:
    """Split ``url`` into its ``scheme://`` prefix and the rest; None if it is no URL."""
    match = _SCHEME_RE.match(url)
    if match is None or "/" not in match.group(1):
        return None
    return match.group(1), match.group(2)


def _userinfo(rest: str) -> tuple[str, str, str] | None:
    """The user, password and what follows the user part; None without a password.

    The user part ends at the last ``@`` of the host part (which ends at the first
    ``/ ? #``), as urllib and so the driver read it. A host part without ``@`` while one
    follows later means a password holding ``/ ? #``: then the last ``@`` of all ends it.
    """
    netloc = _NETLOC_END_RE.split(rest, maxsplit=1)[0]
    at = netloc.rfind("@") if "@" in netloc else rest.rfind("@")
    if at < 0:
        return None
    user, colon, password = rest[:at].partition(":")
    if not colon:
        return None
    return user, password, rest[at + 1 :]


def redact(url: str) -> str:
    """Return ``url`` with its password (in the user part or the query) replaced by ***."""
    parts = _split(url)
    if parts is None:
        return _QUERY_PASSWORD_RE.sub(rf"\g<1>{HIDDEN}", url)
    prefix, rest = parts
    found = _userinfo(rest)
    if found is not None:
        user, _password, after = found
        rest = f"{user}:{HIDDEN}@{after}"
    return prefix + _QUERY_PASSWORD_RE.sub(rf"\g<1>{HIDDEN}", rest)


def has_password(target: str) -> bool:
    """Tell whether a database path or URL carries a password (empty ones do not count)."""
    return any(secret for secret in _whole_secrets(target))


def password_cut_short(url: str) -> bool:
    """Tell whether the password holds an unencoded / ? or #, which ends the host part."""
    parts = _split(url)
    found = _userinfo(parts[1]) if parts is not None else None
    return found is not None and any(char in found[0] + found[1] for char in "/?#")


def _whole_secrets(url: str) -> list[str]:
    """Every string some reading of ``url`` takes for its password."""
    found: list[str] = [match.group(2) for match in _QUERY_PASSWORD_RE.finditer(url)]
    parts = _split(url)
    if parts is not None:
        rest = parts[1]
        userinfo = _userinfo(rest)
        if userinfo is not None:
            found.append(userinfo[1])
        # libpq, given the URL itself: the user part ends at the first @ before any /.
        first = re.split(r"[@/]", rest, maxsplit=1)
        if len(first) == 2 and rest[len(first[0])] == "@":
            found.append(first[0].partition(":")[2])
    return [secret for secret in found if secret]


@dataclass(frozen=True)
class Secrets:
    """What ``scrub`` removes: whole passwords (in every form) and the pieces of them."""

    whole: frozenset[str] = frozenset()
    pieces: frozenset[str] = frozenset()

    def __or__(self, other: Secrets) -> Secrets:
        return Secrets(self.whole | other.whole, self.pieces | other.pieces)


def url_secrets(url: str) -> Secrets:
    """The password of ``url`` in every form a message could quote it, and its pieces."""
    whole: set[str] = set()
    pieces: set[str] = set()
    for found in _whole_secrets(url):
        for form in (found, unquote(found)):
            whole.add(form)
            # A parser that stopped at a reserved character quotes a piece as a port,
            # a host or a database name.
            pieces.update(piece for piece in _DELIMITERS_RE.split(form) if piece)
    return Secrets(frozenset(whole), frozenset(pieces - whole))


def _alone(secret: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])")


def scrub(text: str, secrets: Secrets) -> str:
    """Replace every occurrence of the given passwords (and pieces of them) by ***."""
    for secret in sorted(secrets.whole, key=len, reverse=True):
        if len(secret) >= _ANYWHERE:
            text = text.replace(secret, HIDDEN)
        elif secret != HIDDEN:
            text = _alone(secret).sub(HIDDEN, text)
    for piece in sorted(secrets.pieces, key=len, reverse=True):
        if piece != HIDDEN:
            text = _alone(piece).sub(HIDDEN, text)
    return text
