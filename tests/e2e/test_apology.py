"""In a real browser: a late dossier gets an apology letter and a new appointment.

ND 61/2018/NĐ-CP art. 19.9: at least 1 working day before the appointment the agency sends
an apology letter with a new appointment (form 04 of Circular 01/2018/TT-VPCP), approved by
a leader; the new appointment replaces the old one."""

import datetime

import pytest
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import Action
from tests.workspace.helpers import recent_in_process, take

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_apology_with_a_new_appointment(world, page, sign_in):
    dossier = recent_in_process(world)  # due in 3 working days: the appraisal will be late
    new_due = timezone.localtime(dossier.due_at + datetime.timedelta(days=7)).replace(
        hour=16, minute=30
    )

    sign_in(world.users["specialist"])
    page.goto(f"/can-bo/ho-so/{dossier.code}/")
    take(
        page,
        Action.PROPOSE_APOLOGY,
        reason="Chờ kết quả xác minh của cơ quan công an",
        new_due_at=new_due.strftime("%Y-%m-%dT%H:%M"),
    )

    sign_in(world.users["leader"])
    page.goto("/can-bo/?queue=apologies")
    page.locator("#queue").get_by_role("link", name=dossier.code).click()
    take(page, Action.APPROVE_APOLOGY)

    shown = new_due.strftime("%d/%m/%Y %H:%M")
    page.locator("[data-testid=appointment]").get_by_text(shown).wait_for()
    link = page.locator("a[data-form=apology]")
    assert link.get_attribute("target") == "_blank"
    with page.context.expect_page() as opened:
        link.click()
    pdf_page = opened.value
    assert pdf_page.url.endswith(f"/can-bo/ho-so/{dossier.code}/mau/apology/")
    response = page.request.get(pdf_page.url)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.due_at == new_due
    assert fresh.apology_count == 1
