"""Keep the PostgreSQL driver out of a process that can only ever use an SQLite file.

peewee imports psycopg2 (and its ``extras``) at its own import whenever the driver is
installed, whatever database follows: about 12 ms of every start of dealboard on SQLite
(docs/performance.md). Python's import system refuses a module whose ``sys.modules`` entry is
``None`` with ``ModuleNotFoundError`` (the documented "module cache" rule), which peewee
takes as "driver not installed". ``skip_postgres_driver`` sets those entries, before peewee
is imported, when nothing the process was given can name a PostgreSQL server: no command
line word, no ``DEALBOARD_*`` variable and no configuration file mentions ``postgres``. Any
mention at all keeps the driver, so a doubtful case only costs the 12 ms.

Only the program's entry point (``tui.launch``) calls it, and only in a fresh process: once
peewee is imported (a test run, a script that imported the models) nothing changes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

# The PostgreSQL drivers peewee (and playhouse) try to import when they are imported.
POSTGRES_DRIVERS = ("psycopg2", "psycopg2cffi", "psycopg")
ENV_PREFIX = "DEALBOARD_"  # DEALBOARD_DB, DEALBOARD_COPY_TO, DEALBOARD_CONFIG, …


def may_use_postgres(words: Sequence[str], environ: Mapping[str, str]) -> bool:
    """Tell whether this run might reach PostgreSQL: anything it was given says "postgres"."""
    from models.storage.config import config_path

    given = [*words, *(value for name, value in environ.items() if name.startswith(ENV_PREFIX))]
    if any("postgres" in text.lower() for text in given):
        return True
    path = config_path()
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except FileNotFoundError:
        return False
    except OSError:
        return True  # unreadable now: the CLI says why later; keep every driver meanwhile
    return "postgres" in text.lower()


def skip_postgres_driver(words: Sequence[str], environ: Mapping[str, str] | None = None) -> bool:
    """Before peewee's import, leave the PostgreSQL drivers unimported if SQLite is certain.

    Return True when they were marked unavailable for the rest of the process.
    """
    if "peewee" in sys.modules or may_use_postgres(
        words, os.environ if environ is None else environ
    ):
        return False
    for name in POSTGRES_DRIVERS:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
    return True
