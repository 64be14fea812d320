"""People: the ``person`` table, a login and the name shown as a deal's owner.

A person's ``login`` is the name changes are recorded under (``--user`` or the OS login);
``name`` is how deals show them ("Anna de Vries"). Logins are unique without regard to case
(an index on ``lower(login)``, as phase and reason names are). The schema refuses, for every
client, an empty login, a login with a space and a blank name; the operations
(``models.operations.people``) also refuse any other white space or control character in a
login. On PostgreSQL a change to ``person`` moves the change counter of migration 0002, as
phases and reasons do.
"""

import peewee
from peewee import SQL, AutoField, BooleanField, CharField, Check, Model


def up(migrator, db):
    """Create person, its unique login index and (PostgreSQL) its change-counter triggers."""

    class Person(Model):
        id = AutoField()
        login = CharField(
            max_length=200,
            constraints=[Check("length(login) > 0 AND replace(login, ' ', '') = login")],
        )
        name = CharField(max_length=200, constraints=[Check("length(trim(name)) > 0")])
        archived = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])

        class Meta:
            database = db
            table_name = "person"

    db.create_tables([Person], safe=False)
    db.execute_sql("CREATE UNIQUE INDEX person_login_unique ON person (lower(login))")
    if isinstance(db, peewee.PostgresqlDatabase):
        # The counting function is migration 0002's.
        db.execute_sql(
            "CREATE TRIGGER person_changes AFTER INSERT OR UPDATE OR DELETE ON person"
            " FOR EACH ROW EXECUTE FUNCTION dealboard_count_change()"
        )
        db.execute_sql(
            "CREATE TRIGGER person_truncated AFTER TRUNCATE ON person"
            " FOR EACH STATEMENT EXECUTE FUNCTION dealboard_count_change()"
        )
