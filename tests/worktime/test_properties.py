"""Property tests of the calendar against random calendars and a day-by-day oracle."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.worktime.calendar import TZ, DayHours, WorkingCalendar

FIRST, LAST = date(2025, 1, 1), date(2026, 12, 31)
settings.register_profile("worktime", deadline=None, max_examples=150)
settings.load_profile("worktime")


@st.composite
def calendars(draw) -> WorkingCalendar:
    days = st.dates(min_value=FIRST, max_value=LAST)
    off = draw(st.sets(days, max_size=40))
    work = draw(st.sets(days, max_size=10)) - off
    weekdays = draw(st.sets(st.integers(1, 7), min_size=1))
    m0 = draw(st.integers(6 * 60, 9 * 60))
    m1 = draw(st.integers(m0 + 30, 12 * 60))
    a0 = draw(st.integers(m1, 14 * 60))
    a1 = draw(st.integers(a0 + 30, 19 * 60))
    hours = DayHours(*(time(m // 60, m % 60) for m in (m0, m1, a0, a1)))
    return WorkingCalendar(
        days_off=off, workdays=work, weekdays=weekdays, hours=hours, first_year=2025, last_year=2028
    )


# Instants in 2025-2026; the calendar runs to 2028 so that even 12 months from the end of
# 2026 on a calendar with one working weekday stays inside it.
instants = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 31, 23, 59)
).map(lambda d: d.replace(second=0, microsecond=0, tzinfo=TZ))
half_days = st.integers(0, 40).map(lambda n: Decimal(n) / 2)


def oracle_sessions(cal: WorkingCalendar, day: date):
    """All sessions from `day` on, walking the calendar one day at a time."""
    while True:
        yield from cal.sessions_on(day)
        day += timedelta(days=1)


def oracle_due_working_days(cal: WorkingCalendar, start: datetime, amount: Decimal):
    """The end of the k-th session (from 0) among those not over before `start`."""
    remaining = int(amount * 2)
    for _, end in oracle_sessions(cal, start.date()):
        if end >= start:
            if remaining == 0:
                return end
            remaining -= 1
    raise AssertionError("unreachable")


@given(calendars(), instants, half_days)
def test_working_days_match_a_day_by_day_oracle(cal, start, amount):
    """domain.md §4: due = end of the session k = 2 × amount sessions after S's session."""
    assert cal.due(start, amount, "working_days") == oracle_due_working_days(cal, start, amount)


@given(calendars(), instants, st.sampled_from(["working_days", "days", "months"]), st.data())
def test_due_is_the_end_of_a_session_on_a_working_day(cal, start, unit, data):
    amount = data.draw(half_days if unit == "working_days" else st.integers(0, 12))
    due = cal.due(start, amount, unit)
    assert cal.is_working_day(due.date())
    ends = [end for _, end in cal.sessions_on(due.date())]
    assert due in ends
    if unit != "working_days":
        assert due == ends[-1]


@given(
    calendars(),
    instants,
    st.sampled_from(["working_days", "hours", "days", "months"]),
    st.integers(0, 20),
    st.integers(0, 20),
)
def test_due_never_moves_earlier_when_duration_grows(cal, start, unit, a, b):
    lo, hi = sorted((a, b))
    if unit == "months":  # stay inside the 2025-2028 calendar
        lo, hi = lo // 2, hi // 2
    if unit == "working_days":
        lo, hi = Decimal(lo) / 2, Decimal(hi) / 2
    assert cal.due(start, lo, unit) <= cal.due(start, hi, unit)
    assert cal.due(start, lo, unit) >= cal.start_effective(start)


@given(calendars(), instants, st.integers(1, 15), st.integers(1, 15))
def test_whole_working_days_compose(cal, start, a, b):
    """Counting b days from the due instant of a days equals counting a + b days: the due
    instant is a session end, which still belongs to its session (closed sessions)."""
    assert cal.due(cal.due(start, a, "working_days"), b, "working_days") == cal.due(
        start, a + b, "working_days"
    )


@given(calendars(), instants, half_days, half_days)
def test_half_days_compose_too(cal, start, a, b):
    first = cal.due(start, a, "working_days")
    assert cal.due(first, b, "working_days") == cal.due(start, a + b, "working_days")


@given(calendars(), instants, st.integers(0, 60 * 40))
def test_elapsed_until_the_hours_due_is_the_duration(cal, start, minutes):
    hours = Decimal(minutes) / 60
    due = cal.due(start, hours, "hours")
    assert cal.elapsed(start, due) == timedelta(minutes=minutes)
    assert due >= cal.start_effective(start)
    if minutes:
        assert cal.in_session(due)


@given(calendars(), instants, instants, instants)
def test_elapsed_is_additive(cal, a, b, c):
    a, b, c = sorted((a, b, c))
    assert cal.elapsed(a, c) == cal.elapsed(a, b) + cal.elapsed(b, c)


window_minutes = st.integers(0, 3 * 24 * 60)


def oracle_excluding(cal, a, b, pauses):
    """Count working minutes one by one (all inputs are on whole minutes)."""
    count = 0
    t = a
    while t < b:
        mid = t + timedelta(seconds=30)
        working = any(s <= mid <= e for s, e in cal.sessions_on(mid.date()))
        paused = any(p <= mid < q for p, q in pauses)
        count += working and not paused
        t += timedelta(minutes=1)
    return timedelta(minutes=count)


@settings(max_examples=60)
@given(
    calendars(),
    instants,
    window_minutes,
    st.lists(st.tuples(st.integers(-600, 5000), st.integers(-600, 5000)), max_size=5),
)
def test_elapsed_excluding_matches_a_minute_by_minute_oracle(cal, a, span, raw):
    """Paused intervals may overlap and extend beyond [a, b]; each minute counts once."""
    b = a + timedelta(minutes=span)
    pauses = [(a + timedelta(minutes=p), a + timedelta(minutes=q)) for p, q in raw]
    got = cal.elapsed_excluding(a, b, pauses)
    assert got == oracle_excluding(cal, a, b, pauses)
    assert timedelta(0) <= got <= cal.elapsed(a, b)
    assert cal.elapsed_excluding(a, b, list(reversed(pauses))) == got


@given(calendars(), instants, window_minutes)
def test_elapsed_excluding_without_pauses_is_elapsed(cal, a, span):
    b = a + timedelta(minutes=span)
    assert cal.elapsed_excluding(a, b, []) == cal.elapsed(a, b)
    assert cal.elapsed_excluding(a, b, [(a, b)]) == timedelta(0)
