"""Resolution report timings, each next to a hand-written SQL aggregate over the same table.

Run (PostgreSQL seeded with `motcua seed dossiers`, see docs/performance.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench \
        .venv/bin/python bench/report_bench.py [--runs 5] [--year 2025] [--month 2026-10]
        [--commune CODE] [--explain]

(a) the province-wide report for one year grouped by agency, (b) one commune for one
month. Each is timed warm (median of --runs after one unmeasured run) through
motcua.reports.resolution.resolution when importable, and through the SQL below; the
numbers of both are compared column by column (the script exits 1 if they differ).
Prints a Markdown table; --explain also prints EXPLAIN (ANALYZE, BUFFERS) of the hand SQL
and of each query the service sends.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from motcua.agencies.models import Agency, Level  # noqa: E402
from motcua.agencies.services import lineage_ids  # noqa: E402
from motcua.reports.resolution import COLUMNS, resolution  # noqa: E402
from motcua.worktime.calendar import TZ  # noqa: E402

# The definitions of motcua/reports/resolution.py, written by hand: [S, E) in Vietnam time;
# "in progress" = received before E, neither finished nor closed before E; overdue when the
# appointment recorded by the last event before E is before E and no pause covers E.
HAND_SQL = """
WITH c AS (
  SELECT d.agency_id, d.channel, d.status, d.timeliness,
         d.received_at, d.finished_at, d.closed_at, d.returned_at,
         (d.received_at < %(e)s AND (d.finished_at IS NULL OR d.finished_at >= %(e)s)
          AND (d.closed_at IS NULL OR d.closed_at >= %(e)s)) AS running,
         d.id
  FROM dossiers_dossier d
  WHERE d.agency_id = ANY(%(ids)s)
    AND ((d.received_at >= %(s)s AND d.received_at < %(e)s)
         OR d.finished_at >= %(s)s OR d.closed_at >= %(s)s
         OR (d.status = ANY(%(open)s) AND d.received_at < %(e)s))
), r AS (
  SELECT c.*,
    CASE WHEN c.running THEN EXISTS (
      SELECT 1 FROM dossiers_clockpause p WHERE p.dossier_id = c.id AND p.started_at < %(e)s
        AND (p.ended_at IS NULL OR p.ended_at >= %(e)s)) ELSE false END AS paused,
    CASE WHEN c.running THEN (
      SELECT e.due_at FROM dossiers_event e WHERE e.dossier_id = c.id AND e.at < %(e)s
      ORDER BY e.at DESC, e.seq DESC LIMIT 1) END AS due
  FROM c
)
SELECT agency_id,
  COUNT(*) FILTER (WHERE received_at < %(s)s AND (finished_at IS NULL OR finished_at >= %(s)s)
                   AND (closed_at IS NULL OR closed_at >= %(s)s)) AS carried_over,
  COUNT(*) FILTER (WHERE received_at >= %(s)s AND received_at < %(e)s AND channel = 2),
  COUNT(*) FILTER (WHERE received_at >= %(s)s AND received_at < %(e)s AND channel IN (1, 3)),
  COUNT(*) FILTER (WHERE received_at >= %(s)s AND received_at < %(e)s),
  COUNT(*) FILTER (WHERE finished_at >= %(s)s AND finished_at < %(e)s AND timeliness = 'early'),
  COUNT(*) FILTER (WHERE finished_at >= %(s)s AND finished_at < %(e)s
                   AND timeliness = 'on_time'),
  COUNT(*) FILTER (WHERE finished_at >= %(s)s AND finished_at < %(e)s AND timeliness = 'late'),
  COUNT(*) FILTER (WHERE finished_at >= %(s)s AND finished_at < %(e)s),
  COUNT(*) FILTER (WHERE running AND (paused OR due IS NULL OR due >= %(e)s)),
  COUNT(*) FILTER (WHERE running AND NOT paused AND due < %(e)s),
  COUNT(*) FILTER (WHERE running),
  COUNT(*) FILTER (WHERE returned_at >= %(s)s AND returned_at < %(e)s),
  COUNT(*) FILTER (WHERE closed_at >= %(s)s AND closed_at < %(e)s AND status = 'withdrawn'
                   AND received_at IS NOT NULL),
  COUNT(*) FILTER (WHERE closed_at >= %(s)s AND closed_at < %(e)s AND status = 'refused'),
  COUNT(*) FILTER (WHERE closed_at >= %(s)s AND closed_at < %(e)s AND status = 'stopped'
                   AND received_at IS NOT NULL)
FROM r GROUP BY agency_id
"""
OPEN = [
    "received",
    "in_process",
    "supplement",
    "financial",
    "interlinked",
]


def bounds(first: datetime.date, last: datetime.date) -> tuple[datetime.datetime, ...]:
    s = datetime.datetime.combine(first, datetime.time(), tzinfo=TZ)
    e = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time(), tzinfo=TZ)
    return s, e


def hand(agency: Agency, first: datetime.date, last: datetime.date) -> dict[int, list[int]]:
    """{agency_id: counts in COLUMNS order} by the SQL above."""
    s, e = bounds(first, last)
    params = {"ids": sorted(lineage_ids(agency)), "s": s, "e": e, "open": open_statuses()}
    with connection.cursor() as cur:
        cur.execute(HAND_SQL, params)
        return {row[0]: list(row[1:]) for row in cur.fetchall()}


def open_statuses() -> list[str]:
    try:
        from motcua.dossiers.workflow import OPEN as WORKFLOW_OPEN

        return sorted(str(s) for s in WORKFLOW_OPEN)
    except ImportError:
        return OPEN


def explain(agency: Agency, first: datetime.date, last: datetime.date) -> str:
    s, e = bounds(first, last)
    params = {"ids": sorted(lineage_ids(agency)), "s": s, "e": e, "open": open_statuses()}
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + HAND_SQL, params)
        return "\n".join(row[0] for row in cur.fetchall())


def explain_service(agency: Agency, first: datetime.date, last: datetime.date) -> str:
    """EXPLAIN ANALYZE of each SELECT the service sends (counters, open dossiers, ...)."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        resolution(agency, first, last, "agency")
    out = []
    with connection.cursor() as cur:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql.replace("%", "%%"))
            out.append(sql[:200] + " ...\n" + "\n".join(row[0] for row in cur.fetchall()))
    return "\n\n".join(out)


def timed(fn, runs: int) -> tuple[float, object]:
    result = fn()  # warm-up, not measured
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def totals(by_agency: dict[int, list[int]]) -> dict[str, int]:
    sums = [0] * len(COLUMNS)
    for counts in by_agency.values():
        sums = [a + b for a, b in zip(sums, counts, strict=True)]
    return dict(zip(COLUMNS, sums, strict=True))


def compare(report, by_agency: dict[int, list[int]]) -> list[str]:
    """Differences between the service's total row and the hand SQL's (empty: agree)."""
    expected = totals(by_agency)
    return [
        f"{c}: service {report.total[c]} != SQL {expected[c]}"
        for c in COLUMNS
        if report.total[c] != expected[c]
    ]


def main() -> int:
    today = datetime.date.today()
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, default=today.year - 1)
    parser.add_argument("--month", default=f"{today:%Y-%m}")
    parser.add_argument("--commune", default="", help="agency code (default: the busiest)")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("warning: not PostgreSQL; figures are not comparable", file=sys.stderr)
    province = Agency.objects.filter(level=Level.PROVINCE, parent__isnull=True).first()
    if args.commune:
        commune = Agency.objects.get(code=args.commune)
    else:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT a.id FROM agencies_agency a WHERE a.level = 'commune' "
                "AND a.valid_to IS NULL ORDER BY (SELECT COUNT(*) FROM dossiers_dossier d "
                "WHERE d.agency_id = a.id) DESC LIMIT 1"
            )
            commune = Agency.objects.get(pk=cur.fetchone()[0])
    year_first, year_last = datetime.date(args.year, 1, 1), datetime.date(args.year, 12, 31)
    y, m = (int(x) for x in args.month.split("-"))
    month_first = datetime.date(y, m, 1)
    month_last = (month_first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(
        days=1
    )
    cases = [
        (f"(a) province, {args.year}, by agency", province, year_first, year_last),
        (f"(b) {commune.name}, {args.month}", commune, month_first, month_last),
    ]
    print("| report | service (s) | hand SQL (s) | ratio | numbers agree |")
    print("|---|---:|---:|---:|---|")
    failed = False
    for label, agency, first, last in cases:
        sql_s, by_agency = timed(lambda a=agency, f=first, la=last: hand(a, f, la), args.runs)
        svc_s, report = timed(
            lambda a=agency, f=first, la=last: resolution(a, f, la, "agency"), args.runs
        )
        diff = compare(report, by_agency)
        failed |= bool(diff)
        agree = "yes" if not diff else "NO: " + "; ".join(diff)
        print(f"| {label} | {svc_s:.3f} | {sql_s:.3f} | {svc_s / sql_s:.2f} | {agree} |")
        print(f"<!-- {label}: {totals(by_agency)} -->")
        if args.explain:
            print(f"\n```\n-- {label}: hand SQL\n{explain(agency, first, last)}\n```\n")
            print(f"```\n-- {label}: service\n{explain_service(agency, first, last)}\n```\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
