"""The calendar as the database defines it: statutory holidays plus the administrators' overrides.

Days off = `holidays.Vietnam` (language "vi") ∪ DayOverride(off) − DayOverride(workday).
Built calendars are cached in-process, keyed on the schedule's values and a fingerprint of
the override table (row count and last update), so an administrator's edit is seen by the
next request without any restart.
"""

from __future__ import annotations

import threading
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

import holidays
from django.db.models import Count, Max

from motcua.worktime.calendar import (
    DEFAULT_HOURS,
    FIRST_YEAR,
    LAST_YEAR,
    CalendarRangeError,
    DayHours,
    WorkingCalendar,
)
from motcua.worktime.models import DayOverride, WorkSchedule

if TYPE_CHECKING:
    from motcua.agencies.models import Agency

DEFAULT_WEEKDAYS = (1, 2, 3, 4, 5)
_MAX_CACHED = 32
_cache: dict[tuple, WorkingCalendar] = {}
_lock = threading.Lock()


@lru_cache(maxsize=1)
def statutory_holidays() -> dict[date, str]:
    """Public holidays (with observed days) over the calendar's range, names in Vietnamese."""
    return dict(holidays.Vietnam(years=range(FIRST_YEAR, LAST_YEAR + 1), language="vi"))


def schedule_values(schedule: WorkSchedule | None) -> tuple[DayHours, tuple[int, ...]]:
    """Session hours and ISO weekdays of a schedule; the national default when None."""
    if schedule is None:
        return DEFAULT_HOURS, DEFAULT_WEEKDAYS
    return DayHours(*schedule.session_times()), schedule.weekday_numbers()


def _fingerprint() -> tuple[int, datetime | None]:
    agg = DayOverride.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return agg["n"], agg["last"]


def _build(hours: DayHours, weekdays: tuple[int, ...]) -> WorkingCalendar:
    overrides = dict(DayOverride.objects.values_list("date", "kind"))
    workdays = {d for d, kind in overrides.items() if kind == DayOverride.Kind.WORKDAY}
    off = set(statutory_holidays())
    off |= {d for d, kind in overrides.items() if kind == DayOverride.Kind.OFF}
    return WorkingCalendar(
        days_off=off - workdays, workdays=workdays, weekdays=weekdays, hours=hours
    )


def calendar_for(agency: Agency | None = None) -> WorkingCalendar:
    """The working calendar of an agency (its schedule, or the default hours)."""
    schedule = agency.schedule if agency is not None and agency.schedule_id else None
    hours, weekdays = schedule_values(schedule)
    fingerprint = _fingerprint()
    key = (hours, weekdays, fingerprint)
    with _lock:
        cal = _cache.get(key)
    if cal is not None:
        return cal
    cal = _build(hours, weekdays)
    with _lock:
        # Calendars built before the latest edit can never be asked for again.
        stale = [k for k in _cache if k[2] != fingerprint]
        if len(_cache) - len(stale) >= _MAX_CACHED:
            stale = list(_cache)
        for k in stale:
            del _cache[k]
        _cache[key] = cal
    return cal


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def days_off(year: int) -> list[tuple[date, Literal["off", "workday"], str]]:
    """Holidays and overrides of one year, merged (an override wins on its date), sorted."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarRangeError(f"year {year} is outside the calendar", FIRST_YEAR, LAST_YEAR)
    rows: dict[date, tuple[Literal["off", "workday"], str]] = {
        d: ("off", name) for d, name in statutory_holidays().items() if d.year == year
    }
    for o in DayOverride.objects.filter(date__year=year):
        rows[o.date] = (o.kind, o.name)
    return [(d, kind, name) for d, (kind, name) in sorted(rows.items())]
