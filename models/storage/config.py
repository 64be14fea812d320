"""The system-wide configuration file: where a team server keeps its shared database.

``/etc/dealboard.toml`` (or the file named by ``DEALBOARD_CONFIG``) may say::

    db = "/srv/dealboard/deals.sqlite"

so every user on the server runs plain ``dealboard`` against the team's database.
``--db`` and ``DEALBOARD_DB`` still win over it. A PostgreSQL URL there carries no password
unless only the team can read the file: every user's ``~/.pgpass`` is the place for it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from models.domain.errors import DatabaseError
from models.domain.i18n import _
from models.storage.pg_url import has_password

SYSTEM_CONFIG = Path("/etc/dealboard.toml")


def config_path() -> Path:
    """Return the configuration file in use (it need not exist)."""
    named = os.environ.get("DEALBOARD_CONFIG", "").strip()
    return Path(named) if named else SYSTEM_CONFIG


def configured_database() -> str | None:
    """Return the ``db`` the configuration file names, or None when there is none."""
    path = config_path()
    if not path.is_file():
        return None
    import tomllib  # only with a file to read: every start looks for one, few have one

    try:
        # utf-8-sig: editors on other systems start the file with a byte order mark, which
        # TOML does not allow and tomllib reports as "Invalid statement" at line 1.
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DatabaseError(
            _("Cannot read the configuration file {path}: {exc}.").format(path=path, exc=exc)
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise DatabaseError(
            _("The configuration file {path} is not valid TOML: {exc}.").format(path=path, exc=exc)
        ) from exc
    value = data.get("db")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise DatabaseError(_("In {path}, db must be a path or URL in quotes.").format(path=path))
    if has_password(value) and _readable_by_everyone(path):
        raise DatabaseError(
            _(
                "{path} holds a database password that every user of this machine can read; keep it in each user's ~/.pgpass, or let only the team read the file (chmod o-r {path})."
            ).format(path=path)
        )
    return value.strip()


def _readable_by_everyone(path: Path) -> bool:
    try:
        return bool(path.stat().st_mode & stat.S_IROTH)
    except OSError:
        return False
