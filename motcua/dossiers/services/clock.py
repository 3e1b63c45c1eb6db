"""Time rules of a dossier, on top of the one working calendar (worktime.calendar).

Pure functions of a WorkingCalendar and instants; the engine stores what they return.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from motcua.worktime.calendar import TZ, Timeliness, WorkingCalendar

TRANSFER_CUTOFF = time(15, 0)
SUPPLEMENT_WINDOW_DAYS = 3
APOLOGY_NOTICE_DAYS = 1


def appointment(
    cal: WorkingCalendar, received_at: datetime, amount: Decimal, unit: str
) -> datetime:
    """Due instant of the result (domain.md §4: sessions, calendar days, months, hours)."""
    return cal.due(received_at, amount, unit)


def _local(instant: datetime) -> datetime:
    return instant.astimezone(TZ)


def transfer_deadline(cal: WorkingCalendar, received_at: datetime) -> datetime:
    """When the desk must have handed a paper dossier to the department (ND 61/2018
    art. 18.2): within the working day of reception; when received after 15:00, at the start
    of the next working day, read as the end of that day's first session."""
    local = _local(received_at)
    if cal.is_working_day(local.date()) and local.time() >= TRANSFER_CUTOFF:
        next_day = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=TZ)
        return cal.due(next_day, 0, "working_days")
    return cal.due(received_at, 0, "days")


def handover_start(cal: WorkingCalendar, transferred_at: datetime, paper: bool) -> datetime:
    """When the department's step starts: a paper dossier handed over at or after 15:00
    counts from the next working day (ND 61/2018 art. 18.2); electronic ones at once."""
    local = _local(transferred_at)
    if paper and cal.is_working_day(local.date()) and local.time() >= TRANSFER_CUTOFF:
        next_day = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=TZ)
        return cal.start_effective(next_day)
    return cal.start_effective(transferred_at)


def supplement_deadline(cal: WorkingCalendar, received_at: datetime) -> datetime:
    """Last instant to ask for a supplement after appraisal: 3 working days after
    reception (ND 61/2018 art. 19.4)."""
    return cal.due(received_at, SUPPLEMENT_WINDOW_DAYS, "working_days")


def may_apologise(cal: WorkingCalendar, now: datetime, due_at: datetime) -> bool:
    """The apology must come at least 1 working day before the due time (ND 61/2018
    art. 19.9): at least one full working day of working time must remain."""
    return cal.elapsed(now, due_at) >= cal.day_length * APOLOGY_NOTICE_DAYS


def paused_working_time(cal: WorkingCalendar, start: datetime, end: datetime) -> timedelta:
    return cal.elapsed(start, end)


def give_back(cal: WorkingCalendar, due_at: datetime, paused: timedelta) -> datetime:
    """The appointment after a pause: the agency gets the paused working time back."""
    return cal.shift(due_at, paused)


def judge(cal: WorkingCalendar, finished_at: datetime, due_at: datetime) -> Timeliness:
    """Early / on time / late against the appointment in force (pauses already given back)."""
    return cal.classify(finished_at, due_at)
