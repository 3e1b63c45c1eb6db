"""Search within one's agencies, and the leader's figures per unit."""

import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.services.engine import perform
from motcua.dossiers.services.intake import Applicant, prepare
from tests.dossiers.conftest import at
from tests.workspace.helpers import recent_in_process

pytestmark = pytest.mark.django_db


def found(client, q, **extra):
    response = client.get("/can-bo/tim-kiem/", {"q": q, **extra})
    assert response.status_code == 200
    return response.content.decode()


def test_search_by_code_name_citizen_id_and_phone(world, as_user):
    dossier = world.in_process()
    client = as_user("officer")
    for q in (
        dossier.code,
        dossier.code[:-2],  # the beginning of a code
        "Thị Ánh",
        "079190001234",
        "0901 234 567",
        "+84 901 234 567",
        "0901.234.567",
    ):
        assert f">{dossier.code}</a>" in found(client, q), q
    assert f">{dossier.code}</a>" not in found(client, "Trần Văn Bình")


def test_names_are_found_with_or_without_accents(world, as_user):
    dossier = world.in_process()
    decomposed = unicodedata.normalize("NFD", "Thị Ánh")
    for q in (decomposed, "thi anh", "NGUYEN THI ANH", "nguyễn thị"):
        assert f">{dossier.code}</a>" in found(as_user("officer"), q), q


def test_representative_is_found_too(world, as_user):
    dossier = world.receive(
        applicant=Applicant(
            name="Nguyễn Văn Ba", id_number="079190004321", representative_name="Lê Văn Tám"
        )
    )
    assert f">{dossier.code}</a>" in found(as_user("officer"), "Văn Tám")


def test_search_stays_within_the_users_agencies(world, as_user):
    dossier = world.in_process()
    assert f">{dossier.code}</a>" not in found(as_user("other_officer"), dossier.code)
    assert f">{dossier.code}</a>" not in found(as_user("other_officer"), "079190001234")


def test_bad_search_input_gets_a_message(world, as_user):
    client = as_user("officer")
    response = client.get("/can-bo/tim-kiem/", {"q": "x" * 300})
    assert response.status_code == 400
    response = client.get("/can-bo/tim-kiem/", {"q": "a\x00b"})
    assert response.status_code == 400
    response = client.get("/can-bo/tim-kiem/", {"unit": "NOPE", "state": "open"})
    assert response.status_code == 400
    response = client.get("/can-bo/tim-kiem/", {"state": "bogus"})
    assert response.status_code == 400


def test_search_results_do_no_query_per_row(world, as_user):
    client = as_user("officer")
    world.in_process()
    with CaptureQueriesContext(connection) as one:
        found(client, "Nguyễn")
    for hour in (10, 11, 13):
        world.in_process(f"2026-03-02 {hour:02d}:00")
    with CaptureQueriesContext(connection) as four:
        body = found(client, "Nguyễn")
    assert body.count("ws-row--") == 4
    assert len(four) == len(one)


def test_leader_figures_per_unit_in_one_grouped_query(world, as_user):
    late = world.in_process()  # March 2026: overdue
    fresh = recent_in_process(world)  # due in 3 working days
    world.act(
        fresh,
        "propose_apology",
        "specialist",
        fresh.events.order_by("-seq").first().at.astimezone().strftime("%Y-%m-%d %H:%M"),
        reason="Chờ xác minh",
        extend_by=2,
    )
    world.in_status("returned")  # finished: not counted
    other = prepare(world.intake(agency=world.other.code), at=at("2026-03-02 09:00"))
    perform(other, "receive", user=world.users["other_officer"], at=at("2026-03-02 09:00"))
    client = as_user("leader")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/can-bo/lanh-dao/")
    assert response.status_code == 200
    grouped = [q for q in queries if "GROUP BY" in q["sql"]]
    assert len(grouped) == 1
    body = response.content.decode()
    assert "UBND xã A" in body and "UBND xã B" not in body
    code = world.commune.code
    assert f'?unit={code}&amp;state=open">2</a>' in body
    assert f'?unit={code}&amp;state=overdue">1</a>' in body
    assert f'?unit={code}&amp;state=apology">1</a>' in body
    # Each number opens its list.
    overdue = client.get("/can-bo/tim-kiem/", {"unit": code, "state": "overdue"}).content.decode()
    assert f">{late.code}</a>" in overdue and f">{fresh.code}</a>" not in overdue
    apology = client.get("/can-bo/tim-kiem/", {"unit": code, "state": "apology"}).content.decode()
    assert f">{fresh.code}</a>" in apology and f">{late.code}</a>" not in apology


def test_leader_view_is_for_leaders(world, as_user):
    assert as_user("officer").get("/can-bo/lanh-dao/").status_code == 403
    assert as_user("admin").get("/can-bo/lanh-dao/").status_code == 200
