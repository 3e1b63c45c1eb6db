"""Closing a dossier without a result: stop, withdrawal, refusal at reception."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.dossiers.models import Dossier, DossierCounter, Event, Notice, Regime
from motcua.dossiers.regime import form_title
from motcua.dossiers.services.engine import perform
from motcua.dossiers.workflow import CLOSED, TABLE, Action, Form, Status, actions_from
from tests.dossiers.conftest import at

STOP = {"reason": "Người yêu cầu đã chết trước khi có kết quả"}


def test_a_stop_notice_exists_only_under_the_2025_regime():
    """Circular 03/2025 adds form 05 "Thông báo dừng giải quyết hồ sơ"; Circular 01/2018
    has no such form (its 05 is the control slip)."""
    assert form_title(Regime.R2018, Form.STOP) is None
    assert form_title(Regime.R2025, Form.STOP).number == "05"
    assert form_title(Regime.R2018, Form.CONTROL_SLIP).number == "05"
    assert form_title(Regime.R2025, Form.CONTROL_SLIP).number == "06"
    assert form_title(Regime.R2025, Form.APOLOGY).title.startswith("VĂN BẢN XIN LỖI")
    assert form_title(Regime.R2018, Form.APOLOGY).title.startswith("PHIẾU XIN LỖI")


def test_stop_under_the_2025_regime_issues_form_05(world):
    """Decree 118/2025 and Circular 03/2025 form 05: the stop closes the dossier with a
    reason and a notice to the applicant."""
    dossier = world.in_process("2026-03-02 09:00")
    dossier = world.act(dossier, "stop", "leader", "2026-03-03 10:00", **STOP)
    assert dossier.regime == Regime.R2025
    assert dossier.status == Status.STOPPED
    assert dossier.national_status == 8
    assert dossier.closed_at == at("2026-03-03 10:00")
    assert dossier.finished_at is None and dossier.timeliness == ""
    event = dossier.events.last()
    assert (event.form, event.reason) == ("stop", STOP["reason"])
    assert set(dossier.steps.values_list("status", flat=True)) == {"done", "skipped"}
    assert Notice.objects.filter(dossier=dossier, kind="stopped").exists()


def test_stop_under_the_2018_regime_has_no_form(world):
    """Circular 01/2018 has no stop notice: the event records no form."""
    dossier = world.in_process("2025-06-02 09:00")
    dossier = world.act(dossier, "stop", "leader", "2025-06-03 10:00", **STOP)
    assert dossier.regime == Regime.R2018
    assert dossier.status == Status.STOPPED
    assert dossier.events.last().form == ""


def test_only_a_leader_stops_with_a_reason(world):
    """Decree 118/2025 (form 05): the stop notice states its reasons; a leader signs it."""
    dossier = world.in_process()
    for who in ("specialist", "officer", "other_leader"):
        with pytest.raises(PermissionDenied):
            world.act(dossier, "stop", who, "2026-03-03 10:00", **STOP)
    with pytest.raises(ValidationError):
        world.act(dossier, "stop", "leader", "2026-03-03 10:00")


def test_a_leader_stops_a_dossier_still_at_the_desk(world):
    """A dossier may be stopped before it reaches the department."""
    dossier = world.act(world.receive(), "stop", "leader", "2026-03-02 10:00", **STOP)
    assert dossier.status == Status.STOPPED


def test_the_owner_withdraws_without_giving_a_reason(world):
    """domain.md §3: withdrawal at the applicant's request closes the dossier (national 7)."""
    dossier = world.act(world.submitted(), "accept", "officer", "2026-03-02 09:00")
    dossier = world.act(dossier, "transfer", "officer", "2026-03-02 09:30")
    with pytest.raises(PermissionDenied):
        world.act(dossier, "withdraw", "citizen2", "2026-03-02 20:00")
    dossier = world.act(dossier, "withdraw", "citizen", "2026-03-02 20:00")
    assert dossier.status == Status.WITHDRAWN
    assert dossier.national_status == 7
    assert dossier.closed_at == at("2026-03-02 20:00")
    event = dossier.events.last()
    assert (event.role, event.actor, event.actor_name) == (
        "applicant",
        world.users["citizen"],
        "Nguyễn Thị Ánh",
    )
    assert Notice.objects.filter(dossier=dossier, kind="withdrawn").exists()


def test_an_officer_withdraws_on_the_applicants_written_request(world):
    """domain.md §3: withdrawal at the applicant's request, recorded with a reason."""
    dossier = world.in_process()
    with pytest.raises(ValidationError) as raised:
        world.act(dossier, "withdraw", "officer", "2026-03-03 10:00")
    assert "reason" in raised.value.message_dict
    for who in ("other_officer", "specialist"):
        with pytest.raises(PermissionDenied):
            world.act(dossier, "withdraw", who, "2026-03-03 10:00", reason="Đơn ngày 3/3")
    dossier = world.act(dossier, "withdraw", "officer", "2026-03-03 10:00", reason="Đơn ngày 3/3")
    assert dossier.status == Status.WITHDRAWN
    assert dossier.events.last().reason == "Đơn ngày 3/3"


def test_a_withdrawn_draft_never_gets_a_code(world):
    """ND 61/2018 art. 17.3 and 26: a code is given to a dossier handed in; a draft the
    applicant drops was never submitted, takes no number of the day and is not reported
    to the national portal."""
    draft = world.draft("2026-03-02 08:00")
    dossier = world.act(draft, "withdraw", "citizen", "2026-03-02 08:30")
    assert dossier.status == Status.WITHDRAWN
    assert dossier.code is None
    assert dossier.national_status is None
    assert not DossierCounter.objects.exists()
    assert world.receive("2026-03-02 09:00").code.endswith("-0001")


def test_a_withdrawn_submission_keeps_its_code(world):
    """ND 61/2018 art. 26: a code once given stays with the dossier."""
    dossier = world.act(world.submitted(), "withdraw", "citizen", "2026-03-02 08:30")
    assert dossier.code.endswith("-260302-0001")
    assert dossier.national_status == 7


def test_refusal_at_reception_closes_the_dossier(world):
    """ND 61/2018 art. 17.1.b and form 03: refused with reasons; national status 3."""
    dossier = world.in_status(Status.REFUSED)
    assert dossier.status == Status.REFUSED
    assert dossier.national_status == 3
    assert dossier.closed_at == at("2026-03-02 09:00")
    assert dossier.received_at is None and dossier.due_at is None
    assert not dossier.steps.exists()
    event = Event.objects.get(dossier=dossier)
    assert (event.action, event.form, event.status_before) == ("refuse", "refusal", "")


@pytest.mark.parametrize("status", sorted(CLOSED))
def test_a_closed_dossier_accepts_no_further_action(world, status):
    """domain.md §3: refusal, stop, withdrawal and return close the dossier."""
    dossier = world.in_status(status)
    assert actions_from(status) == []
    version = dossier.row_version
    for action in Action:
        if None in TABLE[action].sources:
            continue
        with pytest.raises(ValidationError):
            perform(
                dossier,
                action,
                user=world.users["admin"],
                at=at("2026-03-05 09:00"),
                reason="x",
            )
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert (fresh.row_version, fresh.status) == (version, status)
