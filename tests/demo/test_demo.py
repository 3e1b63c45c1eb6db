import datetime
import re
import types
from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, Sum
from django.utils import timezone, translation

from motcua.agencies.codes import validate_agency_code
from motcua.agencies.models import Agency, AgencyMerge, Level, Role, StaffRole
from motcua.catalogue.models import AgencyProcedure, Channel, Procedure, Process
from motcua.demo.builders import run
from motcua.demo.builders.catalogue import split_budget
from motcua.demo.builders.dossiers import quotas
from motcua.dossiers.models import Dossier, Event
from motcua.dossiers.workflow import CLOSED, Status
from motcua.worktime.calendar import TZ

TODAY = datetime.date(2026, 11, 23)
DOSSIERS = 60
CREATING = {"create_draft", "receive", "request_completion", "refuse"}


@pytest.fixture
def demo_output(db, monkeypatch):
    """The demo run twice inside the test's transaction (rolled back afterwards), with a
    fixed "today" so that the dossiers are always the same."""
    monkeypatch.setattr(run, "timezone", types.SimpleNamespace(localdate=lambda: TODAY))
    with translation.override("en"):
        first, second = StringIO(), StringIO()
        call_command("demo", "--dossiers", str(DOSSIERS), stdout=first)
        counts = _counts()
        call_command("demo", "--dossiers", str(DOSSIERS), stdout=second)
    return first.getvalue(), second.getvalue(), counts


def _counts():
    return {
        "agencies": Agency.objects.count(),
        "assignments": AgencyProcedure.objects.count(),
        "processes": Process.objects.count(),
        "merges": AgencyMerge.objects.count(),
        "roles": StaffRole.objects.count(),
        "open": AgencyProcedure.objects.filter(valid_to__isnull=True).count(),
        "users": get_user_model().objects.count(),
        "dossiers": Dossier.objects.count(),
        "events": Event.objects.count(),
    }


def check_second_run_changes_nothing_and_prints_accounts(demo_output):
    first, second, counts = demo_output
    assert _counts() == counts
    assert "tp.quantri" in second and "saigon-motcua-Demo2025" in second
    assert f"{DOSSIERS} built in this run" in first
    assert f"already has {DOSSIERS}; none added" in second


def check_units(demo_output):
    for agency in Agency.objects.all():
        validate_agency_code(agency.code)
    communes = Agency.objects.filter(level=Level.COMMUNE, merged_into__isnull=True)
    assert communes.count() >= 10
    assert Agency.objects.filter(level=Level.DEPARTMENT).count() >= 8
    assert "ILLUSTRATIVE" in demo_output[0]
    # One desk per commune and the city's service centre.
    desks = Agency.objects.filter(is_desk=True)
    assert desks.count() == communes.count() + 1
    assert desks.filter(code="000.00.02.H29").exists()


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


def check_dossiers_in_every_status(demo_output):
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert Dossier.objects.count() == DOSSIERS
    assert set(Dossier.objects.values_list("channel", flat=True)) == set(Channel.values)
    assert Dossier.objects.filter(timeliness="late").exists()
    assert Dossier.objects.filter(timeliness="early").exists()
    assert Dossier.objects.filter(interlinked=True).exists()
    for status in Status:  # the command prints the count of every status, in its language
        labels = set()
        for language in ("vi", "en"):
            with translation.override(language):
                labels.add(str(status.label))
        assert any(label in demo_output[0] for label in labels), status


def check_event_logs_are_consistent(demo_output):
    cutoff = datetime.datetime.combine(TODAY, datetime.time(0), tzinfo=TZ)
    window = cutoff - datetime.timedelta(days=18 * 31 + 20)
    events = defaultdict(list)
    for event in Event.objects.order_by("dossier_id", "seq"):
        events[event.dossier_id].append(event)
    for dossier in Dossier.objects.all():
        log = events[dossier.pk]
        assert [e.seq for e in log] == list(range(1, len(log) + 1)), dossier
        assert log[0].action in CREATING and log[0].status_before == ""
        assert log[-1].status_after == dossier.status
        for before, after in zip(log, log[1:], strict=False):
            assert after.status_before == before.status_after
            assert before.at <= after.at
        assert window < log[0].at and log[-1].at < cutoff
        assert dossier.row_version == len(log)


def check_codes_are_unique_and_without_gaps(demo_output):
    numbers = defaultdict(list)
    for dossier in Dossier.objects.select_related("desk"):
        if dossier.status == Status.DRAFT:
            assert dossier.code is None
            continue
        first = dossier.events.exclude(action="create_draft").order_by("seq").first()
        day = timezone.localtime(first.at).date()
        match = re.fullmatch(
            rf"{re.escape(dossier.desk.code)}-{day:%y%m%d}-(\d{{4}})", dossier.code
        )
        assert match, dossier.code
        numbers[(dossier.desk_id, day)].append(int(match.group(1)))
    codes = list(Dossier.objects.exclude(code=None).values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    for sequence in numbers.values():
        assert sorted(sequence) == list(range(1, len(sequence) + 1))


def check_old_wards_closed_their_dossiers_before_the_reform(demo_output):
    reform = datetime.datetime(2025, 7, 1, tzinfo=TZ)
    old = Dossier.objects.filter(agency__level=Level.COMMUNE, agency__merged_into__isnull=False)
    for dossier in old:
        assert dossier.status in CLOSED and dossier.closed_at < reform, dossier
    new = Dossier.objects.filter(agency__merged_into__isnull=True).exclude(status=Status.DRAFT)
    assert not new.filter(created_at__lt=reform).exists()


def check_applicants(demo_output):
    for dossier in Dossier.objects.all():
        if dossier.applicant_kind == "person":
            assert re.fullmatch(r"\d{12}", dossier.applicant_id_number)
        else:
            assert re.fullmatch(r"\d{10}", dossier.applicant_tax_code)
        assert re.fullmatch(r"09\d{8}", dossier.applicant_phone)
        if dossier.channel == Channel.ONLINE:
            assert dossier.owner is not None
            # Only the demo's signed-in citizen ("congdan") has a password.
            assert dossier.owner.username == "congdan" or not dossier.owner.has_usable_password()


def test_split_budget():
    assert split_budget(Decimal("2")) == [Decimal("0.5")] * 4
    assert sum(split_budget(Decimal("7.5"))) == Decimal("7.5")
    assert split_budget(Decimal("1")) is None


def test_quotas_follow_the_mix_and_give_every_status():
    assert len(quotas(3000)) == 3000
    assert quotas(3000).count(Status.RETURNED) == 2121  # 70 of 99
    assert set(quotas(13)) == set(Status.values)
    assert len(quotas(5)) == 5


def test_demo_builds_and_is_idempotent(demo_output):
    """One demo build with 60 dossiers (about 25 s) checked from every side."""
    check_second_run_changes_nothing_and_prints_accounts(demo_output)
    check_units(demo_output)
    check_former_district_merged_on_reform_date(demo_output)
    check_catalogue(demo_output)
    check_process_budgets_sum_to_statutory_time(demo_output)
    check_every_role_has_an_account_at_province_and_commune(demo_output)
    check_dossiers_in_every_status(demo_output)
    check_event_logs_are_consistent(demo_output)
    check_codes_are_unique_and_without_gaps(demo_output)
    check_old_wards_closed_their_dossiers_before_the_reform(demo_output)
    check_applicants(demo_output)
