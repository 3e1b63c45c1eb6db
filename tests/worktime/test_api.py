"""Public calendar API: anonymous access, ISO instants, 400 with a clear message."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

DUE = "/api/v1/calendar/due/"
HOLIDAYS = "/api/v1/calendar/holidays/"


@pytest.fixture
def api():
    return APIClient()


def test_due_is_public_and_follows_the_make_up_saturday(api):
    """Thông báo 6150/TB-BLĐTBXH: Fri 25/4/2025 16:20 + 3 working days -> Tue 29/4 17:00."""
    response = api.get(DUE, {"start": "2025-04-25T16:20", "duration": "3", "unit": "working_days"})
    assert response.status_code == 200
    assert response.json() == {
        "due": "2025-04-29T17:00:00+07:00",
        "start_effective": "2025-04-25T16:20:00+07:00",
    }


def test_due_start_effective_outside_hours(api):
    response = api.get(DUE, {"start": "2025-03-03T12:10", "duration": "3", "unit": "working_days"})
    assert response.json() == {
        "due": "2025-03-06T17:00:00+07:00",
        "start_effective": "2025-03-03T13:30:00+07:00",
    }


@pytest.mark.parametrize(
    ("params", "field", "fragment"),
    [
        (
            {"start": "2025-03-03T09:00", "duration": "1.3", "unit": "working_days"},
            "duration",
            "bội số của 0,5",
        ),
        (
            {"start": "2025-03-03T09:00", "duration": "1.5", "unit": "months"},
            "duration",
            "số nguyên",
        ),
        ({"start": "1990-03-03T09:00", "duration": "1", "unit": "days"}, "start", "phạm vi"),
        (
            {"start": "2045-12-30T09:00", "duration": "30", "unit": "working_days"},
            "start",
            "phạm vi",
        ),
        (
            {"start": "2025-03-03T09:00", "duration": "1", "unit": "days", "agency": "nope"},
            "agency",
            "nope",
        ),
        ({"start": "yesterday", "duration": "1", "unit": "days"}, "start", None),
        ({"start": "2025-03-03T09:00", "duration": "-1", "unit": "days"}, "duration", None),
        ({"start": "2025-03-03T09:00", "duration": "1", "unit": "weeks"}, "unit", None),
        ({"duration": "1", "unit": "days"}, "start", None),
    ],
)
def test_due_invalid_parameters_are_400_in_vietnamese(api, params, field, fragment):
    response = api.get(DUE, params)
    assert response.status_code == 400
    body = response.json()["errors"]  # a validation problem (motcua/api/errors.py)
    assert field in body
    if fragment:
        assert fragment in body[field][0]


def test_holidays_of_a_year(api):
    response = api.get(HOLIDAYS, {"year": 2025})
    assert response.status_code == 200
    rows = response.json()
    assert {"date": "2025-04-26", "kind": "workday", "name": "Làm bù cho thứ Sáu 2/5/2025"} in rows
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_holidays_default_to_this_year(api):
    from django.utils import timezone

    rows = api.get(HOLIDAYS).json()
    assert rows and all(r["date"].startswith(str(timezone.localdate().year)) for r in rows)


@pytest.mark.parametrize("year", ["1999", "abc", "2046"])
def test_holidays_bad_year_is_400(api, year):
    response = api.get(HOLIDAYS, {"year": year})
    assert response.status_code == 400
    assert "year" in response.json()["errors"]
