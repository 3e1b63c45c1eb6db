import pytest

from motcua.agencies.policy import grant_role
from motcua.catalogue.models import AgencyProcedure, Procedure, Process, ProcessStep
from motcua.catalogue.services.importer import import_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", password="pw-Test-2025")
    client.force_login(user)
    return client


def test_changelists_render_and_search_is_folded(root, records):
    import_records(records)
    for model in (
        "field",
        "decision",
        "procedure",
        "procedureversion",
        "agencyprocedure",
        "process",
    ):
        assert root.get(f"/admin/catalogue/{model}/").status_code == 200
    page = root.get("/admin/catalogue/procedureversion/", {"q": "DANG KY KHAI SINH"})
    assert page.status_code == 200
    assert list(page.context["cl"].result_list.values_list("procedure__code", flat=True)) == [
        "1.001193"
    ]
    page = root.get("/admin/catalogue/procedure/", {"q": "khai tu luu dong"})
    assert [p.code for p in page.context["cl"].result_list] == ["1.000419"]
    version = Procedure.objects.get(code="1.001193").versions.get()
    assert root.get(f"/admin/catalogue/procedureversion/{version.pk}/change/").status_code == 200


def _process_form(agency, procedure, total, budgets):
    data = {
        "agency": agency.pk,
        "procedure": procedure.pk,
        "valid_from": "2025-07-01",
        "total": total,
        "unit": "working_days",
        "steps-TOTAL_FORMS": len(budgets),
        "steps-INITIAL_FORMS": 0,
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
    }
    for i, (position, budget) in enumerate(budgets):
        data.update(
            {
                f"steps-{i}-position": position,
                f"steps-{i}-name": f"Bước {i + 1}",
                f"steps-{i}-agency": agency.pk,
                f"steps-{i}-role": "specialist",
                f"steps-{i}-budget": budget,
            }
        )
    return data


def test_process_admin_uses_the_budget_rule(root, record, agencies):
    import_records([record("1.000419")])
    procedure = Procedure.objects.get()
    url = "/admin/catalogue/process/add/"
    page = root.post(url, _process_form(agencies["A"], procedure, 5, [(1, 1), (2, 3)]))
    assert page.status_code == 200 and not Process.objects.exists()
    errors = page.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert "4" in errors[0] and "5" in errors[0]
    page = root.post(url, _process_form(agencies["A"], procedure, 5, [(1, 1), (2, 4), (2, 2)]))
    assert page.status_code == 302
    process = Process.objects.get()
    assert (process.number, ProcessStep.objects.filter(process=process).count()) == (1, 3)
    change = root.get(f"/admin/catalogue/process/{process.pk}/change/")
    assert change.status_code == 200 and change.context["has_change_permission"] is False


def test_agency_lists_are_scoped(client, records, agencies, django_user_model):
    import_records(records)
    for agency, code in ((agencies["A"], "1.001193"), (agencies["B"], "1.000419")):
        AgencyProcedure.objects.create(agency=agency, procedure=Procedure.objects.get(code=code))
    staff = django_user_model.objects.create_user("admin-a", password="pw-Test-2025")
    grant_role(staff, agencies["A"], "administrator")
    client.force_login(staff)
    page = client.get("/admin/catalogue/agencyprocedure/")
    assert page.status_code == 200
    assert [row.agency for row in page.context["cl"].result_list] == [agencies["A"]]
