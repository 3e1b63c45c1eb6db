import pytest


@pytest.mark.django_db
def test_api_errors_follow_accept_language(client):
    vi = client.get("/api/v1/calendar/due/", {"start": "2025-04-25T16:20", "duration": "0.3", "unit": "working_days"})
    en = client.get(
        "/api/v1/calendar/due/",
        {"start": "2025-04-25T16:20", "duration": "0.3", "unit": "working_days"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert vi.status_code == en.status_code == 400
    assert vi.json() != en.json()
    assert vi.headers["Content-Language"] == "vi"
    assert en.headers["Content-Language"] == "en"
