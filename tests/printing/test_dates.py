from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template

from motcua.printing.dates import vn_date, vn_datetime
from motcua.worktime.sessions import TZ


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (datetime(2024, 3, 15, 9, 30, tzinfo=TZ), "09 giờ 30 phút, ngày 15 tháng 3 năm 2024"),
        (datetime(2024, 3, 15, 2, 30, tzinfo=UTC), "09 giờ 30 phút, ngày 15 tháng 3 năm 2024"),
        # Decree 30/2020: days below 10 and the months 1 and 2 take a leading zero.
        (datetime(2025, 1, 5, 7, 5, tzinfo=TZ), "07 giờ 05 phút, ngày 05 tháng 01 năm 2025"),
        (datetime(2025, 2, 28, 16, 0, tzinfo=TZ), "16 giờ 00 phút, ngày 28 tháng 02 năm 2025"),
        (datetime(2025, 12, 1, 0, 0, tzinfo=TZ), "00 giờ 00 phút, ngày 01 tháng 12 năm 2025"),
        # 18:30 UTC on 31/12 is already New Year's Day in Vietnam.
        (datetime(2024, 12, 31, 18, 30, tzinfo=UTC), "01 giờ 30 phút, ngày 01 tháng 01 năm 2025"),
        # Naive instants are taken as local.
        (datetime(2024, 10, 9, 14, 45), "14 giờ 45 phút, ngày 09 tháng 10 năm 2024"),
    ],
    ids=["local", "utc", "january", "february", "december", "new-year-utc", "naive"],
)
def test_vn_datetime(instant, expected):
    assert vn_datetime(instant) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 3, 15), "ngày 15 tháng 3 năm 2024"),
        (date(2024, 2, 9), "ngày 09 tháng 02 năm 2024"),
        (date(2024, 11, 20), "ngày 20 tháng 11 năm 2024"),
        (datetime(2024, 3, 14, 17, 0, tzinfo=UTC), "ngày 15 tháng 3 năm 2024"),
    ],
    ids=["march", "february", "november", "utc-evening"],
)
def test_vn_date(value, expected):
    assert vn_date(value) == expected


def test_empty_values_print_nothing_and_wrong_types_are_errors():
    assert vn_date(None) == vn_datetime(None) == ""
    with pytest.raises(TypeError):
        vn_datetime(date(2024, 3, 15))
    with pytest.raises(TypeError):
        vn_date("15/03/2024")


def test_filters_in_templates():
    template = Template(
        "{% load printing_tags %}{{ at|vn_datetime }} / {{ at|vn_date }} / {{ none|vn_date }}."
    )
    at = datetime(2024, 3, 15, 2, 30, tzinfo=UTC)
    assert template.render(Context({"at": at, "none": None})) == (
        "09 giờ 30 phút, ngày 15 tháng 3 năm 2024 / ngày 15 tháng 3 năm 2024 / ."
    )
