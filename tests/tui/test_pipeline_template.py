"""``db_file`` copies a pipeline built once per worker: the copy is what a new build holds."""

from __future__ import annotations

import os
from pathlib import Path

from models.storage import database as database_module
from models.storage.database import current_info
from models.storage.schema import database_proxy
from tests.backends import table_snapshot
from tests.db_template_checks import SQLITE_SCHEMA, rows_of
from tests.tui.conftest import build_pipeline, query


def test_db_file_holds_exactly_what_building_the_pipeline_now_writes(db_file, tmp_path):
    saved = (database_proxy.obj, database_module._info)
    built = tmp_path / "built.sqlite"
    try:
        build_pipeline(built)
    finally:
        database_proxy.initialize(saved[0])
        database_module._info = saved[1]
    assert query(db_file, SQLITE_SCHEMA) == query(built, SQLITE_SCHEMA)
    assert rows_of(str(db_file)) == rows_of(str(built))
    assert len(rows_of(str(db_file))["deal"]) == 7


def test_db_file_is_a_file_of_its_own_opened_as_an_existing_database(
    db_file: Path, pipeline_template: Path
) -> None:
    assert not os.path.samefile(db_file, pipeline_template)
    assert current_info().created is False
    assert os.stat(db_file).st_mode & 0o777 == os.stat(pipeline_template).st_mode & 0o777
    query(db_file, "UPDATE deal SET title = 'Only in the copy' WHERE id = 1")
    assert table_snapshot(str(pipeline_template))["deal"][0][1] != "Only in the copy"
