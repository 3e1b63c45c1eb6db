"""Working-time arithmetic for appointments and timeliness (docs/domain.md §4). Pure: no DB.

A working day has two sessions (buổi): morning and afternoon. The calendar keeps an index
of every session in its year range as sorted integer arrays (start, end, working time
before the session), all in microseconds since the Unix epoch, so each operation is a
couple of `bisect` calls, never a walk over days.

Sessions are closed intervals: the instant a session ends still belongs to it. This is what
makes whole-day durations compose: an appointment computed from another appointment's due
instant (the end of a session) continues from that same session, so
due(due(s, a), b) == due(s, a + b).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cached_property

from motcua.worktime.durations import (
    DurationError,
    add_months,
    half_days,
    hours_us,
    parse_amount,
    whole_number,
)
from motcua.worktime.sessions import (
    DEFAULT_HOURS,
    EPOCH,
    TZ,
    DayHours,
    SessionIndex,
    midnight_us,
    to_datetime,
)

__all__ = [
    "DEFAULT_HOURS",
    "FIRST_YEAR",
    "LAST_YEAR",
    "TZ",
    "UNITS",
    "CalendarRangeError",
    "DayHours",
    "DeadlineState",
    "DurationError",
    "Timeliness",
    "WorkingCalendar",
]

FIRST_YEAR = 2000
LAST_YEAR = 2045
UNITS = ("hours", "working_days", "days", "months")


class Timeliness(StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


class DeadlineState(StrEnum):
    WITHIN = "within"
    OVERDUE = "overdue"


class CalendarRangeError(ValueError):
    """An instant or a result falls outside the years the calendar covers."""

    code = "range"

    def __init__(self, message: str, first_year: int, last_year: int) -> None:
        super().__init__(message)
        self.params = {"first_year": first_year, "last_year": last_year}


class WorkingCalendar:
    """Working sessions of one schedule over the years first_year..last_year.

    `days_off` wins over the weekly pattern; `workdays` (make-up days, e.g. a Saturday the
    government swapped with a weekday) are working days with the normal sessions.
    """

    def __init__(
        self,
        *,
        days_off: Iterable[date] = (),
        workdays: Iterable[date] = (),
        weekdays: Iterable[int] = (1, 2, 3, 4, 5),
        hours: DayHours = DEFAULT_HOURS,
        first_year: int = FIRST_YEAR,
        last_year: int = LAST_YEAR,
    ) -> None:
        self.days_off = frozenset(days_off)
        self.workdays = frozenset(workdays)
        self.weekdays = frozenset(weekdays)
        if clash := self.days_off & self.workdays:
            raise ValueError(f"dates both off and working: {sorted(clash)}")
        if not self.weekdays <= set(range(1, 8)):
            raise ValueError("weekdays are ISO numbers 1 (Monday) to 7 (Sunday)")
        if first_year > last_year:
            raise ValueError("first_year must not be after last_year")
        self.hours = hours
        self.first_day = date(first_year, 1, 1)
        self.last_day = date(last_year, 12, 31)
        self._lo = midnight_us(self.first_day)
        self._hi = midnight_us(self.last_day + timedelta(days=1))

    @cached_property
    def _idx(self) -> SessionIndex:
        return SessionIndex(self.first_day, self.last_day, self.hours, self.is_working_day)

    # --- conversions -----------------------------------------------------------------

    def _us(self, instant: datetime, *, clamp: bool = False) -> int:
        """Microseconds since the epoch; naive instants are local time."""
        if not isinstance(instant, datetime):
            raise TypeError(f"expected a datetime, got {type(instant).__name__}")
        if instant.tzinfo is None or instant.utcoffset() is None:
            instant = instant.replace(tzinfo=TZ)
        us = (instant - EPOCH) // timedelta(microseconds=1)
        if clamp:
            return min(max(us, self._lo), self._hi - 1)
        if not self._lo <= us < self._hi:
            raise self._range_error(instant)
        return us

    def _range_error(self, what: object) -> CalendarRangeError:
        first, last = self.first_day.year, self.last_day.year
        return CalendarRangeError(f"{what} is outside the calendar ({first}-{last})", first, last)

    def _check_day(self, day: date) -> None:
        if not self.first_day <= day <= self.last_day:
            raise self._range_error(day)

    def _session_of(self, us: int) -> int:
        """Index of the session S belongs to: the one containing `us`, else the next one."""
        j = bisect_left(self._idx.ends, us)
        if j == len(self._idx.ends):
            raise self._range_error(to_datetime(us))
        return j

    def _worked_before(self, us: int) -> int:
        """Working time (µs) from the start of the range up to the instant `us`."""
        idx = self._idx
        i = bisect_right(idx.starts, us) - 1
        if i < 0:
            return 0
        return idx.before[i] + min(us, idx.ends[i]) - idx.starts[i]

    # --- days and sessions ---------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        self._check_day(day)
        if day in self.workdays:
            return True
        return day.isoweekday() in self.weekdays and day not in self.days_off

    def sessions_on(self, day: date) -> list[tuple[datetime, datetime]]:
        if not self.is_working_day(day):
            return []
        return [
            (datetime.combine(day, lo, tzinfo=TZ), datetime.combine(day, hi, tzinfo=TZ))
            for lo, hi in (
                (self.hours.morning_start, self.hours.morning_end),
                (self.hours.afternoon_start, self.hours.afternoon_end),
            )
        ]

    def in_session(self, instant: datetime) -> bool:
        """True from a session's first instant to its last one, both included."""
        us = self._us(instant)
        i = bisect_right(self._idx.starts, us) - 1
        return i >= 0 and us <= self._idx.ends[i]

    def start_effective(self, instant: datetime) -> datetime:
        """S: the instant itself inside a session, otherwise the start of the next session."""
        us = self._us(instant)
        return to_datetime(max(us, self._idx.starts[self._session_of(us)]))

    # --- appointments --------------------------------------------------------------------

    def due(self, start: datetime, amount: Decimal | int | float, unit: str) -> datetime:
        """Due instant of a duration counted from reception at `start` (domain.md §4)."""
        unit = getattr(unit, "value", unit)
        if unit not in UNITS:
            raise DurationError(
                "unit", f"unknown unit {unit!r}; expected one of {', '.join(UNITS)}", unit=unit
            )
        value = parse_amount(amount)
        us = self._us(start)
        j = self._session_of(us)
        if unit == "working_days":
            return self._due_sessions(j, value)
        if unit == "hours":
            return self._due_hours(max(us, self._idx.starts[j]), j, value)
        n = whole_number(value, unit)
        s_day = to_datetime(self._idx.starts[j]).date()
        try:
            target = s_day + timedelta(days=n) if unit == "days" else add_months(s_day, n)
        except OverflowError:
            raise self._range_error(f"{s_day} + {n} {unit}") from None
        return self._close_of_day_or_next(target)

    def _due_sessions(self, j: int, days: Decimal) -> datetime:
        k = j + half_days(days)
        if k >= len(self._idx.ends):
            raise self._range_error(f"due date of {days} working days")
        return to_datetime(self._idx.ends[k])

    def _due_hours(self, s_us: int, j: int, hours: Decimal) -> datetime:
        idx = self._idx
        target = self._worked_before(s_us) + hours_us(hours)
        # The first session whose end reaches the target: a count that ends exactly at a
        # session end returns that end, not the next session's start.
        i = bisect_left(idx.after, target, lo=j)
        if i == len(idx.after):
            raise self._range_error(f"due date of {hours} hours")
        return to_datetime(idx.starts[i] + target - idx.before[i])

    def _close_of_day_or_next(self, day: date) -> datetime:
        """Close of the last session of `day`, or of the next working day when it is off."""
        self._check_day(day)
        i = bisect_left(self._idx.starts, midnight_us(day))
        if i >= len(self._idx.starts):
            raise self._range_error(day)
        return to_datetime(self._idx.ends[i + 1])

    # --- measuring -----------------------------------------------------------------------

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        """Working time between two instants; zero when b is not after a."""
        ua, ub = self._us(a), self._us(b)
        if ub <= ua:
            return timedelta(0)
        return timedelta(microseconds=self._worked_before(ub) - self._worked_before(ua))

    def elapsed_excluding(
        self, a: datetime, b: datetime, pauses: Iterable[tuple[datetime, datetime]]
    ) -> timedelta:
        """Working time between a and b minus the paused intervals.

        Pauses may overlap each other and extend beyond [a, b]; only their union inside
        [a, b] is removed, so a paused working minute is never subtracted twice.
        """
        ua, ub = self._us(a), self._us(b)
        if ub <= ua:
            return timedelta(0)
        total = self._worked_before(ub) - self._worked_before(ua)
        cut = [
            (max(ua, self._us(p, clamp=True)), min(ub, self._us(q, clamp=True))) for p, q in pauses
        ]
        merged: list[list[int]] = []
        for lo, hi in sorted(c for c in cut if c[0] < c[1]):
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        for lo, hi in merged:
            total -= self._worked_before(hi) - self._worked_before(lo)
        return timedelta(microseconds=total)

    @property
    def day_length(self) -> timedelta:
        """Working time of one full working day (both sessions)."""
        h = self.hours
        return sum(
            (
                datetime.combine(date.min, hi) - datetime.combine(date.min, lo)
                for lo, hi in (
                    (h.morning_start, h.morning_end),
                    (h.afternoon_start, h.afternoon_end),
                )
            ),
            timedelta(0),
        )

    def shift(self, instant: datetime, working: timedelta) -> datetime:
        """`instant` moved later by `working` working time (paused time given back)."""
        if working <= timedelta(0):
            return instant
        hours = Decimal(working // timedelta(microseconds=1)) / 3_600_000_000
        return self.due(instant, hours, "hours")

    # --- judging -------------------------------------------------------------------------

    def classify(self, finished: datetime, due: datetime) -> Timeliness:
        """Early: an earlier calendar day than the due day; on time: same day, not after."""
        f_us, d_us = self._us(finished), self._us(due)
        if f_us > d_us:
            return Timeliness.LATE
        if to_datetime(f_us).date() < to_datetime(d_us).date():
            return Timeliness.EARLY
        return Timeliness.ON_TIME

    def deadline_state(self, now: datetime, due: datetime) -> DeadlineState:
        """State of work still in progress at `now`."""
        return DeadlineState.OVERDUE if self._us(now) > self._us(due) else DeadlineState.WITHIN
