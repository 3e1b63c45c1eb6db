"""In a real browser, staff of every role log into /admin/ and see only their agencies."""

import pytest

from motcua.agencies.models import Level, Role
from motcua.agencies.policy import grant_role, sync_role_groups
from motcua.agencies.services import create_agency

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "e2e-Password-2025"


@pytest.fixture
def units(django_user_model):
    sync_role_groups()
    city = create_agency(code="000.00.00.H29", name="UBND Thành phố", level=Level.PROVINCE)
    justice = create_agency(
        code="000.00.03.H29", name="Sở Tư pháp", level=Level.DEPARTMENT, parent=city
    )
    civil = create_agency(
        code="000.01.03.H29",
        name="Phòng Hành chính tư pháp",
        level=Level.DIVISION,
        parent=justice,
    )
    ward = create_agency(
        code="000.00.70.H29", name="UBND phường Sài Gòn", level=Level.COMMUNE, parent=city
    )
    other = create_agency(
        code="000.00.71.H29", name="UBND phường Tân Định", level=Level.COMMUNE, parent=city
    )
    return {"city": city, "justice": justice, "civil": civil, "ward": ward, "other": other}


# role, agency key, agencies that must be listed, agencies that must not
CASES = [
    (Role.ADMINISTRATOR, "city", {"city", "justice", "civil", "ward", "other"}),
    (Role.OVERSIGHT, "ward", {"ward"}),
    (Role.LEADER, "justice", {"justice", "civil"}),
    (Role.SPECIALIST, "civil", {"civil"}),
    (Role.OFFICER, "other", {"other"}),
]


@pytest.mark.parametrize("role,at,visible", CASES, ids=[case[0] for case in CASES])
def test_each_role_sees_only_its_agencies(page, units, django_user_model, role, at, visible):
    user = django_user_model.objects.create_user(username=f"u-{role}", password=PASSWORD)
    grant_role(user, units[at], role)
    page.goto("/admin/login/?next=/admin/agencies/agency/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/agencies/agency/")
    table = page.locator("#result_list").inner_text()
    for key, agency in units.items():
        if key in visible:
            assert agency.code in table, (role, key)
        else:
            assert agency.code not in table, (role, key)
    can_add = page.locator("a.addlink").count() > 0
    assert can_add == (role == Role.ADMINISTRATOR)
