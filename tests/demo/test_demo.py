import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from django.utils import translation

from motcua.agencies.codes import validate_agency_code
from motcua.agencies.models import Agency, AgencyMerge, Level, Role, StaffRole
from motcua.catalogue.models import AgencyProcedure, Procedure, Process
from motcua.demo.builders.catalogue import split_budget


@pytest.fixture
def demo_output(db):
    """The demo run twice inside the test's transaction (rolled back afterwards)."""
    with translation.override("en"):
        first, second = StringIO(), StringIO()
        call_command("demo", stdout=first)
        counts = _counts()
        call_command("demo", stdout=second)
    return first.getvalue(), second.getvalue(), counts


def _counts():
    return {
        "agencies": Agency.objects.count(),
        "assignments": AgencyProcedure.objects.count(),
        "processes": Process.objects.count(),
        "merges": AgencyMerge.objects.count(),
        "roles": StaffRole.objects.count(),
        "open": AgencyProcedure.objects.filter(valid_to__isnull=True).count(),
    }


def check_second_run_changes_nothing_and_prints_accounts(demo_output):
    first, second, counts = demo_output
    assert _counts() == counts
    assert "tp.quantri" in second and "saigon-motcua-Demo2025" in second


def check_units(demo_output):
    for agency in Agency.objects.all():
        validate_agency_code(agency.code)
    communes = Agency.objects.filter(level=Level.COMMUNE, merged_into__isnull=True)
    assert communes.count() >= 10
    assert Agency.objects.filter(level=Level.DEPARTMENT).count() >= 8
    assert "ILLUSTRATIVE" in demo_output[0]


def check_former_district_merged_on_reform_date(demo_output):
    district = Agency.objects.get(level=Level.DISTRICT)
    assert district.valid_to == datetime.date(2025, 6, 30)
    old_wards = Agency.objects.filter(parent=district)
    assert old_wards.count() == 10
    assert not old_wards.filter(merged_into__isnull=True).exists()
    assert set(AgencyMerge.objects.values_list("effective_date", flat=True)) == {
        datetime.date(2025, 7, 1)
    }
    assert not AgencyProcedure.objects.filter(agency__in=old_wards, valid_to__isnull=True).exists()


def check_catalogue(demo_output):
    assert Procedure.objects.count() >= 40
    for code in ("1.001193", "1.000894", "1.001612"):
        assert Procedure.objects.filter(code=code).exists()
    per_commune = (
        AgencyProcedure.objects.filter(agency__level=Level.COMMUNE, valid_to__isnull=True)
        .values("agency")
        .annotate(n=Count("id"))
    )
    assert len(per_commune) >= 10 and len({row["n"] for row in per_commune}) == 1
    assert AgencyProcedure.objects.filter(agency__level=Level.DEPARTMENT).count() >= 20


def check_process_budgets_sum_to_statutory_time(demo_output):
    # Domain.md §4: step budgets of a process sum to the whole; half days allowed.
    processes = Process.objects.annotate(spent=Sum("steps__budget"))
    assert processes.count() > 100
    for process in processes:
        assert process.spent == process.total
        roles = list(process.steps.order_by("position").values_list("role", flat=True))
        assert roles == [Role.OFFICER, Role.SPECIALIST, Role.LEADER, Role.OFFICER]


def check_every_role_has_an_account_at_province_and_commune(demo_output):
    for level in (Level.PROVINCE, Level.COMMUNE):
        roots = Agency.objects.filter(level=level, merged_into__isnull=True)
        held = set()
        for root in roots:
            held |= set(
                StaffRole.objects.filter(agency__path__startswith=root.path).values_list(
                    "role", flat=True
                )
            )
        assert held == set(Role.values), level


def test_split_budget():
    assert split_budget(Decimal("2")) == [Decimal("0.5")] * 4
    assert sum(split_budget(Decimal("7.5"))) == Decimal("7.5")
    assert split_budget(Decimal("1")) is None


def test_demo_builds_and_is_idempotent(demo_output):
    """One demo build (about 20 s) checked from every side."""
    check_second_run_changes_nothing_and_prints_accounts(demo_output)
    check_units(demo_output)
    check_former_district_merged_on_reform_date(demo_output)
    check_catalogue(demo_output)
    check_process_budgets_sum_to_statutory_time(demo_output)
    check_every_role_has_an_account_at_province_and_commune(demo_output)
