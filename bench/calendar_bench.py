"""Throughput of due-date computations, side by side with numpy.busday_offset.

Run:  .venv/bin/python bench/calendar_bench.py [--n 100000]
Writes the figures and the machine description into docs/performance.md.

Both sides use the same days off (statutory holidays from the `holidays` package plus the
seeded government decisions). numpy works in whole days with a weekly mask, so it cannot
represent make-up Saturdays, sessions or half days; it is the yardstick of a simpler
problem, not an alternative implementation.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import holidays
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from motcua.worktime.calendar import TZ, WorkingCalendar  # noqa: E402
from motcua.worktime.seed import seed_rows  # noqa: E402

OUT = ROOT / "docs" / "performance.md"


def calendar_data() -> tuple[set[date], set[date]]:
    off = set(holidays.Vietnam(years=range(2000, 2046), language="vi"))
    rows = seed_rows()
    work = {r["date"] for r in rows if r["kind"] == "workday"}
    off |= {r["date"] for r in rows if r["kind"] == "off"}
    return off - work, work


def sample(n: int, rng: random.Random) -> list[datetime]:
    first = datetime(2024, 1, 1, tzinfo=TZ)
    span = 3 * 365 * 24 * 60
    return [first + timedelta(minutes=rng.randrange(span)) for _ in range(n)]


def rate(fn, n: int) -> tuple[float, float]:
    """(operations per second, seconds) of fn(), which performs n operations."""
    t0 = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - t0
    return n / elapsed, elapsed


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="computations per measurement")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    n = args.n
    rng = random.Random(2025)
    off, work = calendar_data()

    t0 = time.perf_counter()
    cal = WorkingCalendar(days_off=off, workdays=work)
    cal.in_session(datetime(2025, 1, 2, 9, tzinfo=TZ))  # builds the index
    build_s = time.perf_counter() - t0

    starts = sample(n, rng)
    days = [Decimal(rng.randrange(0, 41)) / 2 for _ in range(n)]
    hours = [rng.randrange(1, 80) for _ in range(n)]
    whole = [rng.randrange(1, 21) for _ in range(n)]

    results = {}
    results["working_days"] = rate(
        lambda: [cal.due(s, d, "working_days") for s, d in zip(starts, days, strict=True)], n
    )
    results["hours"] = rate(
        lambda: [cal.due(s, h, "hours") for s, h in zip(starts, hours, strict=True)], n
    )

    np_holidays = np.array(sorted(off), dtype="datetime64[D]")
    bdcal = np.busdaycalendar(weekmask="1111100", holidays=np_holidays)
    np_dates = np.array([s.date() for s in starts], dtype="datetime64[D]")
    np_offsets = np.array(whole)
    results["numpy_vector"] = rate(
        lambda: np.busday_offset(np_dates, np_offsets, roll="forward", busdaycal=bdcal), n
    )
    results["numpy_scalar"] = rate(
        lambda: [
            np.busday_offset(d, k, roll="forward", busdaycal=bdcal)
            for d, k in zip(np_dates, np_offsets, strict=True)
        ],
        n,
    )

    # Agreement on what numpy can express: n whole working days from a morning reception
    # on a working day end on the morning of the n-th working day after it.
    mornings = [s.replace(hour=9, minute=0) for s in starts if cal.is_working_day(s.date())]
    ks = [rng.randrange(1, 21) for _ in mornings]
    ours = [cal.due(s, k, "working_days").date() for s, k in zip(mornings, ks, strict=True)]
    theirs = np.busday_offset(
        np.array([s.date() for s in mornings], dtype="datetime64[D]"),
        np.array(ks),
        roll="forward",
        busdaycal=bdcal,
    ).astype(object)
    differ = [(s, k) for s, k, a, b in zip(mornings, ks, ours, theirs, strict=True) if a != b]
    near_make_up = sum(
        any(s.date() <= w <= s.date() + timedelta(days=40) for w in work) for s, _ in differ
    )

    lines = [
        "# Performance of the working-time calendar",
        "",
        "Figures from `bench/calendar_bench.py` (not a timed test). Rerun with",
        "`.venv/bin/python bench/calendar_bench.py` (option `--n` sets the sample size);",
        "the script rewrites this section.",
        "",
        f"- date: {datetime.now(TZ):%Y-%m-%d %H:%M %z}",
        f"- machine: {cpu_model()}, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, numpy {np.__version__}, "
        f"holidays {holidays.__version__}",
        f"- sample: {n:,} random reception instants in 2024-2026",
        "",
        "| computation | per second | total (s) |",
        "|---|---:|---:|",
        f"| `WorkingCalendar.due`, working_days (0-20, halves) | "
        f"{results['working_days'][0]:,.0f} | {results['working_days'][1]:.3f} |",
        f"| `WorkingCalendar.due`, hours (1-79) | "
        f"{results['hours'][0]:,.0f} | {results['hours'][1]:.3f} |",
        f"| `numpy.busday_offset`, one call per date | "
        f"{results['numpy_scalar'][0]:,.0f} | {results['numpy_scalar'][1]:.3f} |",
        f"| `numpy.busday_offset`, one vectorised call | "
        f"{results['numpy_vector'][0]:,.0f} | {results['numpy_vector'][1]:.3f} |",
        "",
        f"Building the session index for 2000-2045 ({len(cal._idx.starts):,} sessions) "
        f"took {build_s * 1000:.0f} ms; it happens once per calendar and process",
        "(services.py caches calendars until the override table changes).",
        "",
        "numpy works in whole days with a weekly mask: it has no sessions, no half days and",
        "no make-up Saturdays. On the part it can express (n whole working days from a",
        f"morning reception), {len(mornings) - len(differ):,} of {len(mornings):,} due dates "
        f"agree; of the {len(differ):,} that differ, {near_make_up:,} have a make-up Saturday",
        "within the following 40 days, which numpy can only count as a day off.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        # The calendar's section only: the sections after it belong to other benchmarks.
        old = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        rest = old[old.find("\n# ", 1) :] if "\n# " in old[1:] else ""
        OUT.write_text(text.rstrip("\n") + "\n" + rest, encoding="utf-8")
        print(f"written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
