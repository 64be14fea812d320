"""The ``dealboard`` command: starts the TUI, or runs one scriptable command and exits.

Every command goes through ``main``: it parses the arguments, checks ``--user`` and that
``--db`` carries no password, opens the database, runs the handler and turns the domain
layer's typed errors into one sentence on stderr (through ``tui.output.print_error``, which
escapes quoted data and removes passwords) with a non-zero exit code (1 for a refused
request, 2 for bad usage, 3 for an edit conflict). Textual is imported only when the TUI
starts, so scripted commands start fast.

This package never imports Textual (an import-linter contract in ``pyproject.toml``): the
TUI is started through the ``start_app`` callable that the entry point ``tui.launch`` passes
in, so the command line can be read, tested and run without the UI.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import math
import operator
import os
import shutil
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import peewee

from models.domain.errors import ConflictError, DealboardError
from models.domain.i18n import current_language, set_language
from models.operations.actor import clean_actor
from models.storage.database import translate_error
from models.storage.pg_url import Secrets, has_password, url_secrets
from tui import version
from tui.cli.context import (
    DEMO_DEALS,
    EXIT_CONFLICT,
    EXIT_ERROR,
    EXIT_USAGE,
    AppOptions,
    AppStarter,
    CliContext,
    Handler,
    demo_database_path,
    login_name,
)
from tui.cli.language import (
    creation_language,
    early_language,
    lang_type,
    settle_language,
)
from tui.i18n import N_, _
from tui.output import hide_secrets, print_error, printable
from tui.poll import MAX_POLL_SECONDS, MIN_POLL_SECONDS, POLL_SECONDS

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Add the options every command accepts; on subcommands they do not reset the top's."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=default,
        help=_(
            "database file, sqlite:///path or postgresql://user@host/db (the password goes in"
            " ~/.pgpass or PGPASSWORD, never here; default: $DEALBOARD_DB or the user data dir)"
        ),
    )
    parser.add_argument(
        "--user", default=default, help=_("name recorded in history (default: your login name)")
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help=_("open the database read-only; every change is refused"),
    )
    parser.add_argument(
        "--lang",
        type=lang_type,
        metavar="{en,nl}",
        default=default,
        help=_(
            "language of this session's screens and messages (default: $DEALBOARD_LANG, the"
            " database's language setting, else your locale); a database created now also"
            " gets its phase and reason names in it"
        ),
    )
    parser.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help=_("no progress bars"),
    )


class Parser(argparse.ArgumentParser):
    """argparse, printing its usage errors with control and bidi characters escaped.

    ``exit_on_error=False`` (the options-only pass of ``parse_arguments``): every mistake,
    argparse's own ``error`` calls included, raises ``ArgumentError`` instead of printing,
    so the whole grammar reports it, with argparse's words in the user's language.
    """

    def __init__(self, *args: Any, width: int | None = None, **kwargs: Any) -> None:
        self.width = width  # before argparse's __init__, which adds -h
        super().__init__(*args, **kwargs)

    def _get_formatter(self) -> argparse.HelpFormatter:
        # argparse makes a formatter for every argument added (to check its metavar), and
        # each measured the terminal: a third of building the grammar. The width is measured
        # once per build instead (``build_parser``), as each formatter would have found it.
        # Always argparse's own formatter: no parser here sets another ``formatter_class``.
        return argparse.HelpFormatter(prog=self.prog, width=self.width)

    def error(self, message: str) -> NoReturn:
        """Print the usage and ``message`` and exit 2; raise instead in the options-only pass."""
        if not self.exit_on_error:
            raise argparse.ArgumentError(None, message)
        super().error(message)

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if message:
            (file or sys.stderr).write(printable(message, keep="\n\t"))


class VersionAction(argparse.Action):
    """``--version``: print the version and exit (looked up only then)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help=_("show the version and exit"))

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        """Print ``dealboard VERSION`` and exit."""
        print(f"dealboard {version()}")
        parser.exit()


def build_parser(*, commands: bool = True, only: str | None = None) -> argparse.ArgumentParser:
    """Build the whole command-line grammar of docs/command-line.md (``commands=False``: options only).

    ``only``: of the commands, just the module registering the command of that name
    (``tui.cli.commands``). The options alone never print (``Parser``), so only the grammar
    with commands needs argparse's words in the user's language.
    """
    if commands:
        from tui.cli import argparse_words

        argparse_words.install()
    width = shutil.get_terminal_size().columns - 2  # as argparse.HelpFormatter measures it
    parser = Parser(
        prog="dealboard",
        width=width,
        exit_on_error=commands,
        description=_(
            "A keyboard-driven sales pipeline: progress phase and status kept apart."
            " Without a command, starts the terminal app."
        ),
    )
    parser.add_argument("--version", action=VersionAction)
    parser.add_argument(
        "--demo", action="store_true", help=_("start the app on a demo database full of deals")
    )
    _global_options(parser, top=True)
    if not commands:
        parser.set_defaults(command=None)
        return parser
    from tui.cli import commands as cli_commands

    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(
        parent: argparse._SubParsersAction, name: str, help_text: str
    ) -> argparse.ArgumentParser:
        sub = parent.add_parser(name, help=help_text, description=help_text, width=width)
        sub.set_defaults(group_parser=sub)
        _global_options(sub, top=False)
        return sub

    cli_commands.register(subparsers, add, only)
    return parser


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line; build only as much of the grammar as the words need.

    Importing and registering every command costs about 40 ms, a tenth of the app's
    start-up. So the options alone are tried first: when nothing is left over (and no help
    was asked for, and nothing was wrong) the app starts. When the first word left over
    names a command, the grammar with that command alone parses: the top-level options are
    the same, so the same word is the command and its own parser reads the rest, as in the
    whole grammar. Otherwise (help, a mistake, an unknown command) the whole grammar parses
    and reports.
    """
    words = list(sys.argv[1:] if argv is None else argv)
    if not {"-h", "--help"} & set(words):
        rest: list[str] = []
        with contextlib.suppress(argparse.ArgumentError):
            args, rest = build_parser(commands=False).parse_known_args(words)
            if not rest:
                return args
        from tui.cli.commands import COMMAND_MODULES

        if rest and rest[0] in COMMAND_MODULES:
            return build_parser(only=rest[0]).parse_args(words)
    return build_parser().parse_args(words)


def may_create(target: str | None) -> bool:
    """Only the personal default location gets a database on first use; `init` makes others."""
    from models.storage.database import default_database_path, resolve_target

    return resolve_target(target) == str(default_database_path())


def _open(args: argparse.Namespace) -> None:
    from models.storage.database import open_database

    open_database(
        args.db,
        read_only=args.read_only,
        lang=creation_language(args),
        create=may_create(args.db),
    )
    notice = settle_language(args)
    if notice:
        print_error(notice)


def prepare_demo(args: argparse.Namespace, ctx: CliContext) -> str:
    """Return the demo database for ``--demo``, writing it (and its directory) on first use."""
    lang = creation_language(args)
    target = args.db or str(demo_database_path(lang))
    if args.db is None:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    if not Path(target).exists() and "://" not in target:
        from tui.cli.admin import write_demo

        write_demo(target, deals=DEMO_DEALS, seed=1, lang=lang, ctx=ctx)
    return target


def poll_seconds() -> float | None:
    """Seconds between live-refresh looks: ``DEALBOARD_POLL_SECONDS`` (0 = off), default 1."""
    text = os.environ.get("DEALBOARD_POLL_SECONDS", "").strip()
    if not text:
        return POLL_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        raise DealboardError(
            _(
                "DEALBOARD_POLL_SECONDS must be a number of seconds (0 turns live refresh off), not {text!r}."
            ).format(text=text)
        ) from None
    if seconds == 0:
        return None
    if not (math.isfinite(seconds) and MIN_POLL_SECONDS <= seconds <= MAX_POLL_SECONDS):
        raise DealboardError(
            _(
                "DEALBOARD_POLL_SECONDS must be 0 (off) or from {low:g} to {high:g} seconds,"
                " not {text!r}."
            ).format(low=MIN_POLL_SECONDS, high=MAX_POLL_SECONDS, text=text)
        )
    return seconds


def _run_tui(args: argparse.Namespace, ctx: CliContext, start_app: AppStarter | None) -> int:
    from models.storage.database import open_database

    interval = poll_seconds()  # a bad setting stops us before any file is touched
    target = prepare_demo(args, ctx) if args.demo else args.db
    open_database(
        target, read_only=args.read_only, lang=creation_language(args), create=may_create(target)
    )
    notice = settle_language(args)
    if start_app is None:
        raise DealboardError(
            _("This entry point runs commands only; start the app with `dealboard`.")
        )
    start_app(
        AppOptions(
            user=ctx.user,
            read_only=bool(args.read_only),
            live_refresh=interval,
            lang=current_language(),
            notices=(notice,) if notice else (),
        )
    )
    return 0


def hide_passwords(db_argument: str | None) -> None:
    """Keep the password of every database URL in play out of all messages."""
    from models.storage.config import configured_database

    targets = [db_argument or "", os.environ.get("DEALBOARD_DB", "")]
    if not any(targets):
        # A broken or unreadable file is reported when the database is opened.
        with contextlib.suppress(DealboardError, OSError):
            targets.append(configured_database() or "")
    hide_secrets(functools.reduce(operator.or_, map(url_secrets, targets), Secrets()))


PASSWORD_IN_ARGV = N_(
    "A password in --db would be visible to every user of this machine (in ps) while"
    " dealboard runs; keep it in ~/.pgpass or PGPASSWORD and leave it out of the URL, or set"
    " the whole URL in DEALBOARD_DB instead of --db."
)


def acting_user(args: argparse.Namespace) -> str:
    """The name recorded in history: ``--user`` if given, else the login name; checked."""
    given = (args.user or "").strip()
    return clean_actor(given) if given else clean_actor(login_name(), given=False)


def main(argv: Sequence[str] | None = None, start_app: AppStarter | None = None) -> int:
    """Run dealboard with ``argv`` (default: the process arguments); return the exit code.

    Without a command, ``start_app`` starts the TUI (``tui.launch`` passes it).
    """
    words = list(sys.argv[1:] if argv is None else argv)
    set_language(early_language(words))  # help and usage errors in the user's language
    args = parse_arguments(words)
    hide_passwords(args.db)
    if args.db and has_password(args.db):
        print_error(_(PASSWORD_IN_ARGV))
        return EXIT_USAGE
    try:
        set_language(creation_language(args))  # until the database is open; checks the choice
        ctx = CliContext(
            user=acting_user(args), read_only=bool(args.read_only), quiet=bool(args.quiet)
        )
        if args.command is None:
            return _run_tui(args, ctx, start_app)
        handler: Handler | None = getattr(args, "handler", None)
        if handler is None:  # a command group without its verb, e.g. `dealboard deal`
            args.group_parser.print_help(sys.stderr)
            return EXIT_USAGE
        writes = bool(getattr(args, "writes", False))
        if writes and ctx.read_only:
            raise DealboardError(
                _("The database is open read-only (--read-only); nothing was changed.")
            )
        if getattr(args, "needs_db", True):
            _open(args)
        return handler(args, ctx) or 0
    except ConflictError as exc:
        print_error(exc)
        return EXIT_CONFLICT
    except DealboardError as exc:
        print_error(exc)
        return EXIT_ERROR
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        # A read that met a damaged, locked or vanished database outside any operation.
        print_error(translate_error(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        print_error(_("interrupted; nothing half-written was kept."))
        return 130
    except BrokenPipeError:
        # The reader went away (`dealboard deal list | head`); that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        if os.environ.get("DEALBOARD_DEBUG"):
            raise
        print_error(
            _(
                "internal error ({kind}: {error}). Nothing was changed unless the command"
                " said so; run with DEALBOARD_DEBUG=1 for details."
            ).format(kind=type(exc).__name__, error=exc)
        )
        return EXIT_ERROR
