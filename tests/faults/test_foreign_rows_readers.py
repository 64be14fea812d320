"""The command line and the detail screen on deal rows another client stored in bad shapes.

Before, each of these ended in a Rich traceback or "internal error"; now every command
shows the rows with the bad field marked and `check` names them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.models.storage.foreign_rows import FOREIGN
from tests.models.storage.foreign_rows import foreign as foreign  # a fixture
from tui.cli.main import main
from tui.screens.detail_data import form_values, heading_text, load_detail

MARK = "⚠"


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([*args, "--db", str(db), "--user", "tester"])
    out, err = capsys.readouterr()
    assert "internal error" not in err and "Traceback" not in err, err
    return code, out, err


def test_list_show_export_and_edit_show_the_bad_fields_marked(foreign, db_path, capsys):
    code, out, _ = run(capsys, db_path, "deal", "list", "--status", "all")
    assert code == 0
    assert "'abc' ⚠ not a whole number of cents" in out
    assert "'2026-02-30' ⚠ not a date" in out
    assert "x'48656c6c6f' ⚠ not text" in out
    code, out, _ = run(capsys, db_path, "deal", "list", "--status", "all", "--json")
    listed = {deal["id"]: deal for deal in json.loads(out)}
    assert listed[foreign["Bad amount"]]["problems"] == {
        "value_cents": "not a whole number of cents"
    }
    for title, deal_id in foreign.items():
        code, out, _ = run(capsys, db_path, "deal", "show", str(deal_id))
        assert code == 0, title
        assert (MARK in out) == (title in FOREIGN), title
    code, out, _ = run(capsys, db_path, "export", "-")
    assert code == 0 and out.count(MARK) == len(FOREIGN) - 1  # the CSV has no updated_at
    code, _, _ = run(capsys, db_path, "deal", "edit", str(foreign["Bad date"]), "--note", "x")
    assert code == 0


def test_check_exits_1_naming_each_deal_and_field(foreign, db_path, capsys):
    code, _, err = run(capsys, db_path, "check")
    assert code == 1
    for title, (_, _, said) in FOREIGN.items():
        assert f"  - Deal #{foreign[title]}: {said}\n" in err


def test_the_detail_screen_reads_every_bad_row(foreign):
    for title, (column, _, _) in FOREIGN.items():
        data = load_detail(foreign[title])
        heading = heading_text(data).plain
        values = form_values(data)
        assert data["problems"] == {column: data["problems"][column]}, title
        if column == "value_cents":
            assert "value 'abc' ⚠ not a whole number of cents" in heading
            assert values["value"] == "'abc' ⚠ not a whole number of cents"
        if column == "expected_close":
            assert values["expected_close"] == "'2026-02-30' ⚠ not a date"
