"""Schema migrations, applied in numeric order by ``playhouse.migrations`` (see models.storage.database).

Each ``NNNN_name.py`` defines ``up(migrator, db)`` with frozen copies of the tables it
creates, so a later change to ``models.storage.schema`` never changes what an old migration does.
For the same reason they spell statuses as the literal words ('open', 'accepted', 'rejected')
rather than ``models.domain.status.Status``: the words are the database contract, and a
migration must keep creating the same CHECK constraints whatever the enum becomes.
Never edit an applied migration; add a new one.
"""
