"""Due instants: every rule and worked example of docs/domain.md §4 (default hours)."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from motcua.worktime.calendar import TZ, CalendarRangeError, DayHours, WorkingCalendar
from motcua.worktime.durations import DurationError
from motcua.worktime.units import DurationUnit

from .conftest import at


@pytest.mark.parametrize(
    ("start", "amount", "expected"),
    [
        (at(3, 9), 3, at(6, 11, 30)),  # Mon 09:00 + 3 -> Thu 11:30
        (at(3, 14), 3, at(6, 17)),  # Mon 14:00 + 3 -> Thu 17:00
        (at(3, 12, 10), 3, at(6, 17)),  # Mon 12:10 (lunch) + 3 -> Thu 17:00
        (at(8, 10), 3, at(13, 11, 30)),  # Sat 10:00 + 3 -> Thu 11:30
        (at(3, 17, 30), 3, at(7, 11, 30)),  # Mon 17:30 + 3 -> Fri 11:30
        (at(3, 9), Decimal("0.5"), at(3, 17)),  # Mon 09:00 + 0.5 -> Mon 17:00
        (at(3, 14), 0.5, at(4, 11, 30)),  # Mon 14:00 + 0.5 -> Tue 11:30
    ],
)
def test_worked_examples_in_sessions(plain, start, amount, expected):
    """Decree 61/2018 art. 15 appointments counted in sessions, domain.md §4 examples."""
    assert plain.due(start, amount, DurationUnit.WORKING_DAYS) == expected


def test_same_day_is_the_end_of_the_own_session(plain):
    """domain.md §4: a duration of 0 ends with S's own session."""
    assert plain.due(at(3, 9), 0, "working_days") == at(3, 11, 30)
    assert plain.due(at(3, 12), 0, "working_days") == at(3, 17)
    assert plain.due(at(3, 18), 0, "working_days") == at(4, 11, 30)


def test_start_is_the_next_session_outside_hours(plain):
    """domain.md §4: S is the reception instant in a session, else the next session start."""
    assert plain.start_effective(at(3, 9, 15)) == at(3, 9, 15)
    assert plain.start_effective(at(3, 12, 10)) == at(3, 13, 30)
    assert plain.start_effective(at(3, 6)) == at(3, 7, 30)
    assert plain.start_effective(at(7, 17, 1)) == at(10, 7, 30)  # Friday evening -> Monday


def test_session_bounds_belong_to_the_session(plain):
    """Sessions are closed: reception at 11:30 sharp is in the morning session."""
    assert plain.due(at(3, 11, 30), 0, "working_days") == at(3, 11, 30)
    assert plain.due(at(3, 7, 30), Decimal("0.5"), "working_days") == at(3, 17)
    assert plain.due(at(3, 17), 1, "working_days") == at(4, 17)


def test_naive_start_is_local_time(plain):
    assert plain.due(datetime(2025, 3, 3, 9), 3, "working_days") == at(6, 11, 30)


def test_other_time_zone_is_converted(plain):
    from zoneinfo import ZoneInfo

    paris = datetime(2025, 3, 3, 3, 0, tzinfo=ZoneInfo("Europe/Paris"))  # 09:00 in Hanoi
    due = plain.due(paris, 3, "working_days")
    assert due == at(6, 11, 30) and due.tzinfo == TZ


@pytest.mark.parametrize("amount", [Decimal("0.3"), 1.25, "2.7"])
def test_working_days_must_be_half_days(plain, amount):
    """domain.md §4: 1 working day = 2 sessions, half days exist; quarters do not."""
    with pytest.raises(ValueError, match="multiple of 0.5"):
        plain.due(at(3, 9), amount, "working_days")


@pytest.mark.parametrize("unit", ["working_days", "hours", "days", "months"])
def test_negative_amounts_are_rejected(plain, unit):
    with pytest.raises(DurationError) as err:
        plain.due(at(3, 9), -1, unit)
    assert err.value.code == "negative"


@pytest.mark.parametrize("amount", [float("nan"), float("inf"), True, "abc", None])
def test_non_numbers_are_rejected(plain, amount):
    with pytest.raises(ValueError):
        plain.due(at(3, 9), amount, "working_days")


def test_unknown_unit(plain):
    with pytest.raises(ValueError, match="unknown unit"):
        plain.due(at(3, 9), 1, "weeks")


def test_hours_count_from_the_exact_instant(plain):
    """domain.md §4: hours are counted inside sessions from the exact instant S."""
    assert plain.due(at(3, 10, 30), 4, "hours") == at(3, 16, 30)
    assert plain.due(at(3, 12), 1, "hours") == at(3, 14, 30)
    assert plain.due(at(3, 16), 2, "hours") == at(4, 8, 30)
    assert plain.due(at(3, 9), Decimal("0.25"), "hours") == at(3, 9, 15)


def test_hours_ending_on_a_session_end_return_that_end(plain):
    """A count that ends exactly at a session end returns the end, not the next start."""
    assert plain.due(at(3, 7, 30), 4, "hours") == at(3, 11, 30)
    assert plain.due(at(3, 7, 30), Decimal("7.5"), "hours") == at(3, 17)
    assert plain.due(at(3, 12), 0, "hours") == at(3, 13, 30)


def test_calendar_days_end_at_close_of_target_day(plain):
    """Civil Code 2015 art. 148: a term in days ends at the end of its last day."""
    assert plain.due(at(3, 9), 2, "days") == at(5, 17)  # Wed
    assert plain.due(at(3, 9), 0, "days") == at(3, 17)


def test_calendar_days_ending_on_a_day_off_move_to_next_working_day(plain):
    """Civil Code 2015 art. 148: a term ending on a weekend or holiday ends with the next
    working day."""
    assert plain.due(at(3, 9), 5, "days") == at(10, 17)  # Sat 8/3 -> Mon 10/3
    cal = WorkingCalendar(days_off={date(2025, 3, 10)})
    assert cal.due(at(3, 9), 5, "days") == at(11, 17)


def test_calendar_days_count_from_the_date_of_s(plain):
    """Received Friday evening: S is Monday 07:30, so 2 days end on Wednesday."""
    assert plain.due(at(7, 18), 2, "days") == at(12, 17)


def test_months_use_the_corresponding_day_or_the_month_end(plain):
    """Civil Code 2015 art. 148: a term in months ends on the corresponding day of the last
    month, or that month's last day when it has none."""
    jan31 = datetime(2025, 1, 31, 9, tzinfo=TZ)
    assert plain.due(jan31, 1, "months") == datetime(2025, 2, 28, 17, tzinfo=TZ)
    leap = datetime(2024, 1, 31, 9, tzinfo=TZ)
    assert plain.due(leap, 1, "months") == datetime(2024, 2, 29, 17, tzinfo=TZ)
    # 3/3/2025 + 12 months = Tue 3/3/2026.
    assert plain.due(at(3, 9), 12, "months") == datetime(2026, 3, 3, 17, tzinfo=TZ)
    # 31/3/2025 + 2 months = 31/5/2025, a Saturday -> Mon 2/6.
    mar31 = datetime(2025, 3, 31, 9, tzinfo=TZ)
    assert plain.due(mar31, 2, "months") == datetime(2025, 6, 2, 17, tzinfo=TZ)


@pytest.mark.parametrize("unit", ["days", "months"])
def test_days_and_months_are_whole(plain, unit):
    with pytest.raises(ValueError, match="whole number"):
        plain.due(at(3, 9), Decimal("1.5"), unit)


def test_make_up_saturday_has_normal_sessions():
    sat = date(2025, 3, 8)
    cal = WorkingCalendar(workdays={sat})
    assert cal.is_working_day(sat)
    assert cal.due(at(7, 14), Decimal("0.5"), "working_days") == at(8, 11, 30)
    assert cal.sessions_on(sat) == [(at(8, 7, 30), at(8, 11, 30)), (at(8, 13, 30), at(8, 17))]


def test_days_off_are_skipped():
    cal = WorkingCalendar(days_off={date(2025, 3, 4), date(2025, 3, 5)})
    assert cal.due(at(3, 9), 1, "working_days") == at(6, 11, 30)


def test_custom_hours_and_weekdays():
    hours = DayHours(time(8), time(12), time(13), time(17))
    cal = WorkingCalendar(hours=hours, weekdays=(1, 2, 3, 4, 5, 6))
    assert cal.due(at(7, 14), 0.5, "working_days") == at(8, 12)  # Fri pm + 1 session = Sat am
    assert cal.due(at(3, 8), 4, "hours") == at(3, 12)


def test_out_of_range_is_a_clear_error():
    cal = WorkingCalendar(first_year=2024, last_year=2025)
    with pytest.raises(CalendarRangeError, match="outside the calendar"):
        cal.due(datetime(2023, 12, 31, 9, tzinfo=TZ), 1, "working_days")
    with pytest.raises(CalendarRangeError):
        cal.due(datetime(2025, 12, 30, 9, tzinfo=TZ), 5, "working_days")
    with pytest.raises(CalendarRangeError):
        cal.due(datetime(2025, 12, 1, 9, tzinfo=TZ), 1, "months")
    with pytest.raises(CalendarRangeError):
        cal.due(datetime(2025, 12, 30, 9, tzinfo=TZ), 100, "hours")


def test_invalid_construction():
    with pytest.raises(ValueError, match="both off and working"):
        WorkingCalendar(days_off={date(2025, 1, 1)}, workdays={date(2025, 1, 1)})
    with pytest.raises(ValueError, match="weekdays"):
        WorkingCalendar(weekdays=(0, 1))
    with pytest.raises(ValueError, match="sessions"):
        DayHours(time(12), time(11), time(13), time(17))
