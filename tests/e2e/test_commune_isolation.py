"""In a real browser: an officer of commune B can neither open nor find commune A's dossier."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _search(page, text: str) -> None:
    page.goto("/can-bo/tim-kiem/")
    page.get_by_role("searchbox").fill(text)
    page.get_by_role("button", name="Tìm kiếm").click()
    page.locator("#search-results").get_by_role("heading").wait_for()
    page.wait_for_load_state("networkidle")


def test_another_communes_dossier_is_out_of_reach(world, page, sign_in):
    dossier = world.in_process()

    sign_in(world.users["officer"])  # commune A: the control
    _search(page, dossier.code)
    page.locator("#search-results").get_by_role("link", name=dossier.code).wait_for()

    sign_in(world.users["other_officer"])
    response = page.goto(f"/can-bo/ho-so/{dossier.code}/")
    assert response.status == 404
    _search(page, dossier.code)
    assert page.locator("#search-results").get_by_role("link", name=dossier.code).count() == 0
    _search(page, "079190001234")
    assert page.locator("#search-results").get_by_role("link", name=dossier.code).count() == 0
