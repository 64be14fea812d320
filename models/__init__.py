"""dealboard's domain and persistence layer: models, migrations, operations, reports.

Never imports ``textual`` or ``tui``: everything here works from a script or a test.
"""
