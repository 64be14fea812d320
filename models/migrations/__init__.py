"""Schema migrations, applied in numeric order by ``playhouse.migrations`` (see models.database).

Each ``NNNN_name.py`` defines ``up(migrator, db)`` with frozen copies of the tables it
creates, so a later change to ``models.schema`` never changes what an old migration does.
Never edit an applied migration; add a new one.
"""
