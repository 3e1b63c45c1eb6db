"""Through the REST API alone: reception, processing, supplement, apology, consultation,
fees, withdrawal, return; errors, idempotency, lookup (issue 4 "Done when")."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import untimed_procedure


@pytest.fixture
def api(world):
    def client(who: str | None) -> APIClient:
        c = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        if who is not None:
            token, _ = Token.objects.get_or_create(user=world.users[who])
            c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return c

    return client


def _body(world, **extra):
    body = {
        "procedure": world.procedure.code,
        "agency": world.commune.code,
        "channel": 1,
        "applicant": {"name": "Trần Văn Bình", "id_number": "079190001235", "phone": "0901111222"},
        "documents": [
            {"required": world.documents[0].pk, "originals": 1},
            {"required": world.documents[1].pk, "copies": 1},
        ],
        "outcome": "receive",
    }
    body.update(extra)
    return body


def _act(client, key, action, expect=200, **body):
    response = client.post(f"/api/v1/dossiers/{key}/actions/{action}/", body, format="json")
    assert response.status_code == expect, response.content
    return response.json()


def test_counter_dossier_from_reception_to_return(world, api):
    officer, specialist, leader = api("officer"), api("specialist"), api("leader")
    created = officer.post("/api/v1/dossiers/", _body(world), format="json")
    assert created.status_code == 201, created.content
    d = created.json()
    key = d["code"]
    assert key.startswith(f"{world.commune_desk.code}-")
    assert d["status"] == "received" and d["national_status"] == 2
    assert d["allowed_actions"][:1] == ["transfer"]
    assert _act(officer, key, "transfer")["status"] == "in_process"
    assert _act(specialist, key, "complete_step")["national_status"] == 4
    ready = _act(leader, key, "approve", result="Giấy khai sinh số 12")
    assert ready["status"] == "result_ready" and ready["national_status"] == 9
    assert ready["timeliness"] in ("early", "on_time")
    done = _act(officer, key, "return", method="counter")
    assert done["status"] == "returned" and done["national_status"] == 10
    events = officer.get(f"/api/v1/dossiers/{key}/events/").json()
    assert [e["action"] for e in events] == [
        "receive",
        "transfer",
        "complete_step",
        "approve",
        "return",
    ]
    assert [e["national_status"] for e in events] == [2, 4, 4, 9, 10]
    assert [e["seq"] for e in events] == [1, 2, 3, 4, 5]


def test_online_submission_accept_and_supplement(world, api):
    citizen, officer, specialist = api("citizen"), api("officer"), api("specialist")
    draft = citizen.post(
        "/api/v1/dossiers/", _body(world, channel=2, outcome="draft"), format="json"
    ).json()
    assert draft["status"] == "draft" and draft["code"] is None
    submitted = _act(citizen, draft["uid"], "submit")
    assert submitted["status"] == "submitted" and submitted["national_status"] == 1
    key = submitted["code"]
    assert _act(officer, key, "accept")["status"] == "received"
    _act(officer, key, "transfer")
    asked = _act(
        specialist,
        key,
        "request_supplement",
        reason="Thiếu giấy tờ",
        missing=["Giấy chứng sinh (bản chính)"],
    )
    assert asked["status"] == "supplement" and asked["national_status"] == 5
    back = _act(citizen, key, "receive_supplement")
    assert back["status"] == "in_process"
    # The citizen sees only their own dossiers.
    assert citizen.get(f"/api/v1/dossiers/{key}/").status_code == 200
    assert api("other_officer").get(f"/api/v1/dossiers/{key}/").status_code == 404


def test_errors_are_problems_and_change_nothing(world, api):
    officer = api("officer")
    key = officer.post("/api/v1/dossiers/", _body(world), format="json").json()["code"]
    _act(officer, key, "transfer")
    wrong = officer.post(f"/api/v1/dossiers/{key}/actions/approve/", {}, format="json")
    assert wrong.status_code == 403
    assert wrong["Content-Type"].startswith("application/problem+json")
    not_now = officer.post(f"/api/v1/dossiers/{key}/actions/accept/", {}, format="json")
    assert not_now.status_code == 400 and "not possible" in not_now.json()["detail"]
    stale = officer.post(
        f"/api/v1/dossiers/{key}/actions/transfer/", {"expected_version": 0}, format="json"
    )
    assert stale.status_code == 409
    assert Dossier.objects.get(code=key).row_version == 2
    bad = officer.post(
        "/api/v1/dossiers/", _body(world, applicant={"name": "A", "id_number": "12"}), format="json"
    )
    assert bad.status_code == 400 and "applicant.id_number" in bad.json()["errors"]
    assert Dossier.objects.count() == 1


def test_idempotency_key_never_creates_twice(world, api):
    officer = api("officer")
    first = officer.post(
        "/api/v1/dossiers/", _body(world), format="json", HTTP_IDEMPOTENCY_KEY="abc-1"
    )
    again = officer.post(
        "/api/v1/dossiers/", _body(world), format="json", HTTP_IDEMPOTENCY_KEY="abc-1"
    )
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert first.json()["code"] == again.json()["code"]
    assert Dossier.objects.count() == 1


def test_public_lookup_without_personal_data(world, api):
    key = api("officer").post("/api/v1/dossiers/", _body(world), format="json").json()["code"]
    secret = Dossier.objects.get(code=key).secret
    found = api(None).get(f"/api/v1/lookup/?code={key}&secret={secret}")
    assert found.status_code == 200
    text = found.content.decode()
    assert "Trần Văn Bình" not in text and "079190001235" not in text
    assert found.json()["status"] == "received"
    assert api(None).get(f"/api/v1/lookup/?code={key}&secret=WRONG").status_code == 404


def test_list_filters_overdue(world, api):
    officer = api("officer")
    world.receive(when="2026-03-02 09:00")  # due 05/03/2026: overdue today
    fresh = officer.post("/api/v1/dossiers/", _body(world), format="json").json()["code"]
    overdue = officer.get("/api/v1/dossiers/?overdue=true").json()["results"]
    assert [d["code"] for d in overdue] != [] and fresh not in [d["code"] for d in overdue]
    assert all(d["deadline_state"] == "overdue" for d in overdue)
    assert officer.get("/api/v1/dossiers/?status=bogus").status_code == 400


def test_the_applicant_edits_a_draft_then_submits(world, api):
    """A draft is changed with PUT .../draft/ (the whole intake again), then submitted."""
    citizen = api("citizen")
    created = citizen.post(
        "/api/v1/dossiers/", _body(world, channel=2, outcome="draft"), format="json"
    ).json()
    key = created["key"]
    body = _body(world, channel=2, return_method="post", return_address="1 Lê Lợi")
    body.pop("outcome")
    edited = citizen.put(f"/api/v1/dossiers/{key}/draft/", body, format="json")
    assert edited.status_code == 200, edited.content
    assert edited.json()["return_method"] == "post"
    stale = citizen.put(
        f"/api/v1/dossiers/{key}/draft/", {**body, "expected_version": 1}, format="json"
    )
    assert stale.status_code == 409
    assert (
        api("officer").put(f"/api/v1/dossiers/{key}/draft/", body, format="json").status_code == 404
    )
    assert (
        citizen.put(
            f"/api/v1/dossiers/{key}/draft/", {**body, "channel": 1}, format="json"
        ).status_code
        == 400
    )
    assert _act(citizen, key, "edit_draft", expect=404)
    assert _act(citizen, key, "submit")["status"] == "submitted"


def test_accept_with_the_time_the_catalogue_does_not_state(world, api):
    """ND 61/2018 art. 17.2.b: the appointment is counted from the time the officer gives
    when the catalogue states none."""
    procedure = untimed_procedure(world)
    citizen, officer = api("citizen"), api("officer")
    body = _body(world, channel=2, outcome="submit", procedure=procedure.code, documents=[])
    key = citizen.post("/api/v1/dossiers/", body, format="json").json()["code"]
    refused = _act(officer, key, "accept", expect=400)
    assert "time_amount" in refused["errors"]
    accepted = _act(officer, key, "accept", time_amount="2", time_unit="working_days")
    assert accepted["status"] == "received" and accepted["time_amount"] == "2.00"
