import pytest

# 0.3 working days is not a multiple of a half day: refused by our own (translated) message.
BAD_DUE = {"start": "2025-04-25T16:20", "duration": "0.3", "unit": "working_days"}


@pytest.mark.django_db
def test_api_errors_follow_accept_language(client):
    vi = client.get("/api/v1/calendar/due/", BAD_DUE)
    en = client.get("/api/v1/calendar/due/", BAD_DUE, HTTP_ACCEPT_LANGUAGE="en")
    assert vi.status_code == en.status_code == 400
    assert vi.json() != en.json()
    assert vi.headers["Content-Language"] == "vi"
    assert en.headers["Content-Language"] == "en"
