"""Peewee models for the tables of docs/database.md, bound to one database proxy.

The tables themselves are created by the migrations in ``models/migrations``; these classes
describe the current shape for queries. Screens never call ``.save()`` on them: every change
goes through the operations in ``models.operations.deals``, ``models.operations.phases``,
``models.operations.people`` and ``models.operations.settings``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DatabaseProxy,
    ForeignKeyField,
    IntegerField,
    Model,
    ModelSelect,
    TextField,
)

from models.domain.status import Status
from models.storage.stored_values import (
    SafeCentsField,
    SafeCharField,
    SafeDateField,
    SafeDateTimeField,
    SafeTextField,
)

database_proxy = DatabaseProxy()

EVENT_KINDS = ("created", "phase", "status", "field", "note", "deleted", "restored")


class BaseModel(Model):
    """Common base: every model lives in the one database the proxy points at."""

    class Meta:
        database = database_proxy
        legacy_table_names = False


class Phase(BaseModel):
    """A progress phase (voortgang) with its win probability."""

    id = AutoField()
    name = CharField(max_length=60)
    probability = IntegerField()
    position = IntegerField()
    archived = BooleanField(default=False)

    class Meta:
        table_name = "phase"


class Reason(BaseModel):
    """Why a deal was won or lost; applies to accepted, rejected or both outcomes."""

    id = AutoField()
    name = CharField(max_length=100)
    applies_to = CharField(max_length=10)
    archived = BooleanField(default=False)

    class Meta:
        table_name = "reason"


class Person(BaseModel):
    """Someone who works in dealboard: the login changes are recorded under, the name deals show.

    ``login`` is unique without regard to case; an archived person is no longer suggested as
    an owner but keeps their name (docs/database.md).
    """

    id = AutoField()
    login = CharField(max_length=200, unique=True)
    name = SafeCharField(max_length=200)
    archived = BooleanField(default=False)

    class Meta:
        table_name = "person"


class Deal(BaseModel):
    """A sales deal: its phase (how far) and its status (open, won, lost) are separate."""

    id = AutoField()
    title = SafeCharField(max_length=500)
    organization = SafeCharField(max_length=200, default="")
    contact = SafeCharField(max_length=200, default="")
    owner = SafeCharField(max_length=200, default="")
    source = SafeCharField(max_length=200, default="")
    value_cents = SafeCentsField(default=0)  # cents; PostgreSQL integer would stop at €21M
    phase = ForeignKeyField(Phase, column_name="phase_id", backref="deals")
    status = CharField(max_length=10, default=Status.OPEN.value)
    probability_override = IntegerField(null=True)
    probability_at_close = IntegerField(null=True)
    reason = ForeignKeyField(Reason, column_name="reason_id", null=True, backref="deals")
    competitor = SafeCharField(max_length=200, default="")
    close_note = SafeTextField(default="")
    note = SafeTextField(default="")
    expected_close = SafeDateField(null=True)
    created_at = SafeDateTimeField()
    updated_at = SafeDateTimeField()
    closed_at = SafeDateTimeField(null=True)
    deleted_at = SafeDateTimeField(null=True)
    version = IntegerField(default=1)
    # What happens next and when (migration 0010); NULL when the deal has no next step.
    next_step = SafeTextField(null=True)
    next_step_date = SafeDateField(null=True)

    if TYPE_CHECKING:  # what peewee adds at run time: foreign-key ids and the history backref
        phase_id: int
        reason_id: int | None
        events: ModelSelect[DealEvent]

    class Meta:
        table_name = "deal"


class DealEvent(BaseModel):
    """One line of a deal's append-only history: who changed what, when, old → new.

    ``phase`` is set on ``created`` and ``phase`` events to the phase the deal entered, so
    reports can tell which phases a deal reached even after phases are renamed.
    ``version`` is the deal version the change produced, so a conflict can name what
    changed since the version a user started from.
    """

    id = AutoField()
    deal = ForeignKeyField(Deal, column_name="deal_id", backref="events")
    at = SafeDateTimeField()
    actor = CharField(max_length=200)
    kind = CharField(max_length=10)
    field = CharField(max_length=40, null=True)
    old_value = SafeTextField(null=True)
    new_value = SafeTextField(null=True)
    phase = ForeignKeyField(Phase, column_name="phase_id", null=True)
    version = IntegerField(null=True)

    class Meta:
        table_name = "deal_event"


class DealReached(BaseModel):
    """A phase a deal reached, decided when it happened (docs/reports.md, "Definitions").

    Written when a deal enters a phase: that phase and the active phases it skipped on the
    way there, by the board order of that moment. One row per deal and phase (the first time
    counts); reordering, renaming or archiving phases later never changes these rows.
    """

    id = AutoField()
    deal = ForeignKeyField(Deal, column_name="deal_id", backref="reached")
    phase = ForeignKeyField(Phase, column_name="phase_id")
    at = SafeDateTimeField()

    class Meta:
        table_name = "deal_reached"
        indexes = ((("deal", "phase"), True), (("phase", "deal"), False))


class DealStay(BaseModel):
    """Time a deal spent open in a phase (docs/reports.md, "Days in phase").

    A stay starts when an open deal enters a phase (creation, a move, a merge) or is
    reopened, and ends (``ended_at``) at its next move or its close; ``ended_at`` is NULL
    while it runs. Written as it happens (``models.operations.stay_rows``); history stays as
    the record, this table is what the report reads.
    """

    id = AutoField()
    deal = ForeignKeyField(Deal, column_name="deal_id", backref="stays")
    phase = ForeignKeyField(Phase, column_name="phase_id")
    started_at = SafeDateTimeField()
    ended_at = SafeDateTimeField(null=True)

    class Meta:
        table_name = "deal_stay"
        indexes = ((("deal", "phase", "started_at", "ended_at"), False),)


class Setting(BaseModel):
    """A key/value setting of this database (currency, language, reason rules, …)."""

    key = CharField(max_length=60, primary_key=True)
    value = TextField()

    class Meta:
        table_name = "setting"


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Phase,
    Reason,
    Deal,
    DealEvent,
    DealReached,
    DealStay,
    Setting,
    Person,
)
