"""The calendar from the database: statutory holidays, seeded decisions, admin edits."""

from datetime import date, datetime, time

import pytest

from motcua.agencies.models import Agency
from motcua.worktime.calendar import TZ
from motcua.worktime.models import DayOverride, WorkSchedule
from motcua.worktime.services import calendar_for, days_off

pytestmark = pytest.mark.django_db


def local(y, mo, d, h, mi=0):
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


def test_tet_2025_window_is_skipped():
    """Thông báo 6150/TB-BLĐTBXH (2024): Tết Ất Tỵ off from Sat 25/1 to Sun 2/2/2025.

    Fri 24/1 09:00 + 3 working days: Fri am, Fri pm, then Mon 3/2 am, pm, Tue 4/2 am, pm,
    Wed 5/2 am -> Wed 5/2 11:30.
    """
    cal = calendar_for()
    for day in range(27, 32):
        assert not cal.is_working_day(date(2025, 1, day))
    assert cal.due(local(2025, 1, 24, 9), 3, "working_days") == local(2025, 2, 5, 11, 30)


def test_30_april_2025_with_make_up_saturday():
    """Thông báo 6150/TB-BLĐTBXH: work Sat 26/4/2025, off Fri 2/5/2025 (with 30/4, 1/5).

    Fri 25/4 16:20 + 3 working days: Fri pm, Sat 26/4 am and pm (make-up day), Mon 28/4
    am and pm, Tue 29/4 am and pm -> Tue 29/4 17:00.
    """
    cal = calendar_for()
    assert cal.is_working_day(date(2025, 4, 26))
    assert not any(cal.is_working_day(date(2025, m, d)) for m, d in ((4, 30), (5, 1), (5, 2)))
    assert cal.due(local(2025, 4, 25, 16, 20), 3, "working_days") == local(2025, 4, 29, 17)
    # Tue 29/4 14:00 + 1 working day: Tue pm is S's session; 30/4 to 4/5 are off; two
    # sessions later is Mon 5/5 pm.
    assert cal.due(local(2025, 4, 29, 14), 1, "working_days") == local(2025, 5, 5, 17)


def test_national_day_2025():
    """Labour Code 2019 art. 112(1)(đ): 2/9 plus one adjacent day (Mon 1/9/2025).

    Fri 29/8 10:00 + 2 working days -> Thu 4/9 11:30; 5 calendar days from Thu 28/8 fall
    on Tue 2/9, a holiday, so they end with Wed 3/9 (Civil Code 2015 art. 148).
    """
    cal = calendar_for()
    assert not cal.is_working_day(date(2025, 9, 1))
    assert not cal.is_working_day(date(2025, 9, 2))
    assert cal.due(local(2025, 8, 29, 10), 2, "working_days") == local(2025, 9, 4, 11, 30)
    assert cal.due(local(2025, 8, 28, 9), 5, "days") == local(2025, 9, 3, 17)


def test_new_year_2026_swap():
    """Công văn 12729/VPCP-KGVX (25/12/2025): off Fri 2/1/2026, work Sat 10/1/2026."""
    cal = calendar_for()
    assert not cal.is_working_day(date(2026, 1, 2))
    assert cal.is_working_day(date(2026, 1, 10))
    assert cal.due(local(2025, 12, 31, 14), 1, "working_days") == local(2026, 1, 5, 17)


def test_statutory_holiday_without_override_is_off():
    """Labour Code 2019 art. 112(1)(e): Hùng Kings day, 10/3 lunar (Mon 7/4/2025)."""
    assert not calendar_for().is_working_day(date(2025, 4, 7))


def test_admin_edits_are_seen_at_once():
    day = date(2025, 3, 12)
    assert calendar_for().is_working_day(day)
    row = DayOverride.objects.create(date=day, kind="off", name="Test", legal_basis="")
    assert not calendar_for().is_working_day(day)
    row.kind = "workday"
    row.save()
    assert calendar_for().is_working_day(day)
    sat = date(2025, 3, 15)
    assert not calendar_for().is_working_day(sat)
    row.date = sat
    row.save()
    assert calendar_for().is_working_day(sat)
    row.delete()
    assert not calendar_for().is_working_day(sat)


def test_workday_override_beats_a_statutory_holiday():
    DayOverride.objects.create(date=date(2025, 4, 7), kind="workday", name="Test")
    assert calendar_for().is_working_day(date(2025, 4, 7))


def test_calendars_are_cached_until_an_edit(django_assert_num_queries):
    first = calendar_for()
    with django_assert_num_queries(1):  # only the fingerprint query
        assert calendar_for() is first
    DayOverride.objects.create(date=date(2025, 3, 12), kind="off", name="Test")
    assert calendar_for() is not first


def test_agency_schedule_is_used():
    schedule = WorkSchedule.objects.create(
        name="Sáng thứ Bảy",
        morning_start=time(8),
        morning_end=time(12),
        afternoon_start=time(13),
        afternoon_end=time(17),
        weekdays="1,2,3,4,5,6",
    )
    agency = Agency.objects.create(
        code="000.00.15.H51", name="UBND xã Thử", level="commune", schedule=schedule
    )
    cal = calendar_for(agency)
    assert cal.sessions_on(date(2025, 3, 8))[0] == (local(2025, 3, 8, 8), local(2025, 3, 8, 12))
    # Fri 7/3 14:00 + 0.5 day: the next session is Saturday morning.
    assert cal.due(local(2025, 3, 7, 14), 0.5, "working_days") == local(2025, 3, 8, 12)
    plain = Agency.objects.create(code="000.00.16.H51", name="UBND xã Khác", level="commune")
    assert calendar_for(plain).sessions_on(date(2025, 3, 8)) == []


def test_days_off_merges_holidays_and_overrides():
    rows = days_off(2025)
    assert rows == sorted(rows)
    by_date = {d: (kind, name) for d, kind, name in rows}
    assert by_date[date(2025, 4, 26)][0] == "workday"
    assert by_date[date(2025, 5, 2)] == (
        "off",
        "Nghỉ hoán đổi dịp 30/4 - 1/5 (làm bù thứ Bảy 26/4/2025)",
    )
    assert by_date[date(2025, 4, 7)] == ("off", "Ngày Giỗ Tổ Hùng Vương")
    assert all(d.year == 2025 for d in by_date)


def test_days_off_outside_the_calendar():
    with pytest.raises(ValueError):
        days_off(1999)
