"""Default phases, reasons and settings written into a new database."""

from __future__ import annotations

from models.domain.status import AppliesTo
from models.storage.schema import Phase, Reason, Setting

DEFAULT_PHASES: dict[str, list[tuple[str, int]]] = {
    "en": [
        ("Introduction", 10),
        ("Presentation", 25),
        ("Proposal", 50),
        ("Negotiation", 75),
        ("Order", 100),
    ],
    "nl": [
        ("Kennismaken", 10),
        ("Presenteren", 25),
        ("Voorstel", 50),
        ("Onderhandelen", 75),
        ("Opdracht", 100),
    ],
}

DEFAULT_REASONS: dict[str, list[tuple[str, str]]] = {
    "en": [
        ("Best price", AppliesTo.ACCEPTED),
        ("Best fit for their needs", AppliesTo.ACCEPTED),
        ("Existing relationship", AppliesTo.ACCEPTED),
        ("Referral or reputation", AppliesTo.ACCEPTED),
        ("Price too high", AppliesTo.REJECTED),
        ("Chose a competitor", AppliesTo.REJECTED),
        ("No budget", AppliesTo.REJECTED),
        ("No decision or project stopped", AppliesTo.REJECTED),
        ("Bad timing", AppliesTo.REJECTED),
        ("Missing functionality", AppliesTo.REJECTED),
        ("Other", AppliesTo.BOTH),
    ],
    "nl": [
        ("Beste prijs", AppliesTo.ACCEPTED),
        ("Past het best bij de vraag", AppliesTo.ACCEPTED),
        ("Bestaande relatie", AppliesTo.ACCEPTED),
        ("Aanbeveling of reputatie", AppliesTo.ACCEPTED),
        ("Te duur", AppliesTo.REJECTED),
        ("Koos een concurrent", AppliesTo.REJECTED),
        ("Geen budget", AppliesTo.REJECTED),
        ("Geen besluit of project gestopt", AppliesTo.REJECTED),
        ("Verkeerde timing", AppliesTo.REJECTED),
        ("Functionaliteit ontbreekt", AppliesTo.REJECTED),
        ("Overig", AppliesTo.BOTH),
    ],
}

DEFAULT_SETTINGS: dict[str, str] = {
    "currency": "EUR",
    "require_reason_on_reject": "1",
    "require_reason_on_accept": "0",
    "stale_days": "30",
}

LANGUAGES = ("en", "nl")


def seed_defaults(lang: str = "en") -> None:
    """Write the five default phases, the default reasons and settings in ``lang``."""
    if lang not in LANGUAGES:
        lang = "en"
    for position, (name, probability) in enumerate(DEFAULT_PHASES[lang], start=1):
        Phase.create(name=name, probability=probability, position=position, archived=False)
    for name, applies_to in DEFAULT_REASONS[lang]:
        Reason.create(name=name, applies_to=applies_to, archived=False)
    rows = [{"key": key, "value": value} for key, value in DEFAULT_SETTINGS.items()]
    rows.append({"key": "language", "value": lang})
    Setting.insert_many(rows).execute()
