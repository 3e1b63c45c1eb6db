"""The seeded government decisions agree with the `holidays` package and the law."""

from datetime import date

import holidays
import pytest

from motcua.worktime.models import DayOverride
from motcua.worktime.seed import seed_rows

# Decisions the `holidays` 0.109 package does not know yet, each with its source.
NOT_IN_PACKAGE = {date(2026, 1, 2), date(2026, 1, 10)}  # Công văn 12729/VPCP-KGVX


def test_every_seeded_day_off_is_a_weekday_the_package_also_gives():
    """Labour Code 2019 art. 111(3), 112: the seeded days off are the weekdays of each
    year's Tết and National Day windows and swapped days, as the `holidays` package lists."""
    package = holidays.Vietnam(years=range(2024, 2027), language="vi")
    for row in seed_rows():
        if row["kind"] == "off":
            assert row["date"].isoweekday() <= 5, row
            assert row["date"] in package or row["date"] in NOT_IN_PACKAGE, row


def test_every_make_up_day_is_a_saturday_paired_with_a_day_off():
    """Labour Code 2019 art. 112(3): a swap moves a working day to a Saturday."""
    rows = seed_rows()
    workdays = [r for r in rows if r["kind"] == "workday"]
    assert {r["date"] for r in workdays} == {
        date(2024, 5, 4),
        date(2025, 4, 26),
        date(2026, 1, 10),
        date(2026, 8, 22),
    }
    for row in workdays:
        assert row["date"].isoweekday() == 6
        partner = [r for r in rows if r["kind"] == "off" and r["legal_basis"] == row["legal_basis"]]
        assert partner, row


def test_each_seed_row_has_a_name_and_a_legal_basis():
    for row in seed_rows():
        assert row["name"] and row["legal_basis"]
        assert len(row["name"]) <= 200 and len(row["legal_basis"]) <= 300


@pytest.mark.django_db
def test_migration_seeded_the_rows():
    stored = {(o.date, o.kind) for o in DayOverride.objects.all()}
    assert {(r["date"], r["kind"]) for r in seed_rows()} <= stored
