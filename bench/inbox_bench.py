"""The officers' inbox: queue counts and first pages (motcua.workspace.queues), timed warm.

Run (PostgreSQL seeded with `motcua seed dossiers`, see docs/performance.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench \
        .venv/bin/python bench/inbox_bench.py [--runs 7] [--user saigon.motcua --user ...]
        [--explain]

For each user (default: the demo's commune officer `saigon.motcua` and the province
centre's officer `tp.motcua`): `counts(scope, now)` (every queue the user has, capped
counts) and, per queue, `paging.page` of its first page. Median of --runs after one
unmeasured run. Goal: the inbox (counts + one first page) within 100 ms.
"""

from __future__ import annotations

import argparse
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

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from motcua.workspace import paging  # noqa: E402
from motcua.workspace.queues import WorkScope, counts, queues_for  # noqa: E402


def timed(fn, runs: int) -> tuple[float, object]:
    result = fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--user", action="append", default=[])
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    usernames = args.user or ["saigon.motcua", "tp.motcua"]
    now = timezone.now()
    print("| user | what | ms | rows |")
    print("|---|---|---:|---:|")
    worst = 0.0
    for username in usernames:
        user = get_user_model().objects.get(username=username)

        def all_counts(user=user):
            return counts(WorkScope.of(user), now)

        seconds, found = timed(all_counts, args.runs)
        summary = ", ".join(f"{c.queue.key} {c.label}" for c in found)
        print(f"| {username} | counts ({summary}) | {seconds * 1000:.1f} | |")
        scope = WorkScope.of(user)
        slowest_page = 0.0
        for queue in queues_for(scope):

            def first_page(queue=queue, user=user):
                return paging.page(queue.dossiers(WorkScope.of(user), now), queue.order)

            page_s, page = timed(first_page, args.runs)
            slowest_page = max(slowest_page, page_s)
            ms, n = page_s * 1000, len(page.rows)
            print(f"| {username} | first page `{queue.key}` | {ms:.1f} | {n} |")
            if args.explain:
                qs = paging.ordered(queue.dossiers(scope, now), queue.order)[: paging.PAGE_SIZE + 1]
                with connection.cursor() as cur:
                    sql, params = qs.query.sql_with_params()
                    cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                    plan = "\n".join(r[0] for r in cur.fetchall())
                print(f"\n```\n-- {username} {queue.key}\n{plan}\n```\n")
        worst = max(worst, seconds + slowest_page)
        inbox_ms = (seconds + slowest_page) * 1000
        print(f"| {username} | inbox = counts + slowest first page | {inbox_ms:.1f} | |")
    print(f"\nworst inbox: {worst * 1000:.1f} ms (goal 100 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
