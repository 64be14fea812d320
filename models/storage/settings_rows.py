"""The settings as stored, with the defaults for keys a database does not have."""

from __future__ import annotations

import peewee

from models.domain.periods import default_zone_name
from models.storage.seed import DEFAULT_SETTINGS


def stored_settings(db: peewee.Database) -> dict[str, str]:
    """Every setting of ``db``, defaults filled in for keys it does not have.

    An unset ``timezone`` follows the language: Europe/Amsterdam for Dutch, else UTC.
    """
    values = {**DEFAULT_SETTINGS, "language": "en"}
    values.update(dict(db.execute_sql("SELECT key, value FROM setting").fetchall()))
    values.setdefault("timezone", default_zone_name(values["language"]))
    return values
