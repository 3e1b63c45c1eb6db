import datetime

import pytest

from motcua.agencies.models import Agency, Role, StaffRole
from motcua.agencies.policy import grant_role


@pytest.fixture
def commune_admin(tree, make_user, client):
    user = make_user("a-admin")
    grant_role(user, tree["A"], Role.ADMINISTRATOR)
    client.force_login(user)
    return user


def test_admin_changelist_is_scoped(tree, commune_admin, client):
    response = client.get("/admin/agencies/agency/")
    assert response.status_code == 200
    body = response.content.decode()
    assert tree["A"].code in body and tree["D"].code not in body
    assert client.get(f"/admin/agencies/agency/{tree['D'].pk}/change/").status_code in (302, 404)


def test_admin_parent_choices_limited(tree, commune_admin, client):
    response = client.get("/admin/agencies/agency/add/")
    choices = {a.pk for a in response.context["adminform"].form.fields["parent"].queryset}
    assert choices == {tree["A"].pk}


def test_admin_cannot_create_outside_scope(tree, commune_admin, client):
    response = client.post(
        "/admin/agencies/agency/add/",
        {"code": "000.02.03.H51", "name": "Lạ", "level": "division", "parent": tree["D"].pk},
    )
    assert response.status_code == 200  # form redisplayed with an error
    assert not Agency.objects.filter(code="000.02.03.H51").exists()
    response = client.post(
        "/admin/agencies/agency/add/",
        {"code": "000.01.70.H51", "name": "Văn phòng", "level": "division", "parent": tree["A"].pk},
    )
    assert response.status_code == 302
    created = Agency.objects.get(code="000.01.70.H51")
    assert created.path == f"{tree['A'].path}{created.pk}/"


def test_admin_merge_action(tree, django_user_model, client):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    response = client.post(
        "/admin/agencies/agency/",
        {
            "action": "merge_into",
            "_selected_action": [tree["A"].pk],
            "apply": "1",
            "target": tree["B"].pk,
            "effective_date": "2025-07-01",
            "legal_basis": "NQ",
        },
    )
    assert response.status_code == 302
    tree["A"].refresh_from_db()
    assert tree["A"].merged_into == tree["B"]
    # A refused merger is a message, not an error page.
    response = client.post(
        "/admin/agencies/agency/",
        {
            "action": "merge_into",
            "_selected_action": [tree["D"].pk],
            "apply": "1",
            "target": tree["V"].pk,
            "effective_date": "2025-07-01",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert tree["D"].merged_into is None


def test_staffrole_admin_grants_through_policy(tree, commune_admin, make_user, client):
    newcomer = make_user("newcomer")
    response = client.post(
        "/admin/agencies/staffrole/add/",
        {"user": newcomer.pk, "agency": tree["A"].pk, "role": "officer"},
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.is_staff
    response = client.post(
        "/admin/agencies/staffrole/add/",
        {"user": newcomer.pk, "agency": tree["P"].pk, "role": "leader"},
    )
    assert response.status_code == 200
    assert not StaffRole.objects.filter(agency=tree["P"]).exists()


def test_user_admin_hides_superusers(tree, commune_admin, django_user_model, client):
    root = django_user_model.objects.create_superuser("root", password="x")
    response = client.get("/admin/auth/user/")
    assert response.status_code == 200
    assert "a-admin" in response.content.decode()
    assert client.get(f"/admin/auth/user/{root.pk}/change/").status_code in (302, 404)


def test_api_requires_login(client, tree):
    assert client.get("/api/v1/agencies/").status_code in (401, 403)
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_api_lists_scope_and_filters(tree, make_user, client):
    user = make_user("leader")
    grant_role(user, tree["D"], Role.LEADER)
    grant_role(user, tree["A"], Role.OFFICER)
    client.force_login(user)
    data = client.get("/api/v1/agencies/").json()
    assert {a["code"] for a in data["results"]} == {tree[k].code for k in "DVA"}
    data = client.get("/api/v1/agencies/", {"level": "division"}).json()
    assert [a["code"] for a in data["results"]] == [tree["V"].code]
    data = client.get("/api/v1/agencies/", {"parent": tree["D"].code}).json()
    assert [a["code"] for a in data["results"]] == [tree["V"].code]
    assert client.get("/api/v1/agencies/", {"level": "galaxy"}).status_code == 400
    detail = client.get(f"/api/v1/agencies/{tree['V'].code}/")
    assert detail.status_code == 200 and detail.json()["parent"] == tree["D"].code
    assert client.get(f"/api/v1/agencies/{tree['B'].code}/").status_code == 404
    me = client.get("/api/v1/me/").json()
    assert me["username"] == "leader"
    assert {(r["role"], r["agency"]) for r in me["roles"]} == {
        ("leader", tree["D"].code),
        ("officer", tree["A"].code),
    }


def test_api_date_fields(tree, make_user, client):
    user = make_user("b")
    grant_role(user, tree["B"], Role.OFFICER)
    client.force_login(user)
    assert client.get(f"/api/v1/agencies/{tree['B'].code}/").json()["valid_from"] == str(
        datetime.date(2025, 7, 1)
    )
