"""The per-database settings: currency, language, reason rules, stale-deal threshold, time zone."""

from __future__ import annotations

import re
import zoneinfo

from models.domain.errors import ValidationError
from models.domain.i18n import _
from models.domain.periods import zone, zone_name
from models.domain.validation import shown, whole_number
from models.storage.database import write_operation
from models.storage.schema import Setting, database_proxy
from models.storage.seed import LANGUAGES
from models.storage.settings_rows import stored_settings
from models.storage.tally import ensure_current

BOOLEAN_SETTINGS = ("require_reason_on_reject", "require_reason_on_accept")
KNOWN_SETTINGS = ("currency", "language", *BOOLEAN_SETTINGS, "stale_days", "timezone")
_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nee"}


def get_settings() -> dict[str, str]:
    """Return every setting, defaults filled in for keys the database does not have.

    An unset ``timezone`` follows the language: Europe/Amsterdam for Dutch, else UTC.
    """
    return stored_settings(database_proxy.obj)


def get_setting(key: str) -> str:
    """Return one setting's value (its default when unset)."""
    return get_settings()[key]


def stored_language() -> str | None:
    """The database's own ``language`` setting as stored, None when it has none.

    Unlike ``get_settings`` no default fills it in: a database without one leaves the
    session's language to the login's locale (``models.domain.language``).
    """
    return Setting.select(Setting.value).where(Setting.key == "language").scalar()


def setting_flag(key: str) -> bool:
    """Return a yes/no setting as a bool."""
    return get_setting(key) in _TRUE


def database_zone(settings: dict[str, str] | None = None) -> zoneinfo.ZoneInfo:
    """The time zone whose days and months the reports and the board count in."""
    name = (settings or get_settings())["timezone"]
    try:
        return zone(name)
    except ValidationError:
        raise ValidationError(
            "timezone",
            _(
                "The database's time zone {shown_name} is unknown here; choose one with `dealboard setting set timezone NAME` (an IANA name such as Europe/Amsterdam)."
            ).format(shown_name=shown(name)),
        ) from None


def _clean(key: str, value: str) -> str:
    text = str(value).strip()
    if key == "currency":
        code = text.upper()
        # The letters are checked before upper-casing: "ﬀi".upper() is "FFI", "ı".upper() "I".
        if not re.fullmatch(r"[A-Za-z]{3}", text):
            raise ValidationError(
                "currency",
                _("Currency must be a three-letter code like EUR, not {shown_value}.").format(
                    shown_value=shown(value)
                ),
            )
        return code
    if key == "language":
        lang = text.lower()
        if lang not in LANGUAGES:
            raise ValidationError(
                "language",
                _("Language must be one of {join_languages}.").format(
                    join_languages=", ".join(LANGUAGES)
                ),
            )
        return lang
    if key in BOOLEAN_SETTINGS:
        lowered = text.lower()
        if lowered in _TRUE:
            return "1"
        if lowered in _FALSE:
            return "0"
        raise ValidationError(
            key,
            _("The setting {key} must be yes or no, not {shown_value}.").format(
                key=key, shown_value=shown(value)
            ),
        )
    if key == "stale_days":
        days = whole_number(text)
        if days is None or not 1 <= days <= 3650:
            raise ValidationError(
                key, _("The setting stale_days must be a whole number of days from 1 to 3650.")
            )
        return str(days)
    if key == "timezone":
        return zone_name(text)
    raise ValidationError(
        key,
        _("Unknown setting {shown_key}; known: {join_known_settings}.").format(
            shown_key=shown(key), join_known_settings=", ".join(KNOWN_SETTINGS)
        ),
    )


@write_operation
def set_setting(key: str, value: str) -> str:
    """Validate and store one setting; return the stored value."""
    clean = _clean(key, value)
    Setting.insert(key=key, value=clean).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: clean}
    ).execute()
    if key in ("timezone", "language"):  # the zone the tallies count months and days in
        ensure_current(database_proxy.obj)
    return clean
