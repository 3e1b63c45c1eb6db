"""The operator's commands for mergers and roles call the same services as the admin."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from motcua.agencies.models import Agency, Level, Role
from motcua.agencies.policy import agencies_in_scope
from motcua.agencies.services import create_agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    province = create_agency(code="000.00.00.H29", name="UBND tỉnh", level=Level.PROVINCE)
    old = create_agency(
        code="000.00.31.H29", name="UBND xã cũ", level=Level.COMMUNE, parent=province
    )
    new = create_agency(
        code="000.00.32.H29", name="UBND xã mới", level=Level.COMMUNE, parent=province
    )
    return province, old, new


def test_merge_command_closes_the_source(units):
    _, old, new = units
    call_command("merge_agency", old.code, new.code, "--date", "2025-07-01")
    old.refresh_from_db()
    assert old.merged_into == new
    assert old.valid_to == datetime.date(2025, 6, 30)


def test_merge_command_refuses_bad_input_and_changes_nothing(units):
    _, old, new = units
    with pytest.raises(CommandError):
        call_command("merge_agency", old.code, "000.00.99.H29", "--date", "2025-07-01")
    with pytest.raises(CommandError):
        call_command("merge_agency", old.code, new.code, "--date", "1/7/2025")
    with pytest.raises(CommandError):
        call_command("merge_agency", old.code, old.code, "--date", "2025-07-01")
    assert Agency.objects.get(pk=old.pk).merged_into is None


def test_grant_and_revoke_role_command(units):
    province, old, _ = units
    user = get_user_model().objects.create_user("canbo", password="x-Secret-2025")
    call_command("grant_role", "canbo", old.code, Role.OFFICER)
    assert list(agencies_in_scope(user)) == [old]
    call_command("grant_role", "canbo", old.code, Role.OFFICER, "--revoke")
    assert not agencies_in_scope(user).exists()
    with pytest.raises(CommandError):
        call_command("grant_role", "nobody", old.code, Role.OFFICER)
