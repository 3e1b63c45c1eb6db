"""Pages under /chi-so/, the API and `motcua indices`: thin doors over the same figures,
open to oversight, leader and administrator roles over the agency only."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from tests.indices.conftest import approved


@pytest.fixture
def resolved(world):
    return approved(world, "2026-03-02 09:00", "2026-03-02 10:00")


def test_page_shows_766_with_formula_inputs_rank_and_classification(
    client, world, overseer, resolved
):
    """QĐ 766/QĐ-TTg table with formula and inputs; TT 01/2018 art. 15.3.b classification."""
    client.force_login(overseer)
    response = client.get("/chi-so/", {"agency": world.commune.code, "period": "2026-Q1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "20 × " in page  # the timeliness formula next to its value
    assert "Hạng 1 trên 2" in page
    assert "Xếp loại" in page
    assert "Chưa hỗ trợ" in page  # unsupported components are marked
    english = client.get("/en/chi-so/", {"agency": world.commune.code, "period": "2026-Q1"})
    assert "Rank 1 of 2" in english.content.decode()


def test_page_refuses_bad_period_and_unseen_agency(client, world, overseer):
    client.force_login(overseer)
    bad = client.get("/chi-so/", {"agency": world.commune.code, "period": "2026-Q9"})
    assert bad.status_code == 200
    assert "quý" in bad.content.decode()
    client.force_login(world.users["leader"])  # leader of commune A only
    assert client.get("/chi-so/", {"agency": world.other.code}).status_code == 404
    assert client.get("/chi-so/", {"agency": world.commune.code}).status_code == 200
    client.force_login(world.users["officer"])  # an officer holds no oversight role
    assert client.get("/chi-so/").status_code == 404
    client.logout()
    assert client.get("/chi-so/").status_code == 302


def test_api(world, overseer, resolved):
    """TT 01/2018 art. 13-15 and QĐ 766/QĐ-TTg through /api/v1/indices/…"""
    api = APIClient()
    api.force_authenticate(overseer)
    query = {"agency": world.commune.code, "period": "2026-Q1"}
    body = api.get("/api/v1/indices/circular01", query).json()
    assert body["indices"][0]["number"] == 1 and body["indices"][0]["score"] == 2.0
    assert body["indices"][4]["supported"] is False
    assert body["classification"] == "weak"
    body = api.get("/api/v1/indices/decision766", query).json()
    assert body["rank"] == 1 and body["of"] == 2
    timeliness = next(c for c in body["components"] if c["key"] == "timeliness")
    assert timeliness["points"] == 20.0 and timeliness["inputs"]["on_time"] == 1
    body = api.get("/api/v1/indices/ranking", query).json()
    assert [row["agency"]["code"] for row in body["rows"]][0] == world.commune.code
    body = api.get("/api/v1/indices/circular01", {"dossier": resolved.code}).json()
    assert body["indices"][0]["score"] == 2
    assert api.get("/api/v1/indices/decision766", {**query, "period": "x"}).status_code == 400
    assert api.get("/api/v1/indices/decision766", {"period": "2026"}).status_code == 400
    leader = APIClient()
    leader.force_authenticate(world.users["leader"])
    assert (
        leader.get("/api/v1/indices/ranking", {**query, "agency": world.other.code}).status_code
        == 404
    )
    assert leader.get("/api/v1/indices/circular01", {"dossier": "nope"}).status_code == 404
    assert APIClient().get("/api/v1/indices/circular01", query).status_code == 401


def test_catalogue_figures_api_is_public(world):
    body = (
        APIClient()
        .get("/api/v1/catalogue/figures", {"agency": world.commune.code, "period": "2026-Q1"})
        .json()
    )
    assert body["in_force"]["commune"] == 1
    assert body["simplified"] == 0
    assert APIClient().get("/api/v1/catalogue/figures", {"on": "bad"}).status_code == 400
    assert APIClient().get("/api/v1/catalogue/figures", {"agency": "none"}).status_code == 400


def test_command(world, resolved):
    out = StringIO()
    call_command(
        "indices", "decision766", "--agency", world.commune.code, "--period", "2026-Q1", stdout=out
    )
    assert "20.00 / 20" in out.getvalue()
    out = StringIO()
    call_command(
        "indices", "circular01", "--agency", world.commune.code, "--period", "2026-03", stdout=out
    )
    assert "1. " in out.getvalue()
    out = StringIO()
    call_command(
        "indices", "ranking", "--agency", world.commune.code, "--period", "2026", stdout=out
    )
    assert out.getvalue().startswith("1. UBND xã A")
    out = StringIO()
    call_command("indices", "dossier", resolved.code, stdout=out)
    assert out.getvalue().startswith("1. ")
    out = StringIO()
    call_command(
        "indices", "catalogue", "--agency", world.commune.code, "--period", "2026-Q1", stdout=out
    )
    assert "commune 1" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("indices", "decision766", "--agency", world.commune.code, "--period", "bad")
