"""The Status vocabulary matches the database contract, and it is the only spelling in the code.

The database holds a deal's status as the words ``open``, ``accepted`` and ``rejected``
(docs/database.md); ``models.domain.status`` names them once. These tests pin the words to
the schema's CHECK constraints and to what the operations store, and walk the source of
``models/`` and ``tui/`` to prove no other module spells a status as a bare string.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from models.domain.status import (
    APPLIES_TO,
    CLOSED_STATUSES,
    STATUS_FILTERS,
    STATUS_LABELS,
    AppliesTo,
    Status,
    StatusFilter,
)
from models.operations import deals
from tests.backends import RawIntegrityError

ROOT = Path(__file__).resolve().parents[3]
NOW = "2026-03-01 09:30:00"
ACTOR = "tester"
WORDS = {"open", "accepted", "rejected"}


def test_the_stored_words_are_open_accepted_and_rejected():
    assert [status.value for status in Status] == ["open", "accepted", "rejected"]
    assert CLOSED_STATUSES == (Status.ACCEPTED, Status.REJECTED)
    assert [status.is_closed for status in Status] == [False, True, True]
    # A member is the plain word wherever it is written out: SQL text, history, JSON, CSV.
    assert f"{Status.OPEN}" == str(Status.OPEN) == "open"
    assert Status("rejected") is Status.REJECTED


def test_filter_words_and_what_people_read():
    assert STATUS_FILTERS == ("open", "accepted", "rejected", "all")
    assert all(type(word) is str for word in (*STATUS_FILTERS, *APPLIES_TO))  # argparse repr()s
    assert [StatusFilter(word) for word in STATUS_FILTERS][:3] == list(Status)
    assert APPLIES_TO == ("accepted", "rejected", "both")
    assert AppliesTo.BOTH == "both"
    assert STATUS_LABELS == {"open": "open", "accepted": "won", "rejected": "lost", "all": "all"}
    assert [status.label for status in Status] == ["open", "won", "lost"]
    assert set(STATUS_LABELS) == set(StatusFilter)


def _raw_deal(raw, status: str) -> None:
    """Insert a deal in ``status`` directly, closed as the schema requires when it is closed."""
    closed = status != "open"
    raw.execute(
        "INSERT INTO deal (title, phase_id, status, value_cents, created_at, updated_at,"
        " closed_at, probability_at_close) VALUES (?, ?, ?, 100, ?, ?, ?, ?)",
        [
            f"Raw {status}",
            raw.scalar("SELECT MIN(id) FROM phase"),
            status,
            NOW,
            NOW,
            NOW if closed else None,
            50 if closed else None,
        ],
    )


def test_the_schema_stores_every_status_and_refuses_other_words(raw):
    for status in Status:
        _raw_deal(raw, status.value)
    stored = [row[0] for row in raw.execute("SELECT status FROM deal ORDER BY id").fetchall()]
    assert stored == ["open", "accepted", "rejected"]
    for word in ("won", "lost", "all", "closed", "Open", "ACCEPTED", ""):
        with pytest.raises(RawIntegrityError, match="CHECK"):
            _raw_deal(raw, word)
    assert raw.scalar("SELECT COUNT(*) FROM deal") == 3


def test_the_schema_takes_every_reason_outcome_and_refuses_other_words(raw):
    for word in APPLIES_TO:
        raw.execute(
            "INSERT INTO reason (name, applies_to, archived) VALUES (?, ?, ?)",
            [f"R {word}", word, False],
        )
    for word in ("open", "won", "all", "Both"):
        with pytest.raises(RawIntegrityError, match="CHECK"):
            raw.execute(
                "INSERT INTO reason (name, applies_to, archived) VALUES (?, ?, ?)",
                ["R", word, False],
            )


@pytest.mark.sqlite_only
def test_the_check_constraints_list_exactly_the_enum_words(raw):
    """The CHECKs as written in the schema: no word more or less than the enums hold."""
    sql = raw.scalar("SELECT sql FROM sqlite_master WHERE name = 'deal'")
    found = re.search(r"status IN \(([^)]*)\)", sql)
    assert found, sql
    assert re.findall(r"'(\w+)'", found.group(1)) == [status.value for status in Status]
    sql = raw.scalar("SELECT sql FROM sqlite_master WHERE name = 'reason'")
    found = re.search(r"applies_to IN \(([^)]*)\)", sql)
    assert found, sql
    assert tuple(re.findall(r"'(\w+)'", found.group(1))) == APPLIES_TO


def test_operations_store_the_plain_words(make_deal, rows):
    won = make_deal("Won deal")
    lost = make_deal("Lost deal")
    deals.close_deal(won.id, Status.ACCEPTED, actor=ACTOR)
    deals.close_deal(lost.id, "rejected", reason="Price too high", actor=ACTOR)
    stored = rows("SELECT id, status FROM deal ORDER BY id")
    assert [(row["id"], row["status"]) for row in stored] == [
        (won.id, "accepted"),
        (lost.id, "rejected"),
    ]
    history = rows(
        "SELECT old_value, new_value FROM deal_event WHERE kind = 'status' ORDER BY deal_id"
    )
    assert [(row["old_value"], row["new_value"]) for row in history] == [
        ("open", "accepted"),
        ("open", "rejected"),
    ]
    deals.reopen_deal(won.id, actor=ACTOR)
    assert rows("SELECT status FROM deal WHERE id = ?", won.id) == [{"status": "open"}]


# -- no bare status words outside models/domain/status.py ---------------------------------

# Files that may spell the words: the vocabulary itself, and the migrations, which are a
# record of the schema as it was created and must keep reading the same when Status changes.
EXEMPT = ("models/domain/status.py", "models/storage/migrations/")
# A status compared or written in SQL text: ``status = 'open'``, ``status IN ('accepted', …``.
SQL_STATUS = re.compile(r"status\s*(?:=|<>|!=|IN\s*\()\s*'(?:open|accepted|rejected)'", re.I)


def _not_a_status(node: ast.Constant, parent: ast.AST | None) -> bool:
    """The genuine other meanings of "open": a key binding's id (``Binding(…, id="open")``)."""
    return isinstance(parent, ast.keyword) and parent.arg == "id" and node.value == "open"


def bare_status_words(path: Path) -> list[str]:
    """Where ``path`` spells a status as a string constant or in SQL text, as ``file:line``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if node.value in WORDS and not _not_a_status(node, parents.get(node)):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
        elif SQL_STATUS.search(node.value):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: SQL {node.value!r}")
    return found


def source_files() -> list[Path]:
    """Every module of models/ and tui/ that must use Status, not the words."""
    files = sorted((ROOT / "models").rglob("*.py")) + sorted((ROOT / "tui").rglob("*.py"))
    return [path for path in files if not path.relative_to(ROOT).as_posix().startswith(EXEMPT)]


def test_no_module_spells_a_status_as_a_bare_string():
    files = source_files()
    assert len(files) > 80  # both packages, every layer
    found = [hit for path in files for hit in bare_status_words(path)]
    assert found == [], "use models.domain.status.Status instead:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("source", "hits"),
    [
        ('x = "open"', 1),
        ("if deal.status == 'rejected': pass", 1),
        ("sql = \"WHERE d.status = 'accepted'\"", 1),
        ("sql = \"WHERE d.status <> 'open'\"", 1),
        ('Binding("enter", "open_deal", "Open", id="open")', 0),
        ('x = "opened"; y = f"{a} open"', 0),
        ("x = Status.OPEN", 0),
    ],
)
def test_the_source_check_finds_bare_words(tmp_path, monkeypatch, source, hits):
    """The check itself: it flags words and SQL comparisons, and lets other meanings pass."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    path = tmp_path / "module.py"
    path.write_text(source + "\n", encoding="utf-8")
    assert len(bare_status_words(path)) == hits
