"""Set up one database file for a team on a shared server: group-shared, never world-readable.

``init_shared`` makes the directory ``2770`` (setgid, so every file created in it belongs to
the team's group) and the database ``0660``, both owned by the team's group. SQLite creates
its ``-wal`` and ``-shm`` files with the permissions of the database file, and the setgid
directory gives them the group, so every member can write them. The process umask is
narrowed to ``007`` while the files are created, so nothing is ever world-readable, not even
for a moment.
"""

from __future__ import annotations

import grp
import os
from dataclasses import dataclass
from pathlib import Path

from models.errors import DatabaseError

DIR_MODE = 0o2770
FILE_MODE = 0o660


@dataclass(frozen=True)
class SharedSetup:
    """What ``init_shared`` made: the paths, the group, and whether the database is new."""

    directory: Path
    database: Path
    group: str
    created: bool


def _group_id(group: str) -> int:
    try:
        return grp.getgrnam(group).gr_gid
    except KeyError:
        raise DatabaseError(
            f"There is no group {group!r}; create it first (groupadd {group}) and add the"
            " team's users to it."
        ) from None


def _share(path: Path, gid: int, mode: int) -> None:
    try:
        os.chown(path, -1, gid)
        os.chmod(path, mode)
    except PermissionError as exc:
        raise DatabaseError(
            f"Cannot give {path} to the group (permission denied); run this as the owner of"
            " the directory, or as root."
        ) from exc


def init_shared(path: str | os.PathLike[str], group: str, *, lang: str = "en") -> SharedSetup:
    """Create (or fix up) a team database at ``path`` shared by ``group``.

    An existing database is kept as it is; only its directory's and files' group and modes
    are put right. Anything that would leave the data world-readable is refused.
    """
    from models.database import open_database

    gid = _group_id(group)
    database = Path(path).expanduser().absolute()
    directory = database.parent
    try:
        # Parents are made as usual (users must be able to pass through them); only the
        # team's own directory is closed to others.
        directory.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"Cannot create {directory.parent}: {exc.strerror}.") from exc
    old_umask = os.umask(0o007)
    try:
        if not directory.exists():
            try:
                directory.mkdir(mode=0o770)
            except OSError as exc:
                raise DatabaseError(f"Cannot create {directory}: {exc.strerror}.") from exc
        if not directory.is_dir():
            raise DatabaseError(f"{directory} is not a directory.")
        _share(directory, gid, DIR_MODE)
        created = not database.exists()
        db = open_database(database, lang=lang)
        db.close()
        for file in (database, *(database.with_name(database.name + s) for s in ("-wal", "-shm"))):
            if file.exists():
                _share(file, gid, FILE_MODE)
    finally:
        os.umask(old_umask)
    return SharedSetup(directory=directory, database=database, group=group, created=created)
