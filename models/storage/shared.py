"""Set up one database file for a team on a shared server: group-shared, never world-readable.

``init_shared`` needs a directory of the database's own. It creates one, or takes an existing
directory that holds nothing but this database's files (or is already ``2770`` and the team's).
The user's home, a directory with the sticky bit (``/tmp``) and a directory holding other
files are refused: making them group-writable would let every member replace what is in them.

The directory becomes ``2770`` (setgid, so every file created in it belongs to the team's
group) and the database ``0660``, both owned by the team's group. SQLite creates its ``-wal``
and ``-shm`` files with the permissions of the database file, and the setgid directory gives
them the group, so every member can write them.

Nothing is ever reached through a symbolic link: the directory and every file are opened with
``O_NOFOLLOW`` and changed through those descriptors, a link at the database's path (or its
``-wal``, ``-shm`` or ``-journal``) is refused, and SQLite never opens a file in the directory:
a new database is built in a private temporary directory and copied in under an unpredictable
name, then linked into place. So running ``init --shared`` again as root cannot be turned
against another file by a member who planted a link.
"""

from __future__ import annotations

import errno
import grp
import os
import pwd
import sqlite3
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from models.domain.errors import DatabaseError
from models.domain.i18n import N_, _
from models.storage.database import SQLITE_HEADER
from models.storage.safe_files import FileSafetyError, partial_file

DIR_MODE = 0o2770
FILE_MODE = 0o660
COMPANIONS = ("-wal", "-shm", "-journal")  # the files SQLite keeps beside a database
OWN_DIRECTORY = N_(
    "the team database needs a directory of its own, such as /srv/dealboard, which init creates"
)
NOFOLLOW = os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK


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
            _(
                "There is no group {group!r}; create it first (groupadd {group}) and add the team's users to it."
            ).format(group=group)
        ) from None


def _share(fd: int, where: Path, gid: int, mode: int) -> None:
    """Give the open file or directory ``fd`` to the group with ``mode``."""
    try:
        os.fchown(fd, -1, gid)
        os.fchmod(fd, mode)
    except PermissionError as exc:
        raise DatabaseError(
            _(
                "Cannot give {where} to the group (permission denied); run this as the owner of the directory, or as root."
            ).format(where=where)
        ) from exc


def _homes() -> set[tuple[int, int]]:
    """Device and inode of every home directory on this system (and of ``$HOME``)."""
    places = {entry.pw_dir for entry in pwd.getpwall()} | {str(Path.home())}
    found = set()
    for place in places:
        try:
            info = os.stat(place)
        except (OSError, ValueError):
            continue
        found.add((info.st_dev, info.st_ino))
    return found


def _open_directory(directory: Path) -> tuple[int, bool]:
    """Create or open the team directory without following a link; say if it was made."""
    made = False
    try:
        directory.mkdir(mode=0o770)
        made = True
    except FileExistsError:
        pass
    except OSError as exc:
        raise DatabaseError(
            _("Cannot create {directory}: {exc_strerror}.").format(
                directory=directory, exc_strerror=exc.strerror
            )
        ) from exc
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | NOFOLLOW)
    except OSError as exc:
        if os.path.islink(directory):
            raise DatabaseError(
                _(
                    "{directory} is a symbolic link; give the real directory for the team database."
                ).format(directory=directory)
            ) from None
        if exc.errno == errno.ENOTDIR:
            raise DatabaseError(
                _("{directory} is not a directory.").format(directory=directory)
            ) from None
        raise DatabaseError(
            _("Cannot open {directory}: {exc_strerror}.").format(
                directory=directory, exc_strerror=exc.strerror
            )
        ) from exc
    return fd, made


def _check_directory(fd: int, directory: Path, name: str, gid: int) -> bool:
    """Refuse a directory that is not the database's own; tell whether to change it."""
    info = os.fstat(fd)
    if info.st_mode & stat.S_ISVTX:
        raise DatabaseError(
            _("{directory} has the sticky bit (it is open to everyone, like /tmp); {own}.").format(
                directory=directory, own=_(OWN_DIRECTORY)
            )
        )
    if (info.st_dev, info.st_ino) in _homes():
        raise DatabaseError(
            _("{directory} is a home directory; {own_directory}.").format(
                directory=directory, own_directory=_(OWN_DIRECTORY)
            )
        )
    if info.st_gid == gid and stat.S_IMODE(info.st_mode) == DIR_MODE:
        return False  # set up already: nothing of the directory is changed
    ours = {name, *(name + suffix for suffix in COMPANIONS)}
    others = sorted(set(os.listdir(fd)) - ours)
    if others:
        listed = ", ".join(others[:3]) + (" …" if len(others) > 3 else "")
        raise DatabaseError(
            _("{directory} holds other files ({listed}); {own_directory}, or an empty one.").format(
                directory=directory, listed=listed, own_directory=_(OWN_DIRECTORY)
            )
        )
    return True


def _refuse_links(fd: int, directory: Path, name: str) -> bool:
    """Refuse a link or anything but a regular file at the database's names; say if it exists."""
    exists = False
    for entry in (name, *(name + suffix for suffix in COMPANIONS)):
        try:
            info = os.stat(entry, dir_fd=fd, follow_symlinks=False)
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(info.st_mode):
            raise DatabaseError(
                _(
                    "{directory_entry} is a symbolic link; dealboard never follows one there: remove it (a database is a regular file)."
                ).format(directory_entry=directory / entry)
            )
        if not stat.S_ISREG(info.st_mode):
            raise DatabaseError(
                _("{directory_entry} is not a regular file; remove it.").format(
                    directory_entry=directory / entry
                )
            )
        exists = exists or entry == name
    return exists


def _build_new(lang: str) -> bytes:
    """Make a new dealboard database in a private temporary directory; return its bytes."""
    from models.storage import database as database_module
    from models.storage.database import open_database
    from models.storage.schema import database_proxy

    saved = (database_proxy.obj, database_module._info)
    try:
        with tempfile.TemporaryDirectory(prefix="dealboard-init-") as private:
            built = Path(private) / "new.sqlite"
            db = open_database(built, lang=lang)
            db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            db.close()
            return built.read_bytes()
    finally:
        database_proxy.initialize(saved[0])
        database_module._info = saved[1]


def _create(database: Path, gid: int, lang: str) -> None:
    """Copy a new database in under a temporary name and link it into place, group-shared."""
    data = _build_new(lang)
    try:
        with partial_file(database) as partial:
            view = memoryview(data)
            while view:
                view = view[os.write(partial.fd, view) :]
            _share(partial.fd, database, gid, FILE_MODE)
            partial.place(mode=FILE_MODE, overwrite=False)
    except FileSafetyError as exc:
        raise DatabaseError(str(exc)) from None
    except OSError as exc:
        raise DatabaseError(
            _("Cannot create {database}: {exc_strerror}.").format(
                database=database, exc_strerror=exc.strerror
            )
        ) from exc


def _keep(fd: int, directory: Path, name: str, gid: int) -> None:
    """Check an existing database, then give it and its -wal and -shm to the group."""
    database = directory / name
    try:
        handle = os.open(name, os.O_RDONLY | NOFOLLOW, dir_fd=fd)
    except OSError as exc:
        raise DatabaseError(
            _("Cannot open {database}: {exc_strerror}.").format(
                database=database, exc_strerror=exc.strerror
            )
        ) from exc
    try:
        if os.pread(handle, len(SQLITE_HEADER), 0) != SQLITE_HEADER:
            raise DatabaseError(
                _("{database} is not a dealboard database (not an SQLite file).").format(
                    database=database
                )
            )
        _check_made_by_dealboard(database)
        _share(handle, database, gid, FILE_MODE)
    finally:
        os.close(handle)
    for suffix in ("-wal", "-shm"):
        try:
            companion = os.open(name + suffix, os.O_RDONLY | NOFOLLOW, dir_fd=fd)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise DatabaseError(
                _("Cannot open {database}{suffix}: {exc_strerror}.").format(
                    database=database, suffix=suffix, exc_strerror=exc.strerror
                )
            ) from exc
        try:
            _share(companion, Path(f"{database}{suffix}"), gid, FILE_MODE)
        finally:
            os.close(companion)


def _check_made_by_dealboard(database: Path) -> None:
    """Read (never write) the schema: refuse an SQLite file that dealboard did not make."""
    try:
        connection = sqlite3.connect(f"file:{quote(str(database))}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise DatabaseError(
            _("Cannot read {database}: {exc}.").format(database=database, exc=exc)
        ) from exc
    if tables and "schema_migration" not in tables:
        raise DatabaseError(
            _("{database} was not made by dealboard; refusing to share it.").format(
                database=database
            )
        )


def init_shared(path: str | os.PathLike[str], group: str, *, lang: str = "en") -> SharedSetup:
    """Create (or fix up) a team database at ``path`` shared by ``group``.

    An existing database is kept as it is (the first user to open it brings its schema up
    to date); only the group and modes of it, its ``-wal`` and ``-shm``, and of its
    directory are put right. Anything that would leave the data world-readable, or open
    someone else's files to the group, is refused.
    """
    gid = _group_id(group)
    database = Path(path).expanduser().absolute()
    directory = database.parent
    try:
        # Parents are made as usual (users must be able to pass through them); only the
        # team's own directory is closed to others.
        directory.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(
            _("Cannot create {directory_parent}: {exc_strerror}.").format(
                directory_parent=directory.parent, exc_strerror=exc.strerror
            )
        ) from exc
    old_umask = os.umask(0o007)
    try:
        fd, made = _open_directory(directory)
        try:
            change = _check_directory(fd, directory, database.name, gid) or made
            exists = _refuse_links(fd, directory, database.name)
            if change:
                _share(fd, directory, gid, DIR_MODE)
            if exists:
                _keep(fd, directory, database.name, gid)
            else:
                _create(database, gid, lang)
        finally:
            os.close(fd)
    finally:
        os.umask(old_umask)
    return SharedSetup(directory=directory, database=database, group=group, created=not exists)
