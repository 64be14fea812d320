"""Generated databases: made once per size, verified once, cached, copied before a figure writes.

A database is kept in the cache directory beside a JSON file saying how it was made (the
generator version, the seed, the size, dealboard's migrations) and how it was verified. A
later run with ``--keep DIR`` reuses it when all of that still matches, so the million-deal
file is not written again. Verification, once per size: ``PRAGMA integrity_check`` and
``PRAGMA foreign_key_check`` through ``sqlite3``, the history rules below, and
``dealboard check`` as a separate process.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.bench.common import PYTHON, REPO, Config, Figure, child_env, log, size_label
from tests.bench.generate import GENERATOR_VERSION, generate, remove_database

# Each query counts the rows that break a rule; every count must be 0.
HISTORY_RULES: dict[str, str] = {
    "every deal has one 'created' event, version 1, with its phase": (
        "SELECT COUNT(*) FROM deal d WHERE (SELECT COUNT(*) FROM deal_event e"
        " WHERE e.deal_id = d.id AND e.kind = 'created' AND e.version = 1"
        " AND e.phase_id IS NOT NULL) <> 1"
    ),
    "created and phase events carry phase_id, every event a version": (
        "SELECT COUNT(*) FROM deal_event WHERE version IS NULL"
        " OR (kind IN ('created', 'phase') AND phase_id IS NULL)"
        " OR (kind NOT IN ('created', 'phase') AND phase_id IS NOT NULL)"
    ),
    "versions rise by one per change and time never goes back": (
        "SELECT COUNT(*) FROM (SELECT version, at, LAG(version) OVER w AS pv, LAG(at) OVER w AS pa"
        " FROM deal_event WINDOW w AS (PARTITION BY deal_id ORDER BY id))"
        " WHERE pv IS NOT NULL AND (version NOT IN (pv, pv + 1) OR at < pa)"
    ),
    "a deal's version and updated_at are those of its last change": (
        "SELECT COUNT(*) FROM deal d JOIN (SELECT deal_id, MAX(version) AS v, MAX(at) AS last"
        " FROM deal_event GROUP BY deal_id) m ON m.deal_id = d.id"
        " WHERE m.v <> d.version OR m.last <> d.updated_at"
    ),
    "a deal's phase is the one its history entered last": (
        "SELECT COUNT(*) FROM deal d WHERE d.phase_id <> (SELECT e.phase_id FROM deal_event e"
        " WHERE e.deal_id = d.id AND e.kind IN ('created', 'phase') ORDER BY e.id DESC LIMIT 1)"
    ),
    "a closed deal closed when its last closing status event says": (
        "SELECT COUNT(*) FROM deal d WHERE d.status <> 'open' AND d.closed_at IS NOT"
        " (SELECT e.at FROM deal_event e WHERE e.deal_id = d.id AND e.kind = 'status'"
        " AND e.old_value = 'open' ORDER BY e.id DESC LIMIT 1)"
    ),
    "the last status event gives the status": (
        "SELECT COUNT(*) FROM deal d WHERE d.status <> COALESCE((SELECT e.new_value"
        " FROM deal_event e WHERE e.deal_id = d.id AND e.kind = 'status'"
        " ORDER BY e.id DESC LIMIT 1), 'open')"
    ),
    "deleted exactly when the last deleted/restored event says so": (
        "SELECT COUNT(*) FROM deal d WHERE (d.deleted_at IS NOT NULL) <> (COALESCE((SELECT e.kind"
        " FROM deal_event e WHERE e.deal_id = d.id AND e.kind IN ('deleted', 'restored')"
        " ORDER BY e.id DESC LIMIT 1), 'restored') = 'deleted')"
    ),
    "probability at close is the override or the phase's": (
        "SELECT COUNT(*) FROM deal d JOIN phase p ON p.id = d.phase_id WHERE d.status <> 'open'"
        " AND d.probability_at_close <> COALESCE(d.probability_override, p.probability)"
    ),
    "lost deals have a reason; reasons fit; competitors only when lost": (
        "SELECT COUNT(*) FROM deal d LEFT JOIN reason r ON r.id = d.reason_id"
        " WHERE (d.status = 'rejected' AND d.reason_id IS NULL) OR (d.competitor <> ''"
        " AND d.status <> 'rejected') OR (r.id IS NOT NULL AND r.applies_to NOT IN (d.status, 'both'))"
    ),
}


@dataclass
class Dataset:
    """A generated, verified database in the cache."""

    deals: int
    path: Path
    meta: dict[str, Any]
    reused: bool

    @property
    def label(self) -> str:
        """The size as the table writes it: 10k, 100k, 1M."""
        return size_label(self.deals)


def known_migrations() -> list[str]:
    """The names of dealboard's migrations: a cached file made before a new one is stale."""
    from models.storage.database import MIGRATIONS_DIR

    return sorted(path.stem for path in MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py"))


def ensure(config: Config, deals: int) -> Dataset:
    """Return the verified database of ``deals`` deals, generating it unless cached."""
    path = config.cache_dir / f"deals-{deals}.sqlite"
    meta_path = path.with_suffix(".json")
    key = {
        "generator": GENERATOR_VERSION,
        "seed": config.seed,
        "deals": deals,
        "migrations": known_migrations(),
    }
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("key") == key and meta.get("verified"):
            log(f"reusing {path} ({size_label(deals)} deals)")
            return Dataset(deals, path, meta, reused=True)
    log(f"generating {size_label(deals)} deals in {path}")
    made = generate(path, deals, seed=config.seed)
    log(
        f"  {made.deals:,} deals ({made.open:,} open), {made.events:,} events in {made.seconds} s;"
        " verifying"
    )
    meta = {"key": key, "generated": made.__dict__, "file_bytes": path.stat().st_size}
    meta["verification"] = verify(path)
    meta["verified"] = all(check["ok"] for check in meta["verification"].values())
    meta_path.write_text(json.dumps(meta, indent=2))
    if not meta["verified"]:
        failed = [name for name, check in meta["verification"].items() if not check["ok"]]
        raise RuntimeError(f"the generated database {path} breaks: {'; '.join(failed)}")
    return Dataset(deals, path, meta, reused=False)


def verify(path: Path) -> dict[str, dict[str, Any]]:
    """Check a database: integrity, foreign keys, the history rules and `dealboard check`."""
    results: dict[str, dict[str, Any]] = {}
    conn = sqlite3.connect(path)
    try:
        started = time.perf_counter()
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
        results["PRAGMA integrity_check"] = _result(rows == ["ok"], started, rows[:5])
        started = time.perf_counter()
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        results["PRAGMA foreign_key_check"] = _result(not broken, started, broken[:5])
        for rule, sql in HISTORY_RULES.items():
            started = time.perf_counter()
            count = conn.execute(sql).fetchone()[0]
            results[rule] = _result(count == 0, started, count)
    finally:
        conn.close()
    started = time.perf_counter()
    done = subprocess.run(
        [PYTHON, "-m", "tui", "check", "--json", "--db", str(path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=child_env(),
        check=False,
    )
    try:
        verdict = json.loads(done.stdout)
        ok = done.returncode == 0 and verdict.get("healthy") is True
        detail: Any = verdict.get("problems") or verdict.get("counts")
    except json.JSONDecodeError:
        ok, detail = False, (done.stdout + done.stderr)[-500:]
    results["dealboard check"] = _result(ok, started, detail)
    return results


def _result(ok: bool, started: float, detail: Any) -> dict[str, Any]:
    return {"ok": ok, "seconds": round(time.perf_counter() - started, 2), "detail": detail}


def working_copy(config: Config, dataset: Dataset, name: str) -> Path:
    """Copy a cached database for a figure that writes to it; the cache stays as generated."""
    target = config.work_dir / f"{name}-{dataset.deals}.sqlite"
    remove_database(target)
    shutil.copyfile(dataset.path, target)
    wal = dataset.path.with_name(f"{dataset.path.name}-wal")
    if wal.exists() and wal.stat().st_size:  # only while another process has it open
        shutil.copyfile(wal, target.with_name(f"{target.name}-wal"))
    return target


def figure(config: Config, datasets: list[Dataset]) -> Figure:
    """The generation row of the table: the largest database, how long it took to write."""
    largest = max(datasets, key=lambda dataset: dataset.deals)
    made = largest.meta["generated"]
    checks = sum(check["seconds"] for check in largest.meta["verification"].values())
    label = f"bulk generation of {largest.label} deals with history (valid, verified once)"
    if config.quick:
        label += " (quick: full writes 1M)"
    result = Figure(
        name="generate",
        label=label,
        value=f"{made['seconds']:.1f} s" + (" (cached)" if largest.reused else ""),
        target="< 2 min (1M)",
        met="n.a." if largest.deals < 1_000_000 else ("yes" if made["seconds"] < 120 else "no"),
        samples={"seconds": [made["seconds"]]},
    )
    result.notes.append(
        f"{made['events']:,} events for {made['deals']:,} deals; verifying took {checks:.1f} s"
        + ("; reused from --keep, timed when it was made" if largest.reused else "")
    )
    return result
