"""Write a file safely where others may write too: exports, backups, the demo database.

A file is first written under an unpredictable name beside its target (``tempfile.mkstemp``:
``O_CREAT|O_EXCL|O_NOFOLLOW``, mode ``0600``), so nobody can plant a symbolic link or read
it while it is written. Only when it is complete does it get its final mode and take the
target's name by a rename (``--force``) or a hard link (never replacing a file that appeared
meanwhile). A target that exists must be a regular file: a symbolic link, directory, device,
pipe or socket is refused, never written through. The temporary file is removed on every way
out this process can see, including ``SIGTERM``; one left by ``SIGKILL`` stays ``0600``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from models.domain.errors import DealboardError
from models.domain.i18n import N_, _

PRIVATE_MODE = 0o600
FORCE_HINT = N_("use --force to replace it")
# Characters of the target's name kept in the temporary name (at most 4 bytes each), so the
# temporary name stays under the 255 bytes a name may have on common file systems.
NAME_KEPT = 40


class FileSafetyError(DealboardError):
    """A file cannot be written where asked, said in one sentence."""


def shown(path: str | os.PathLike[str], limit: int = 80) -> str:
    """Return ``path`` for a message: shortened in the middle when it is very long."""
    text = os.fspath(path)
    if len(text) <= limit:
        return text
    return f"{text[: limit // 2]}…{text[-(limit // 2) :]} ({len(text):,} characters)"


def os_problem(exc: OSError, path: str | os.PathLike[str]) -> str:
    """Say in one sentence why ``path`` cannot be used, from the operating system's error."""
    where = shown(path)
    if exc.errno == errno.ENAMETOOLONG:
        return _("The file name {where} is too long for the file system.").format(where=where)
    if exc.errno == errno.ELOOP:
        return _(
            "{where} is or passes through a symbolic link that dealboard does not follow."
        ).format(where=where)
    if exc.errno == errno.ENOTDIR:
        return _("A part of {where} is not a directory.").format(where=where)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _("Cannot write {where}: permission denied.").format(where=where)
    if exc.errno == errno.ENOSPC:
        return _("Cannot write {where}: the disk is full; nothing was written.").format(where=where)
    if exc.errno == errno.EROFS:
        return _("Cannot write {where}: the file system is read-only.").format(where=where)
    # The operating system's own words for anything else, as it gives them.
    return _("Cannot write {where}: {reason}.").format(where=where, reason=exc.strerror or exc)


def check_destination(
    path: str | os.PathLike[str],
    *,
    overwrite: bool,
    what: str = N_("file"),
    replace_hint: str = FORCE_HINT,
) -> Path:
    """Check that a new ``what`` may be written at ``path``; return it as a ``Path``.

    Refused with one sentence: an empty name, a name too long, a missing directory, and an
    existing symbolic link, directory, device, pipe or socket (also with ``overwrite``).
    An existing regular file is refused unless ``overwrite``.
    """
    if not os.fspath(path):
        raise FileSafetyError(_("Give a file name for the {what}.").format(what=_(what)))
    target = Path(path).expanduser()
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise FileSafetyError(os_problem(exc, target)) from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise FileSafetyError(
                _(
                    "{shown_target} is a symbolic link; dealboard never writes through one: give the real file's name or remove the link."
                ).format(shown_target=shown(target))
            )
        if stat.S_ISDIR(info.st_mode):
            raise FileSafetyError(
                _("{shown_target} is a directory; give a file name for the {what}.").format(
                    shown_target=shown(target), what=_(what)
                )
            )
        if not stat.S_ISREG(info.st_mode):
            raise FileSafetyError(
                _(
                    "{shown_target} is not a regular file (a device, pipe or socket); dealboard only replaces regular files."
                ).format(shown_target=shown(target))
            )
        if not overwrite:
            raise FileSafetyError(_exists(target, replace_hint))
    parent = target.parent
    try:
        parent_is_dir = stat.S_ISDIR(os.stat(parent).st_mode)
    except FileNotFoundError:
        parent_is_dir = False
    except OSError as exc:
        raise FileSafetyError(os_problem(exc, parent)) from None
    if not parent_is_dir:
        raise FileSafetyError(
            _("The directory {shown_parent} does not exist; create it first.").format(
                shown_parent=shown(parent)
            )
        )
    return target


def _exists(target: Path, replace_hint: str) -> str:
    """The sentence for a target that is already there."""
    if replace_hint:
        return _("{shown_target} already exists; choose another name or {hint}.").format(
            shown_target=shown(target), hint=_(replace_hint)
        )
    return _("{shown_target} already exists; choose another name.").format(
        shown_target=shown(target)
    )


def current_umask() -> int:
    """Return the process umask without changing it (read from /proc where there is one)."""
    with (
        contextlib.suppress(OSError, ValueError),
        open("/proc/self/status", encoding="ascii") as status,
    ):
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o077)  # no /proc: read it the only other way, setting it back at once
    os.umask(mask)
    return mask


def data_file_mode() -> int:
    """The mode for a file holding the open database's data: never wider than the data.

    For SQLite that is the database file's own read and write bits; for PostgreSQL (no
    file to compare with) and a database file that cannot be looked at, ``0600``. The
    umask narrows it further, as it would any new file.
    """
    from models.storage.database import current_info

    mode = PRIVATE_MODE
    with contextlib.suppress(DealboardError, OSError):
        info = current_info()
        if info.kind == "sqlite":
            mode = os.stat(info.location).st_mode & 0o666
    return mode & ~current_umask()


class _Terminated(SystemExit):
    """SIGTERM while a temporary file exists: unwind so that it is removed."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise _Terminated(128 + signum)


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """Turn SIGTERM into an exception while inside, where nobody else handles it."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return
    signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


class PartialFile:
    """A private temporary file beside ``target``, put in place whole or removed."""

    def __init__(
        self, target: Path, suffix: str = ".partial", replace_hint: str = FORCE_HINT
    ) -> None:
        prefix = f".{target.name[:NAME_KEPT]}."
        try:
            self.fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=target.parent)
        except OSError as exc:
            raise FileSafetyError(os_problem(exc, target)) from None
        self.path = Path(name)
        self.target = target
        self.replace_hint = replace_hint
        self.placed = False

    def still_ours(self) -> bool:
        """Tell whether the temporary name still names the very file this process made."""
        try:
            named, held = os.lstat(self.path), os.fstat(self.fd)
        except OSError:
            return False
        return stat.S_ISREG(named.st_mode) and (named.st_dev, named.st_ino) == (
            held.st_dev,
            held.st_ino,
        )

    def place(self, *, mode: int, overwrite: bool) -> None:
        """Sync the file, give it ``mode`` and put it at the target.

        Without ``overwrite`` an existing target is never replaced; a temporary file that
        someone swapped for another meanwhile is never put in place.
        """
        os.fsync(self.fd)
        os.fchmod(self.fd, mode)
        if not self.still_ours():
            raise FileSafetyError(
                _(
                    "The temporary file beside {shown_self_target} was replaced by someone else while it was written; nothing was saved."
                ).format(shown_self_target=shown(self.target))
            )
        if overwrite:
            # A rename replaces the directory entry: an existing link or device there is
            # never written through (check_destination refused them already).
            os.replace(self.path, self.target)
        else:
            try:
                # Unlike a rename, a hard link fails if the target appeared meanwhile.
                os.link(self.path, self.target, follow_symlinks=False)
            except FileExistsError:
                raise FileSafetyError(_exists(self.target, self.replace_hint)) from None
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                    raise
                # A file system without hard links: check, then rename.
                if os.path.lexists(self.target):
                    raise FileSafetyError(_exists(self.target, self.replace_hint)) from None
                os.replace(self.path, self.target)
            else:
                os.unlink(self.path)
        self.placed = True

    def discard(self) -> None:
        """Close the file and, unless it was put in place, remove the temporary name."""
        with contextlib.suppress(OSError):
            os.close(self.fd)
        if not self.placed:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)


@contextlib.contextmanager
def partial_file(
    target: Path, suffix: str = ".partial", replace_hint: str = FORCE_HINT
) -> Iterator[PartialFile]:
    """Yield a ``PartialFile`` for ``target``; it is gone on leaving unless it was placed.

    ``SIGTERM`` during the block raises ``SystemExit`` (where nothing else handles the
    signal), so the temporary file is removed then too.
    """
    with _sigterm_unwinds():
        partial = PartialFile(target, suffix, replace_hint)
        try:
            yield partial
        finally:
            partial.discard()


def write_text_file(
    target: Path, text: str, *, mode: int, overwrite: bool, replace_hint: str = FORCE_HINT
) -> None:
    """Write ``text`` (UTF-8) to ``target`` whole or not at all, with ``mode``."""
    with partial_file(target, replace_hint=replace_hint) as partial:
        data = text.encode("utf-8")
        view = memoryview(data)
        while view:
            written = os.write(partial.fd, view)
            view = view[written:]
        partial.place(mode=mode, overwrite=overwrite)
