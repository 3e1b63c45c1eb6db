"""In a real browser: the officer transfers, the specialist completes the appraisal, the
leader approves and the officer returns the result, all through the workspace pages."""

import pytest

from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import Action, Status
from tests.workspace.helpers import status_is, take, vi

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_dossier_from_transfer_to_return(world, page, sign_in):
    dossier = world.receive()

    sign_in(world.users["officer"])
    page.goto("/can-bo/")
    page.get_by_role("link", name=vi("To transfer")).click()
    page.locator("#queue").get_by_role("link", name=dossier.code).click()
    page.get_by_role("heading", level=1, name=dossier.code).wait_for()
    take(page, Action.TRANSFER)
    status_is(page, Status.IN_PROCESS)

    sign_in(world.users["specialist"])
    page.goto("/can-bo/?queue=process")
    page.locator("#queue").get_by_role("link", name=dossier.code).click()
    take(page, Action.COMPLETE_STEP, note="Đủ điều kiện đăng ký khai sinh")

    sign_in(world.users["leader"])
    page.goto("/can-bo/?queue=approve")
    page.locator("#queue").get_by_role("link", name=dossier.code).click()
    take(page, Action.APPROVE, result="Giấy khai sinh bản chính", result_number="15/2026")
    status_is(page, Status.RESULT_READY)

    sign_in(world.users["officer"])
    page.goto("/can-bo/?queue=return")
    page.locator("#queue").get_by_role("link", name=dossier.code).click()
    take(page, Action.RETURN, method="counter")
    status_is(page, Status.RETURNED)

    final = Dossier.objects.get(pk=dossier.pk)
    assert final.status == Status.RETURNED
    assert list(final.events.order_by("seq").values_list("action", "actor__username")) == [
        ("receive", "officer"),
        ("transfer", "officer"),
        ("complete_step", "specialist"),
        ("approve", "leader"),
        ("return", "officer"),
    ]
