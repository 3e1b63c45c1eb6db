"""Error messages are translated: Vietnamese by default, English msgids."""

import pytest
from django.utils import translation

from motcua.worktime.calendar import WorkingCalendar
from motcua.worktime.messages import TIMELINESS_LABELS, error_message


def _error(amount, unit="working_days"):
    from datetime import datetime

    with pytest.raises(ValueError) as err:
        WorkingCalendar(first_year=2025, last_year=2025).due(datetime(2025, 3, 3, 9), amount, unit)
    return err.value


@pytest.mark.parametrize(
    ("amount", "unit", "vi", "en"),
    [
        ("1.3", "working_days", "bội số của 0,5", "multiple of 0.5"),
        ("-2", "days", "không được là số âm", "cannot be negative"),
        ("1.5", "months", "số nguyên", "whole number"),
        ("abc", "hours", "phải là một số", "must be a number"),
        ("1", "weeks", "Đơn vị không hợp lệ", "Unknown unit"),
        ("400", "working_days", "từ 2025 đến 2025", "2025 to 2025"),
    ],
)
def test_messages_in_both_languages(amount, unit, vi, en):
    exc = _error(amount, unit)
    with translation.override("vi"):
        assert vi in error_message(exc)
    with translation.override("en"):
        assert en in error_message(exc)


def test_timeliness_labels():
    with translation.override("vi"):
        assert [str(v) for v in TIMELINESS_LABELS.values()] == ["trước hạn", "đúng hạn", "quá hạn"]
