-- The floor of the report figure: the numbers of `dealboard report` by hand-written SQL.
-- Run with `sqlite3 -batch -bail DB < tests/bench/report_floor.sql`: one line per number
-- group, `section|key|...`, which tests/bench/report.py compares with the JSON report.
-- Definitions as in the README (Management information): soft-deleted deals count nowhere,
-- weighted value rounded half up per deal, a deal reached a phase if its (closing) phase is
-- that phase or a later one, or its history entered it.
.mode list
.separator |

-- Phases: the active ones, and archived ones that a live deal or any history refers to.
SELECT 'phase', p.id, p.position, p.probability, p.name FROM phase p
 WHERE NOT p.archived
    OR EXISTS (SELECT 1 FROM deal d WHERE d.phase_id = p.id AND d.deleted_at IS NULL)
    OR EXISTS (SELECT 1 FROM deal_event e WHERE e.phase_id = p.id)
 ORDER BY p.position, p.id;

-- Pipeline now: open deals per phase, value, weighted value.
SELECT 'pipeline', d.phase_id, COUNT(*), SUM(d.value_cents),
       SUM((d.value_cents * COALESCE(d.probability_override, p.probability) + 50) / 100)
  FROM deal d JOIN phase p ON p.id = d.phase_id
 WHERE d.deleted_at IS NULL AND d.status = 'open'
 GROUP BY d.phase_id;

-- Won and lost by the phase they closed in.
SELECT 'outcome', phase_id, status, COUNT(*), SUM(value_cents) FROM deal
 WHERE deleted_at IS NULL AND status <> 'open'
 GROUP BY phase_id, status;

-- Reached, per phase and status: the funnel (all statuses) and calibration (closed) at once.
WITH at_position AS (
    SELECT p.position, d.status, COUNT(*) AS n
      FROM deal d JOIN phase p ON p.id = d.phase_id
     WHERE d.deleted_at IS NULL
     GROUP BY p.position, d.status
), at_or_beyond AS (
    SELECT ph.id AS phase_id, a.status, SUM(a.n) AS n
      FROM phase ph JOIN at_position a ON a.position >= ph.position
     GROUP BY ph.id, a.status
), went_back AS (
    SELECT e.phase_id, d.status, COUNT(DISTINCT d.id) AS n
      FROM deal_event e
      JOIN deal d ON d.id = e.deal_id
      JOIN phase p ON p.id = d.phase_id
      JOIN phase ep ON ep.id = e.phase_id
     WHERE d.deleted_at IS NULL AND e.kind IN ('created', 'phase') AND ep.position > p.position
     GROUP BY e.phase_id, d.status
)
SELECT 'reached', phase_id, status, SUM(n)
  FROM (SELECT * FROM at_or_beyond UNION ALL SELECT * FROM went_back)
 GROUP BY phase_id, status;

-- Reasons per outcome, competitors of lost deals.
SELECT 'reason', COALESCE(r.name, ''), d.status, COUNT(*), SUM(d.value_cents)
  FROM deal d LEFT JOIN reason r ON r.id = d.reason_id
 WHERE d.deleted_at IS NULL AND d.status <> 'open'
 GROUP BY r.name, d.status;
SELECT 'competitor', competitor, COUNT(*), SUM(value_cents) FROM deal
 WHERE deleted_at IS NULL AND status = 'rejected' AND competitor <> ''
 GROUP BY competitor;

-- Forecast by expected-close month, undated, overdue.
SELECT 'forecast', strftime('%Y-%m', d.expected_close), COUNT(*),
       SUM((d.value_cents * COALESCE(d.probability_override, p.probability) + 50) / 100)
  FROM deal d JOIN phase p ON p.id = d.phase_id
 WHERE d.deleted_at IS NULL AND d.status = 'open' AND d.expected_close >= date('now')
 GROUP BY 2;
SELECT 'undated', COUNT(*),
       COALESCE(SUM((d.value_cents * COALESCE(d.probability_override, p.probability) + 50) / 100), 0)
  FROM deal d JOIN phase p ON p.id = d.phase_id
 WHERE d.deleted_at IS NULL AND d.status = 'open' AND d.expected_close IS NULL;
SELECT 'overdue', COUNT(*), COALESCE(SUM(d.value_cents), 0),
       COALESCE(SUM((d.value_cents * COALESCE(d.probability_override, p.probability) + 50) / 100), 0)
  FROM deal d JOIN phase p ON p.id = d.phase_id
 WHERE d.deleted_at IS NULL AND d.status = 'open' AND d.expected_close < date('now');

-- Win rates: overall, per owner, per source, and average days from creation to close.
SELECT 'win', COUNT(*), SUM(status = 'accepted') FROM deal
 WHERE deleted_at IS NULL AND status <> 'open';
SELECT 'win_owner', owner, COUNT(*), SUM(status = 'accepted') FROM deal
 WHERE deleted_at IS NULL AND status <> 'open' GROUP BY owner;
SELECT 'win_source', source, COUNT(*), SUM(status = 'accepted') FROM deal
 WHERE deleted_at IS NULL AND status <> 'open' GROUP BY source;
SELECT 'days', AVG(julianday(closed_at) - julianday(created_at)) FROM deal
 WHERE deleted_at IS NULL AND status <> 'open';

-- Closed deals per phase at close, outcome and reason, lost deals per phase and competitor.
SELECT 'reason_phase', d.phase_id, d.status, COALESCE(r.name, ''), COUNT(*), SUM(d.value_cents)
  FROM deal d LEFT JOIN reason r ON r.id = d.reason_id
 WHERE d.deleted_at IS NULL AND d.status <> 'open'
 GROUP BY d.phase_id, d.status, r.name;
SELECT 'competitor_phase', phase_id, competitor, COUNT(*), SUM(value_cents) FROM deal
 WHERE deleted_at IS NULL AND status = 'rejected' AND competitor <> ''
 GROUP BY phase_id, competitor;

-- Days to close per owner, source and phase at close, without deals closed before created.
SELECT 'days_owner', owner, COUNT(*), AVG(julianday(closed_at) - julianday(created_at))
  FROM deal WHERE deleted_at IS NULL AND status <> 'open'
   AND julianday(closed_at) - julianday(created_at) >= 0 GROUP BY owner;
SELECT 'days_source', source, COUNT(*), AVG(julianday(closed_at) - julianday(created_at))
  FROM deal WHERE deleted_at IS NULL AND status <> 'open'
   AND julianday(closed_at) - julianday(created_at) >= 0 GROUP BY source;
SELECT 'days_phase', phase_id, COUNT(*), AVG(julianday(closed_at) - julianday(created_at))
  FROM deal WHERE deleted_at IS NULL AND status <> 'open'
   AND julianday(closed_at) - julianday(created_at) >= 0 GROUP BY phase_id;

-- Forecast accuracy: won deals by the expected close date they had when they closed (an
-- edit at or after the close keeps the date of then as its old value).
SELECT 'accuracy', COUNT(*), COALESCE(SUM(slip > 0), 0), AVG(CASE WHEN slip > 0 THEN slip END)
  FROM (SELECT julianday(date(d.closed_at)) - julianday(
               CASE WHEN EXISTS (SELECT 1 FROM deal_event x WHERE x.deal_id = d.id
                                    AND x.kind = 'field' AND x.field = 'expected_close'
                                    AND x.at >= d.closed_at)
                    THEN (SELECT x.old_value FROM deal_event x WHERE x.deal_id = d.id
                             AND x.kind = 'field' AND x.field = 'expected_close'
                             AND x.at >= d.closed_at ORDER BY x.at, x.id LIMIT 1)
                    ELSE d.expected_close END) AS slip
          FROM deal d WHERE d.deleted_at IS NULL AND d.status = 'accepted')
 WHERE slip IS NOT NULL;

-- Corrections: status events leaving an outcome, to open (reopened) or the other (switched).
SELECT 'corrections', COALESCE(SUM(e.new_value = 'open'), 0),
       COALESCE(SUM(e.new_value IN ('accepted', 'rejected')), 0)
  FROM deal_event e JOIN deal d ON d.id = e.deal_id
 WHERE d.deleted_at IS NULL AND e.kind = 'status' AND e.field = 'status'
   AND e.old_value IN ('accepted', 'rejected');
