"""Fixtures for the calendar: a plain Monday-Friday calendar with no holidays."""

from datetime import datetime

import pytest

from motcua.worktime.calendar import TZ, WorkingCalendar

# 2025-03-03 is a Monday with no holiday around it.
MON = 3


def at(day: int, hour: int, minute: int = 0, month: int = 3, year: int = 2025) -> datetime:
    """Local instant in March 2025 by default (3 = Mon, 4 = Tue, ... 8 = Sat)."""
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


@pytest.fixture(scope="session")
def plain() -> WorkingCalendar:
    return WorkingCalendar()
