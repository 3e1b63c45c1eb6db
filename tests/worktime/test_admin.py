"""The calendar is data administrators maintain: admin pages in Vietnamese."""

import pytest

from motcua.worktime.models import WorkSchedule

pytestmark = pytest.mark.django_db


def test_override_changelist_lists_seeded_rows_with_vietnamese_labels(admin_client):
    response = admin_client.get("/admin/worktime/dayoverride/?date__year=2025")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Làm bù cho thứ Sáu 2/5/2025" in text
    assert "căn cứ pháp lý" in text.lower()


def test_schedule_admin_validates_sessions_and_weekdays(admin_client):
    response = admin_client.post(
        "/admin/worktime/workschedule/add/",
        {
            "name": "Sai",
            "morning_start": "12:00",
            "morning_end": "11:00",
            "afternoon_start": "13:30",
            "afternoon_end": "17:00",
            "weekdays": "1,2,9",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Các buổi phải nối tiếp nhau" in text
    assert "từ 1 (thứ Hai) đến 7 (Chủ nhật)" in text
    assert not WorkSchedule.objects.exists()


def test_schedule_admin_saves_a_valid_schedule(admin_client):
    response = admin_client.post(
        "/admin/worktime/workschedule/add/",
        {
            "name": "Hành chính",
            "morning_start": "07:00",
            "morning_end": "11:00",
            "afternoon_start": "13:00",
            "afternoon_end": "16:30",
            "weekdays": "1,2,3,4,5",
        },
    )
    assert response.status_code == 302
    assert WorkSchedule.objects.get().weekday_numbers() == (1, 2, 3, 4, 5)
