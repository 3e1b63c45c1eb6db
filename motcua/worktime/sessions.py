"""Session primitives: the hours of a working day and the sorted index of sessions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = 1_000_000


@dataclass(frozen=True)
class DayHours:
    """The two sessions of a working day, in local wall-clock time."""

    morning_start: time = time(7, 30)
    morning_end: time = time(11, 30)
    afternoon_start: time = time(13, 30)
    afternoon_end: time = time(17, 0)

    def __post_init__(self) -> None:
        points = self.as_tuple()
        if any(p.tzinfo is not None for p in points):
            raise ValueError("session times are local wall-clock times, without tzinfo")
        if not (points[0] < points[1] <= points[2] < points[3]):
            raise ValueError(
                "sessions must satisfy morning start < morning end <= "
                "afternoon start < afternoon end"
            )

    def as_tuple(self) -> tuple[time, time, time, time]:
        return (self.morning_start, self.morning_end, self.afternoon_start, self.afternoon_end)


DEFAULT_HOURS = DayHours()


def _time_us(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * _US + t.microsecond


def midnight_us(day: date) -> int:
    """Local midnight starting `day`, in microseconds since the epoch."""
    return (datetime.combine(day, time(), tzinfo=TZ) - EPOCH) // timedelta(microseconds=1)


def to_datetime(us: int) -> datetime:
    return (EPOCH + timedelta(microseconds=us)).astimezone(TZ)


class SessionIndex:
    """Sorted session arrays; session 2n is a morning, 2n + 1 the afternoon of the same day.

    `before[i]` is the working time of all sessions before i, `after[i]` including i.
    """

    def __init__(
        self, first: date, last: date, hours: DayHours, is_working_day: Callable[[date], bool]
    ) -> None:
        bounds = [_time_us(t) for t in hours.as_tuple()]
        starts: list[int] = []
        ends: list[int] = []
        before: list[int] = []
        worked = 0
        day = first
        one_day = timedelta(days=1)
        while day <= last:
            if is_working_day(day):
                base = midnight_us(day)
                for lo, hi in ((bounds[0], bounds[1]), (bounds[2], bounds[3])):
                    starts.append(base + lo)
                    ends.append(base + hi)
                    before.append(worked)
                    worked += hi - lo
            day += one_day
        self.starts, self.ends, self.before = starts, ends, before
        self.after = [b + (e - s) for s, e, b in zip(starts, ends, before, strict=True)]
