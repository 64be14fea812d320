"""PostgreSQL specifics: connecting through a URL, readable errors, one writer at a time.

dealboard runs the same operations on PostgreSQL as on SQLite. Three things differ and live
here:

- **Connecting.** ``open_postgres`` opens a ``postgresql://user:password@host:port/dbname``
  URL through ``playhouse.db_url``. Every connection of the database object (the app opens
  one per worker thread) gets the same session settings through libpq's ``options``: a lock
  timeout like SQLite's busy timeout, and with ``--read-only`` read-only transactions, which
  the server itself enforces. A connection that fails is one sentence that names the
  server, never the password, whatever form the URL takes (``models.storage.pg_url``).
- **Writers.** SQLite lets one writer in at a time (``BEGIN IMMEDIATE``), and several
  operations rely on it for rules that span rows (at least one active phase remains;
  positions stay a sequence). ``lock_writers`` gives PostgreSQL the same discipline: the
  outermost write transaction takes a transaction-scoped advisory lock, so dealboard's
  writers queue while readers never wait. Edits of a deal are in any case a compare-and-set
  on ``version``, which READ COMMITTED re-checks against the newest row.
- **Errors.** ``translate_pg_error`` reads the SQLSTATE of a driver error: a deadlock or a
  serialization failure (possible with other clients) and a lock wait that timed out are
  "busy" and retried; a read-only transaction, a lost connection and a refused privilege
  each get a sentence.

psycopg2 is imported only when a PostgreSQL URL is used, so SQLite users need nothing extra.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

import peewee

from models.domain.errors import (
    DatabaseBusy,
    DatabaseError,
    DealboardError,
    ReadOnlyError,
    ValidationError,
)
from models.domain.i18n import _
from models.storage.pg_url import password_cut_short, redact, scrub, url_secrets

# Writers wait this long for a lock before the attempt counts as busy (SQLite: busy_timeout).
LOCK_TIMEOUT_MS = 5000
# A server that does not answer (a wrong host behind a firewall) fails after this long.
CONNECT_TIMEOUT_S = 10
# The advisory lock that lets one dealboard writer in at a time, per database ("dealboar").
WRITER_LOCK_KEY = 0x6465616C626F6172


def is_postgres(db: peewee.Database | None) -> bool:
    """Tell whether ``db`` is a PostgreSQL database object."""
    return isinstance(db, peewee.PostgresqlDatabase)


def _server(url: str) -> str:
    """Name the server of a URL for a sentence: host:port, or the local socket."""
    try:
        parsed = urlparse(url)
        host = parsed.hostname or "the local socket"
        return f"{host}:{parsed.port}" if parsed.port else host
    except ValueError:  # checked by open_postgres first; never fail while explaining
        return "the server"


def _url_problem(url: str) -> str | None:
    """Why ``url`` cannot be read as a PostgreSQL URL, in words; None if it can.

    urllib's own messages quote the bad part, which may be a piece of the password, so
    they are never shown.
    """
    if password_cut_short(url):
        return (
            "its password holds / ? or # unencoded; percent-encode them (%2F %3F %23) or"
            " keep the password in ~/.pgpass"
        )
    try:
        urlparse(url).port  # noqa: B018 -- reading the port is what checks it
    except ValueError as exc:
        if "IPv6" in str(exc):
            return "its host is not valid; an IPv6 address goes in brackets, as in [::1]:5432"
        return "its port is not a number from 0 to 65535"
    return None


def open_postgres(url: str, *, read_only: bool) -> peewee.Database:
    """Connect to the PostgreSQL database of ``url``; raise a readable error if impossible."""
    from playhouse.db_url import connect as connect_url
    from playhouse.db_url import parse as parse_url

    url = url.replace("postgres://", "postgresql://", 1).replace(
        "postgres+pool://", "postgresql+pool://", 1
    )
    problem = _url_problem(url)
    if problem is not None:
        raise DatabaseError(
            _("The URL {redact_url} is not a valid PostgreSQL URL: {problem}.").format(
                redact_url=redact(url), problem=problem
            )
        )
    given = parse_url(url)
    settings = [f"-c lock_timeout={LOCK_TIMEOUT_MS}"]
    if read_only:
        settings.append("-c default_transaction_read_only=on")
    extra: dict[str, Any] = {
        # Every connection gets these, also the ones worker threads open later.
        "options": " ".join([str(given["options"]), *settings] if "options" in given else settings),
        "connect_timeout": given.get("connect_timeout", CONNECT_TIMEOUT_S),
        "application_name": given.get("application_name", "dealboard"),
    }
    try:
        db = connect_url(url, unquote_password=True, unquote_user=True, **extra)
        db.connect(reuse_if_open=True)
    except ImportError as exc:
        raise DatabaseError(
            _("PostgreSQL needs the psycopg2 driver: pip install 'dealboard[postgres]'.")
        ) from exc
    except ValueError as exc:  # db_url: no database name in the URL
        raise DatabaseError(
            _(
                "The URL {redact_url} names no database; write postgresql://user@host:port/dbname."
            ).format(redact_url=redact(url))
        ) from exc
    except (peewee.DatabaseError, peewee.InterfaceError) as exc:
        raise connection_error(exc, url) from exc
    return db


def _first_line(exc: BaseException) -> str:
    """The first line of a driver message, without libpq's prefixes and a final period."""
    text = str(exc).strip()
    line = text.splitlines()[0].strip() if text else type(exc).__name__
    line = re.sub(r"^connection to server (at|on) .*? failed: ", "", line)
    line = re.sub(r"^(FATAL|ERROR):\s+", "", line)
    return line.rstrip(".")


def connection_error(exc: BaseException, url: str) -> DatabaseError:
    """One sentence saying why the server at ``url`` could not be reached (no password)."""
    reason = _first_line(exc)
    try:
        user = urlparse(url).username or "this user"
    except ValueError:
        user = "this user"
    known = [
        ("Connection refused", "nothing accepted the connection; check that PostgreSQL runs"
         " on that host and port"),
        ("could not translate host name", "there is no such host"),
        ("password authentication failed", f"the password of user {user} was not accepted"),
        ("no password supplied", "the server wants a password; put it in ~/.pgpass or"
         " PGPASSWORD"),
        ("timeout expired", "the server did not answer in time"),
        ("no pg_hba.conf entry", "the server does not let this user in from here (pg_hba.conf)"),
    ]  # fmt: skip
    for needle, sentence in known:
        if needle in reason:
            reason = sentence
            break
    else:
        if match := re.search(r'database "(.+)" does not exist', reason):
            reason = f"there is no database {match.group(1)} there; create it first (createdb)"
        elif match := re.search(r'role "(.+)" does not exist', reason):
            reason = f"there is no user {match.group(1)} there"
    message = f"Cannot connect to PostgreSQL at {_server(url)} ({redact(url)}): {reason}."
    return DatabaseError(scrub(message, url_secrets(url)))


def lock_writers(db: peewee.Database) -> None:
    """Let this transaction be the only dealboard writer until it ends (PostgreSQL only)."""
    if is_postgres(db):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK_KEY,))


def _sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a psycopg2 error, bare or wrapped by peewee (``orig``)."""
    for candidate in (exc, getattr(exc, "orig", None), exc.__cause__):
        code = getattr(candidate, "pgcode", None)
        if code:
            return str(code)
    return None


def is_pg_driver_error(exc: BaseException) -> bool:
    """Tell whether ``exc`` is an error of the PostgreSQL driver that peewee did not wrap."""
    return type(exc).__module__.startswith(("psycopg2", "psycopg"))


def translate_pg_error(exc: BaseException) -> DealboardError | None:
    """Turn a PostgreSQL error into a typed error by its SQLSTATE; None if it is not one."""
    code = _sqlstate(exc)
    text = str(exc).lower()
    if code is None:
        lost = ("server closed the connection", "connection already closed", "terminating")
        if any(needle in text for needle in lost):
            return DatabaseError(
                _("The connection to the PostgreSQL server was lost; nothing was saved. Try again.")
            )
        return None
    if code in ("40001", "40P01"):  # serialization failure, deadlock
        return DatabaseBusy(
            _("Another user's change collided with this one; nothing was saved. Try again.")
        )
    if code in ("55P03", "57014"):  # lock wait timed out, statement cancelled
        return DatabaseBusy(
            _("The database is busy: other users kept it locked. Nothing was saved; try again.")
        )
    if code == "25006":
        return ReadOnlyError(_("The database is open read-only; nothing was saved."))
    if code.startswith("23"):
        return ValidationError(
            None,
            _("The database refused the change: {first_line_exc}.").format(
                first_line_exc=_first_line(exc)
            ),
        )
    if code == "53100":
        return DatabaseError(_("The database server's disk is full; nothing was saved."))
    if code == "42501":
        return DatabaseError(
            _(
                "The PostgreSQL user may not do this ({first_line_exc}); ask the database's owner for the rights."
            ).format(first_line_exc=_first_line(exc))
        )
    if code.startswith(("08", "57P")):
        return DatabaseError(
            _("The connection to the PostgreSQL server was lost; nothing was saved. Try again.")
        )
    return DatabaseError(
        _("Database error: {first_line_exc}.").format(first_line_exc=_first_line(exc))
    )
