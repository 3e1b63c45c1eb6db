"""Elapsed working time, timeliness, deadline state and day/session queries."""

from datetime import date, datetime, timedelta

import pytest

from motcua.worktime.calendar import TZ, DeadlineState, Timeliness, WorkingCalendar

from .conftest import at

H = timedelta(hours=1)


def test_elapsed_counts_only_session_time(plain):
    assert plain.elapsed(at(3, 9), at(3, 10)) == H
    assert plain.elapsed(at(3, 11), at(3, 14)) == H  # 30 min morning + 30 min afternoon
    assert plain.elapsed(at(3, 7, 30), at(4, 7, 30)) == 7.5 * H  # a whole working day
    assert plain.elapsed(at(7, 16), at(10, 8)) == 1.5 * H  # over the weekend
    assert plain.elapsed(at(8, 9), at(9, 15)) == timedelta(0)  # all on the weekend


def test_elapsed_is_zero_when_b_is_not_after_a(plain):
    assert plain.elapsed(at(3, 10), at(3, 9)) == timedelta(0)
    assert plain.elapsed(at(3, 10), at(3, 10)) == timedelta(0)


def test_elapsed_excluding_removes_paused_time(plain):
    """domain.md §4: paused time (waiting for the applicant) does not count."""
    pauses = [(at(3, 9), at(3, 10))]
    assert plain.elapsed_excluding(at(3, 8), at(3, 11), pauses) == 2 * H


def test_elapsed_excluding_overlapping_and_outside_pauses(plain):
    pauses = [
        (at(3, 9), at(3, 10)),
        (at(3, 9, 30), at(3, 10, 30)),  # overlaps the first: removed once
        (at(1, 0), at(3, 8)),  # starts before a
        (at(3, 16), at(5, 0)),  # extends beyond b
        (at(3, 15), at(3, 14)),  # empty (end before start): ignored
    ]
    # a..b = Mon 07:30..17:00 = 7.5 h; minus 07:30-08:00, 09:00-10:30, 16:00-17:00.
    assert plain.elapsed_excluding(at(3, 7, 30), at(3, 17), pauses) == 4.5 * H


def test_elapsed_excluding_pauses_far_outside_the_range(plain):
    far = [(datetime(1990, 1, 1, tzinfo=TZ), datetime(2090, 1, 1, tzinfo=TZ))]
    assert plain.elapsed_excluding(at(3, 9), at(4, 9), far) == timedelta(0)


@pytest.mark.parametrize(
    ("finished", "due", "expected"),
    [
        (at(5, 16), at(6, 11, 30), Timeliness.EARLY),  # the day before the due day
        (at(6, 8), at(6, 11, 30), Timeliness.ON_TIME),  # same day, before the due instant
        (at(6, 11, 30), at(6, 11, 30), Timeliness.ON_TIME),
        (at(6, 11, 31), at(6, 11, 30), Timeliness.LATE),
        (at(7, 8), at(6, 17), Timeliness.LATE),
    ],
)
def test_classify(plain, finished, due, expected):
    """domain.md §4 timeliness: early = an earlier calendar day than the appointment's,
    on time = that day and not after it, late = after it (never timestamp equality alone)."""
    assert plain.classify(finished, due) == expected


def test_deadline_state(plain):
    """domain.md §4: in-progress dossiers are within deadline or overdue."""
    assert plain.deadline_state(at(6, 11, 30), at(6, 11, 30)) == DeadlineState.WITHIN
    assert plain.deadline_state(at(6, 11, 31), at(6, 11, 30)) == DeadlineState.OVERDUE


def test_in_session(plain):
    assert plain.in_session(at(3, 7, 30))
    assert plain.in_session(at(3, 11, 30))
    assert not plain.in_session(at(3, 12))
    assert plain.in_session(at(3, 16, 59))
    assert not plain.in_session(at(3, 17, 1))
    assert not plain.in_session(at(8, 9))  # Saturday


def test_working_days_and_sessions():
    holiday = date(2025, 3, 5)
    cal = WorkingCalendar(days_off={holiday})
    assert cal.is_working_day(date(2025, 3, 4))
    assert not cal.is_working_day(holiday)
    assert not cal.is_working_day(date(2025, 3, 9))  # Sunday
    assert cal.sessions_on(holiday) == []
    assert cal.sessions_on(date(2025, 3, 4)) == [
        (at(4, 7, 30), at(4, 11, 30)),
        (at(4, 13, 30), at(4, 17)),
    ]


def test_range_checks_on_queries(plain):
    with pytest.raises(ValueError, match="outside the calendar"):
        plain.is_working_day(date(1999, 12, 31))
    with pytest.raises(ValueError, match="outside the calendar"):
        plain.elapsed(datetime(2046, 1, 1, tzinfo=TZ), datetime(2046, 1, 2, tzinfo=TZ))
    with pytest.raises(TypeError):
        plain.in_session(date(2025, 3, 3))
