"""Create the five tables of docs/database.md with their constraints in the schema itself."""

from peewee import (
    SQL,
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    Check,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


def up(migrator, db):
    """Create phase, reason, deal, deal_event and setting."""

    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Phase(Base):
        id = AutoField()
        name = CharField(max_length=60, constraints=[Check("length(trim(name)) > 0")])
        probability = IntegerField(constraints=[Check("probability BETWEEN 0 AND 100")])
        position = IntegerField()
        archived = BooleanField(default=False)

        class Meta:
            table_name = "phase"

    class Reason(Base):
        id = AutoField()
        name = CharField(max_length=100, constraints=[Check("length(trim(name)) > 0")])
        applies_to = CharField(
            max_length=10,
            constraints=[Check("applies_to IN ('accepted', 'rejected', 'both')")],
        )
        archived = BooleanField(default=False)

        class Meta:
            table_name = "reason"

    class Deal(Base):
        id = AutoField()
        title = CharField(max_length=500, constraints=[Check("length(trim(title)) > 0")])
        organization = CharField(max_length=200, default="", constraints=[SQL("DEFAULT ''")])
        contact = CharField(max_length=200, default="", constraints=[SQL("DEFAULT ''")])
        owner = CharField(max_length=200, default="", constraints=[SQL("DEFAULT ''")])
        source = CharField(max_length=200, default="", constraints=[SQL("DEFAULT ''")])
        value_cents = BigIntegerField(
            default=0, constraints=[SQL("DEFAULT 0"), Check("value_cents >= 0")]
        )
        phase = ForeignKeyField(Phase, column_name="phase_id", on_delete="RESTRICT")
        status = CharField(
            max_length=10,
            default="open",
            constraints=[
                SQL("DEFAULT 'open'"),
                Check("status IN ('open', 'accepted', 'rejected')"),
            ],
        )
        probability_override = IntegerField(
            null=True,
            constraints=[Check("probability_override BETWEEN 0 AND 100")],
        )
        probability_at_close = IntegerField(
            null=True,
            constraints=[Check("probability_at_close BETWEEN 0 AND 100")],
        )
        reason = ForeignKeyField(Reason, column_name="reason_id", null=True, on_delete="RESTRICT")
        competitor = CharField(max_length=200, default="", constraints=[SQL("DEFAULT ''")])
        close_note = TextField(default="", constraints=[SQL("DEFAULT ''")])
        note = TextField(default="", constraints=[SQL("DEFAULT ''")])
        expected_close = DateField(null=True)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        closed_at = DateTimeField(null=True)
        deleted_at = DateTimeField(null=True)
        version = IntegerField(default=1, constraints=[SQL("DEFAULT 1"), Check("version >= 1")])

        class Meta:
            table_name = "deal"
            constraints = [
                # A deal is open exactly when it carries no closing data.
                Check(
                    "(status = 'open' AND closed_at IS NULL AND probability_at_close IS NULL"
                    " AND reason_id IS NULL)"
                    " OR (status <> 'open' AND closed_at IS NOT NULL"
                    " AND probability_at_close IS NOT NULL)"
                ),
            ]

    class DealEvent(Base):
        id = AutoField()
        deal = ForeignKeyField(Deal, column_name="deal_id", on_delete="RESTRICT")
        at = DateTimeField()
        actor = CharField(max_length=200)
        kind = CharField(
            max_length=10,
            constraints=[
                Check(
                    "kind IN ('created', 'phase', 'status', 'field', 'note', 'deleted', 'restored')"
                )
            ],
        )
        field = CharField(max_length=40, null=True)
        old_value = TextField(null=True)
        new_value = TextField(null=True)
        phase = ForeignKeyField(Phase, column_name="phase_id", null=True, on_delete="RESTRICT")
        version = IntegerField(null=True)

        class Meta:
            table_name = "deal_event"

    class Setting(Base):
        key = CharField(max_length=60, primary_key=True)
        value = TextField()

        class Meta:
            table_name = "setting"

    db.create_tables([Phase, Reason, Deal, DealEvent, Setting])
    # Names are unique without regard to case, enforced by the schema for every client.
    db.execute_sql("CREATE UNIQUE INDEX phase_name_unique ON phase (lower(name))")
    db.execute_sql("CREATE UNIQUE INDEX reason_name_unique ON reason (lower(name))")
    db.execute_sql("CREATE INDEX deal_status_phase ON deal (status, phase_id)")
    db.execute_sql("CREATE INDEX deal_event_deal_at ON deal_event (deal_id, at)")
