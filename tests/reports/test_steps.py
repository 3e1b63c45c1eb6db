"""Timeliness of the work per department and per officer (issue 6 §1): each finished step
judged against its own due instant (domain.md §4; the control slip of Circular 01/2018
form 05 judges each handover the same way)."""

import datetime

import pytest
from rest_framework.test import APIClient

from motcua.agencies.models import Role, StaffRole
from motcua.reports.steps import step_timeliness

pytestmark = pytest.mark.django_db


def _worked(world):
    """Reception 09:00, transfer 09:30 (step 1 on time), appraisal done the same day
    (ahead of its day), approval 3 working days later (behind)."""
    dossier = world.in_process("2026-03-02 09:00")
    dossier = world.act(dossier, "complete_step", "specialist", "2026-03-02 15:00")
    return world.act(dossier, "approve", "leader", "2026-03-09 10:00")


def test_steps_per_department_and_per_officer(world):
    _worked(world)
    first, last = datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)
    by_agency = step_timeliness(world.province, first, last, "agency")
    rows = {r["key"]: r for r in by_agency["rows"]}
    desk, commune = rows[world.commune_desk.code], rows[world.commune.code]
    assert (desk["total"], commune["total"]) == (1, 2)
    assert commune["ahead"] + commune["on_time"] + commune["behind"] == 2
    assert commune["behind"] == 1  # the approval, due by 04/3, done on 09/3
    assert by_agency["total"]["total"] == 3
    officers = step_timeliness(world.province, first, last, "officer")["rows"]
    by_officer = {r["key"]: r for r in officers}
    assert set(by_officer) == {"officer", "specialist", "leader"}
    assert by_officer["leader"]["behind"] == 1 and by_officer["leader"]["on_time_rate"] == 0.0
    # Outside the period: nothing.
    april = (datetime.date(2026, 4, 1), datetime.date(2026, 4, 30))
    later = step_timeliness(world.province, *april)
    assert later["rows"] == [] and later["total"]["total"] == 0


def test_the_api_and_who_may_see_it(world, django_user_model):
    _worked(world)
    watcher = django_user_model.objects.create_user("watcher", password="pw-Test-2025")
    StaffRole.objects.create(user=watcher, agency=world.commune, role=Role.OVERSIGHT)
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(watcher)
    url = "/api/v1/reports/steps/"
    query = {"agency": world.commune.code, "from": "2026-03-01", "to": "2026-03-31"}
    body = client.get(url, {**query, "group_by": "officer"}).json()
    # The commune's subtree includes its one-stop desk: the officer's transfer counts too.
    assert {r["key"] for r in body["rows"]} == {"officer", "specialist", "leader"}
    assert set(body["total"]) == {
        "key",
        "label",
        "ahead",
        "on_time",
        "behind",
        "total",
        "on_time_rate",
    }
    assert client.get(url, {**query, "group_by": "procedure"}).status_code == 400
    assert client.get(url, {**query, "agency": world.other.code}).status_code == 404
    client.force_authenticate(world.users["specialist"])
    assert client.get(url, query).status_code == 404
