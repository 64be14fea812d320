"""Find reached-data (``deal_reached``) that disagrees with the history, for ``dealboard check``.

The operations record what a deal reached the moment it enters a phase (docs/reports.md):
the phase entered, and the active phases it skipped, all at the time of that entering
``created``/``phase`` event. Two kinds of disagreement are named, per deal and phase:

- ``reached_missing``: the history enters a phase, but no reached row says the deal reached
  it — the funnel and calibration undercount that phase.
- ``reached_unexplained``: a reached row for a phase the history never shows the deal
  entering, and not recorded at a moment the deal entered another phase (when it could have
  skipped it) — the funnel and calibration overcount that phase.

The board order of a past moment is not recorded, so a skipped phase is recognised by its
time, not its position. Merging phase A into B gives every deal that reached A a row for B
at the time of the merge and archives A: a row is also explained when the deal reached an
archived phase no later than the row's time, or when some deal entered that phase at that
very time (the merge's own moves). Deals without any entering event are left to the "no
history at all" check.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from models.domain.i18n import _
from models.storage.foreign_rows import MAX_LISTED, Finding
from models.storage.schema import database_proxy

REACHED_MISSING = "reached_missing"
REACHED_UNEXPLAINED = "reached_unexplained"
FIELD = "deal_reached"  # the ``field`` of these findings: the table that disagrees


def _entering(alias: str) -> str:
    """SQL: ``alias`` is an event by which a deal entered a phase (it names the phase)."""
    return f"{alias}.kind IN ('created', 'phase') AND {alias}.phase_id IS NOT NULL"


def _rows(sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    db = database_proxy.obj
    return list(db.execute_sql(sql.replace("?", db.param), list(params)).fetchall())


def _phase_names() -> dict[int, str]:
    return {phase_id: name for phase_id, name in _rows("SELECT id, name FROM phase")}


def _missing(names: dict[int, str]) -> Iterator[Finding]:
    """History enters a phase; no reached row for that deal and phase."""
    rows = _rows(
        "SELECT e.deal_id, e.phase_id, MIN(e.id) FROM deal_event e"
        f" WHERE {_entering('e')}"
        " AND NOT EXISTS (SELECT 1 FROM deal_reached r"
        "  WHERE r.deal_id = e.deal_id AND r.phase_id = e.phase_id)"
        " GROUP BY e.deal_id, e.phase_id ORDER BY e.deal_id, e.phase_id"
    )
    for deal_id, phase_id, line in rows:
        name = names.get(phase_id, f"#{phase_id}")
        yield Finding(
            deal=deal_id,
            field=FIELD,
            value=name,
            problem=REACHED_MISSING,
            history_line=line,
            message=(
                f"Deal #{deal_id}: history line {line} enters phase {name!r}, but the phases"
                " it reached (deal_reached) leave it out."
            ),
        )


def _unexplained(names: dict[int, str]) -> Iterator[Finding]:
    """A reached row that neither an entering event nor a merge accounts for."""
    candidates = _rows(
        "SELECT r.deal_id, r.phase_id, r.at FROM deal_reached r"
        " WHERE EXISTS (SELECT 1 FROM deal_event h WHERE h.deal_id = r.deal_id"
        f"  AND {_entering('h')})"
        " AND NOT EXISTS (SELECT 1 FROM deal_event e WHERE e.deal_id = r.deal_id"
        f"  AND {_entering('e')}"
        "  AND (e.phase_id = r.phase_id OR e.at = r.at))"
        " AND NOT EXISTS (SELECT 1 FROM deal_reached q JOIN phase a ON a.id = q.phase_id"
        "  WHERE q.deal_id = r.deal_id AND a.archived AND q.phase_id <> r.phase_id"
        "  AND q.at <= r.at)"
        " ORDER BY r.deal_id, r.phase_id"
    )
    merged: dict[tuple[int, Any], bool] = {}
    for deal_id, phase_id, at in candidates:
        key = (phase_id, at)
        if key not in merged:  # few distinct moments: one look-up each
            merged[key] = bool(
                _rows(
                    f"SELECT 1 FROM deal_event m WHERE {_entering('m')} AND m.phase_id = ?"
                    " AND m.at = ? LIMIT 1",
                    (phase_id, at),
                )
            )
        if merged[key]:
            continue
        name = names.get(phase_id, f"#{phase_id}")
        shown = str(at)[:19]
        yield Finding(
            deal=deal_id,
            field=FIELD,
            value=name,
            problem=REACHED_UNEXPLAINED,
            related_field="at",
            related_value=str(at),
            message=(
                f"Deal #{deal_id}: recorded as having reached phase {name!r} at {shown}, but"
                " its history neither enters that phase nor enters another one then."
            ),
        )


def reached_findings() -> Iterator[Finding]:
    """Every disagreement between ``deal_reached`` and the history, missing rows first."""
    names = _phase_names()
    yield from _missing(names)
    yield from _unexplained(names)


def add_reached_findings(findings: list[dict[str, object]], problems: list[str]) -> int:
    """Add the disagreements to ``check``'s findings and sentences; return how many left off.

    Findings stop at ``MAX_LISTED`` in all; the rest are counted in one more sentence.
    """
    left_off = 0
    for finding in reached_findings():
        if len(findings) < MAX_LISTED:
            findings.append(finding.as_dict())
            problems.append(finding.message)
        else:
            left_off += 1
    if left_off:
        problems.append(
            _(
                "… and {left_off} more disagreements between the phases deals reached and their history."
            ).format(left_off=left_off)
        )
    return left_off
