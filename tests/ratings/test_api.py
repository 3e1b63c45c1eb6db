"""API: /api/v1/dossiers/<key>/rating/ and /api/v1/feedback/."""

import pytest
from rest_framework.test import APIClient

from motcua.ratings.api import RatingInput, RatingSerializer
from motcua.ratings.criteria import CRITERIA
from motcua.ratings.models import Feedback, Rating
from tests.ratings.conftest import GOOD

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def rating_url(dossier) -> str:
    return f"/api/v1/dossiers/{dossier.key}/rating/"


def test_serializers_cover_every_criterion():
    keys = {c.key for c in CRITERIA}
    assert keys <= set(RatingInput().fields)
    assert keys <= set(RatingSerializer().fields)


def test_owner_rates_once(world, returned):
    client = api(world.users["citizen"])
    response = client.post(rating_url(returned), {**GOOD, "comment": "Ổn"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["created"] is True
    assert body["rating"]["dossier"] == returned.code
    assert body["rating"]["agency"] == world.commune.code
    assert body["rating"]["desk"] == world.commune_desk.code
    assert body["rating"]["bodies"] == 1
    again = client.post(rating_url(returned), {k: 0 for k in GOOD}, format="json")
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert again.json()["rating"]["attitude"] == 2
    assert (
        "nothing was changed" in again.json()["detail"]
        or "không có gì thay đổi" in (again.json()["detail"])
    )
    assert client.get(rating_url(returned)).json()["time"] == 2


def test_staff_who_see_the_dossier_read_the_rating_but_cannot_rate(world, returned):
    api(world.users["citizen"]).post(rating_url(returned), GOOD, format="json")
    officer = api(world.users["officer"])
    assert officer.get(rating_url(returned)).json()["contacts"] == 2
    assert officer.post(rating_url(returned), GOOD, format="json").status_code == 403
    stranger = api(world.users["citizen2"])
    assert stranger.get(rating_url(returned)).status_code == 404
    assert stranger.post(rating_url(returned), GOOD, format="json").status_code == 404
    assert api().get(rating_url(returned)).status_code == 401


def test_bad_scores_and_open_dossiers(world, returned):
    client = api(world.users["citizen"])
    response = client.post(rating_url(returned), {**GOOD, "costs": 1}, format="json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "costs" in response.json()["errors"]
    dossier = world.submitted("2026-03-03 08:00")
    assert client.post(rating_url(dossier), GOOD, format="json").status_code == 400
    assert client.get(rating_url(dossier)).status_code == 404
    assert Rating.objects.count() == 0


def test_feedback_create_list_answer(world, returned):
    citizen = api(world.users["citizen"])
    created = citizen.post(
        "/api/v1/feedback/",
        {"kind": "report", "text": "Chờ quá lâu tại quầy", "dossier": returned.code},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["agency"] == world.commune.code and body["desk"] == world.commune_desk.code
    assert body["status"] == "received" and body["mine"] is True
    pk = body["id"]
    assert [f["id"] for f in citizen.get("/api/v1/feedback/").json()["results"]] == [pk]
    assert api(world.users["citizen2"]).get("/api/v1/feedback/").json()["results"] == []
    assert api(world.users["citizen2"]).get(f"/api/v1/feedback/{pk}/").status_code == 404
    officer = api(world.users["officer"])
    listed = officer.get("/api/v1/feedback/?status=received").json()["results"]
    assert [f["id"] for f in listed] == [pk] and listed[0]["mine"] is False
    assert (
        citizen.post(f"/api/v1/feedback/{pk}/answer/", {"answer": "Tự trả lời"}).status_code == 403
    )
    answered = officer.post(f"/api/v1/feedback/{pk}/answer/", {"answer": "Đã chấn chỉnh"})
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    again = officer.post(f"/api/v1/feedback/{pk}/answer/", {"answer": "Lần hai"})
    assert again.status_code == 400
    assert citizen.get(f"/api/v1/feedback/{pk}/").json()["answer"] == "Đã chấn chỉnh"


def test_feedback_bad_input(world, returned):
    citizen = api(world.users["citizen2"])
    assert (
        citizen.post(
            "/api/v1/feedback/", {"kind": "report", "text": "x" * 20, "dossier": returned.code}
        ).status_code
        == 404
    )
    response = citizen.post("/api/v1/feedback/", {"kind": "report", "text": "ngắn quá"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) >= {"text", "agency"}
    assert (
        citizen.post(
            "/api/v1/feedback/", {"kind": "report", "text": "x" * 20, "agency": "nope"}
        ).status_code
        == 400
    )
    assert api().post("/api/v1/feedback/", {"kind": "report"}).status_code == 401
    assert Feedback.objects.count() == 0
