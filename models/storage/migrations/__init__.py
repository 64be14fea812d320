"""Schema migrations, applied in numeric order by ``playhouse.migrations`` (see models.storage.database).

Each ``NNNN_name.py`` defines ``up(migrator, db)`` with frozen copies of the tables it
creates, so a later change to ``models.storage.schema`` never changes what an old migration does.
Never edit an applied migration; add a new one.
"""
