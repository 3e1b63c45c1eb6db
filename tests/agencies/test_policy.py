import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ValidationError

from motcua.agencies.models import Role
from motcua.agencies.policy import (
    agencies_in_scope,
    grant_role,
    group_name,
    has_role,
    revoke_role,
    sync_role_groups,
)
from motcua.agencies.services import merge_agency


def codes(queryset):
    return {agency.code for agency in queryset}


def test_anonymous_and_roleless_see_nothing(tree, make_user):
    assert not agencies_in_scope(AnonymousUser()).exists()
    assert not agencies_in_scope(make_user("nobody")).exists()


def test_superuser_sees_all(tree, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="x")
    assert agencies_in_scope(root).count() == 5


def test_role_covers_subtree_only(tree, make_user):
    user = make_user("leader")
    grant_role(user, tree["D"], Role.LEADER)
    assert codes(agencies_in_scope(user)) == {tree["D"].code, tree["V"].code}
    assert has_role(user, Role.LEADER, tree["V"])
    assert not has_role(user, Role.LEADER, tree["P"])
    assert not has_role(user, Role.OFFICER, tree["D"])


def test_multi_agency_user_gets_union_and_role_filter(tree, make_user):
    user = make_user("multi")
    grant_role(user, tree["V"], Role.SPECIALIST)
    grant_role(user, tree["A"], Role.OFFICER)
    assert codes(agencies_in_scope(user)) == {tree["V"].code, tree["A"].code}
    assert codes(agencies_in_scope(user, [Role.OFFICER])) == {tree["A"].code}
    assert codes(agencies_in_scope(user, [Role.LEADER])) == set()


def test_successor_staff_see_merged_predecessors(tree, make_user):
    user = make_user("b-leader")
    grant_role(user, tree["B"], Role.LEADER)
    merge_agency(tree["A"], tree["B"], datetime.date(2025, 7, 1))
    assert codes(agencies_in_scope(user)) == {tree["A"].code, tree["B"].code}
    assert has_role(user, Role.LEADER, tree["A"])


def test_grant_and_revoke_keep_staff_flag_and_groups(tree, make_user):
    user = make_user("staff")
    assert not user.is_staff
    grant_role(user, tree["A"], Role.OFFICER)
    grant_role(user, tree["B"], Role.OFFICER)
    user.refresh_from_db()
    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [group_name(Role.OFFICER)]
    assert user.has_perm("agencies.view_agency") and not user.has_perm("agencies.change_agency")
    assert revoke_role(user, tree["A"], Role.OFFICER)
    user.refresh_from_db()
    assert user.is_staff and user.groups.count() == 1
    revoke_role(user, tree["B"], Role.OFFICER)
    user.refresh_from_db()
    assert not user.is_staff and user.groups.count() == 0


def test_unknown_role_is_a_clear_error(tree, make_user):
    with pytest.raises(ValidationError, match="Unknown role"):
        grant_role(make_user("x"), tree["A"], "boss")


def test_groups_have_role_permissions(db):
    sync_role_groups()
    admin_perms = set(
        Group.objects.get(name=group_name(Role.ADMINISTRATOR)).permissions.values_list(
            "codename", flat=True
        )
    )
    assert {
        "add_agency",
        "change_agency",
        "add_staffrole",
        "change_process",
        "change_workschedule",
        "add_dayoverride",
    } <= admin_perms
    officer_perms = set(
        Group.objects.get(name=group_name(Role.OFFICER)).permissions.values_list(
            "codename", flat=True
        )
    )
    assert "view_agency" in officer_perms and "view_procedure" in officer_perms
    assert not any(p.startswith(("add_", "change_", "delete_")) for p in officer_perms)
    sync_role_groups()
    assert Group.objects.filter(name__startswith="motcua.").count() == len(Role)
