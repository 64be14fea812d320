"""The report's first section, "pipeline now": open deals per phase and in total.

Apart from ``build_report`` so that the management screen can show it before the other
sections are computed (``models.reports.management.build_pipeline``), from the same code.
"""

from __future__ import annotations

from models.reports.sections import OpenTotals, Pipeline, PipelinePhase, ReportPhase
from models.reports.sql import ReportSql


def pipeline_section(sql: ReportSql, phases: list[ReportPhase]) -> Pipeline:
    """Open deals per report phase (its value and weighted value, cents) and the total."""
    counted = {row[0]: row[1:] for row in sql.pipeline()}
    rows: list[PipelinePhase] = []
    for phase in phases:
        count, value, weighted = counted.get(phase["id"], (0, 0, 0))
        rows.append(
            {
                "phase": phase["name"],
                "probability": phase["probability"],
                "open_count": count,
                "open_value": value,
                "weighted_value": weighted,
            }
        )
    total: OpenTotals = {
        "open_count": sum(row["open_count"] for row in rows),
        "open_value": sum(row["open_value"] for row in rows),
        "weighted_value": sum(row["weighted_value"] for row in rows),
    }
    return {"phases": rows, "total": total}
