"""The appointment clock: supplements restart it, fees pause it, pauses are given back."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.dossiers.models import ClockPause, Dossier, Notice
from motcua.dossiers.services.engine import perform
from motcua.dossiers.workflow import Status
from motcua.worktime.services import calendar_for
from tests.dossiers.conftest import at

MISSING = {"reason": "Hồ sơ chưa đủ điều kiện", "missing": ["Giấy xác nhận cư trú"]}


def _steps(dossier):
    return list(dossier.steps.filter(parent=None).order_by("stage", "id"))


# --- supplement after appraisal --------------------------------------------------------------


def test_a_supplement_is_asked_within_3_working_days_of_reception(world):
    """ND 61/2018 art. 19.4: the notice asking for a supplement comes no later than 3 working
    days after reception. Received Mon 2/3 09:00: the window closes Thu 5/3 11:30."""
    dossier = world.in_process("2026-03-02 09:00")
    with pytest.raises(ValidationError) as raised:
        world.act(dossier, "request_supplement", "specialist", "2026-03-05 11:31", **MISSING)
    assert raised.value.code == "supplement_window"
    dossier = world.act(dossier, "request_supplement", "specialist", "2026-03-05 11:30", **MISSING)
    assert dossier.status == Status.SUPPLEMENT
    assert dossier.national_status == 5
    assert dossier.paused_since == at("2026-03-05 11:30")
    assert dossier.supplement_count == 1
    event = dossier.events.last()
    assert event.form == "supplement"
    assert event.data["missing"] == ["Giấy xác nhận cư trú"]
    assert event.data["deadline"] == at("2026-03-05 11:30").isoformat()
    pause = ClockPause.objects.get(dossier=dossier)
    assert (pause.kind, pause.started_at, pause.ended_at) == (
        "supplement",
        dossier.paused_since,
        None,
    )
    assert Notice.objects.filter(dossier=dossier, kind="supplement").exists()


def test_a_supplement_request_lists_what_is_missing(world):
    """ND 61/2018 art. 19.4 and form 02: the notice states what must be supplemented."""
    dossier = world.in_process()
    with pytest.raises(ValidationError) as raised:
        world.act(dossier, "request_supplement", "specialist", "2026-03-02 10:00", reason="Thiếu")
    assert "missing" in raised.value.message_dict
    with pytest.raises(PermissionDenied):
        world.act(dossier, "request_supplement", "officer", "2026-03-02 10:00", **MISSING)


def test_the_time_restarts_from_zero_when_the_supplement_is_received(world):
    """ND 61/2018 art. 19.4: "Thời hạn giải quyết được tính lại từ đầu sau khi nhận đủ hồ sơ".
    Supplement received Mon 9/3 09:00: 3 working days from then is Thu 12/3 11:30."""
    dossier = world.in_process("2026-03-02 09:00")
    dossier = world.act(dossier, "request_supplement", "specialist", "2026-03-03 10:00", **MISSING)
    with pytest.raises(PermissionDenied):
        world.act(dossier, "receive_supplement", "specialist", "2026-03-09 09:00")
    dossier = world.act(dossier, "receive_supplement", "officer", "2026-03-09 09:00")
    assert dossier.status == Status.IN_PROCESS
    assert dossier.clock_started_at == at("2026-03-09 09:00")
    assert dossier.due_at == at("2026-03-12 11:30")
    assert dossier.original_due_at == at("2026-03-05 11:30")
    assert dossier.received_at == at("2026-03-02 09:00")
    assert dossier.paused_since is None
    pause = ClockPause.objects.get(dossier=dossier)
    assert pause.ended_at == at("2026-03-09 09:00")
    appraisal = _steps(dossier)[1]
    assert appraisal.status == "active"
    assert appraisal.started_at == at("2026-03-09 09:00")
    # Appraisal 1.5 days plus the half day the (finished) reception stage had: 2 working
    # days from Mon 09:00 -> Wed 11/3 11:30; the later stages keep their budgets and the
    # last one ends at the new appointment.
    assert appraisal.due_at == at("2026-03-11 11:30")
    assert all(s.due_at <= dossier.due_at for s in _steps(dossier))
    assert _steps(dossier)[-1].due_at == dossier.due_at
    event = dossier.events.last()
    assert (event.form, event.due_at) == ("receipt", dossier.due_at)

    # Judged against the new appointment: Thu 12/3 09:00 is on time, not 5 days late.
    dossier = world.act(dossier, "approve", "leader", "2026-03-12 09:00")
    assert dossier.timeliness == "on_time"


def test_the_applicant_sends_the_supplement_online(world):
    """ND 61/2018 art. 19.4: the time counts again from zero when the complete dossier
    comes back, here online, after hours."""
    dossier = world.act(world.submitted(), "accept", "officer", "2026-03-02 09:00")
    dossier = world.act(dossier, "transfer", "officer", "2026-03-02 09:10")
    dossier = world.act(dossier, "request_supplement", "specialist", "2026-03-02 10:00", **MISSING)
    with pytest.raises(PermissionDenied):
        world.act(dossier, "receive_supplement", "citizen2", "2026-03-03 20:00")
    dossier = world.act(dossier, "receive_supplement", "citizen", "2026-03-03 20:00")
    assert dossier.status == Status.IN_PROCESS
    # After hours: S is in Wed 4/3 am; Wed pm (1), Thu (2, 3), Fri (4, 5), Mon 9/3 am (6).
    assert dossier.due_at == at("2026-03-09 11:30")
    assert dossier.events.last().role == "applicant"


def test_a_supplement_during_a_consultation_goes_back_to_the_consultation(world):
    """ND 61/2018 art. 19.4-19.5: the agency in charge (not the consulted one) asks for the
    supplement, even while it waits for the consulted agency's answer."""
    dossier = world.act(
        world.in_process(),
        "consult",
        "specialist",
        "2026-03-02 10:00",
        agencies=[{"agency": world.department.code, "amount": 1}],
    )
    with pytest.raises(PermissionDenied):
        world.act(dossier, "request_supplement", "dept_specialist", "2026-03-02 11:00", **MISSING)
    dossier = world.act(dossier, "request_supplement", "specialist", "2026-03-02 11:00", **MISSING)
    assert dossier.status == Status.SUPPLEMENT
    dossier = world.act(dossier, "receive_supplement", "officer", "2026-03-03 09:00")
    assert dossier.status == Status.INTERLINKED
    # The consultation starts again with its own day from Tue 3/3 09:00: Tue pm, Wed am.
    (consultation,) = dossier.steps.exclude(parent=None)
    assert consultation.started_at == at("2026-03-03 09:00")
    assert consultation.due_at == at("2026-03-04 11:30")


# --- fees ------------------------------------------------------------------------------------


def test_a_fee_request_pauses_and_the_payment_gives_the_time_back(world):
    """domain.md §3: time waiting for the applicant's financial obligation does not count
    against the agency. Paused Tue 3/3 10:00-15:00 = 1.5 h + 1.5 h of working time; the
    appointment Thu 5/3 11:30 moves 3 working hours: Thu 13:30 + 3 h = Thu 16:30."""
    dossier = world.in_process("2026-03-02 09:00")
    before = [s.due_at for s in _steps(dossier)]
    dossier = world.act(
        dossier, "request_fee", "officer", "2026-03-03 10:00", amount_vnd=8000, description="Lệ phí"
    )
    assert dossier.status == Status.FINANCIAL
    assert dossier.national_status == 6
    assert dossier.fee_amount_vnd == 8000
    assert Notice.objects.filter(dossier=dossier, kind="fee").exists()
    dossier = world.act(dossier, "record_fee", "officer", "2026-03-03 15:00", receipt="BL-01")
    assert dossier.status == Status.IN_PROCESS
    assert dossier.due_at == at("2026-03-05 16:30")
    assert dossier.original_due_at == at("2026-03-05 11:30")
    assert (dossier.fee_paid_vnd, dossier.fee_method) == (8000, "counter")
    assert dossier.events.last().data["paused_working_seconds"] == 3 * 3600
    cal = calendar_for(world.commune)
    after = [s.due_at for s in _steps(dossier)]
    # Finished steps keep their due; open steps get the paused time back.
    assert after[0] == before[0]
    for old, new in zip(before[1:], after[1:], strict=True):
        assert cal.elapsed(old, new) == datetime.timedelta(hours=3)


def test_a_fee_before_transfer_returns_to_received(world):
    """domain.md §3: a financial obligation pauses the clock even before the transfer."""
    dossier = world.receive("2026-03-02 09:00")
    dossier = world.act(dossier, "request_fee", "officer", "2026-03-02 09:10", amount_vnd=8000)
    dossier = world.act(dossier, "record_fee", "officer", "2026-03-02 09:40")
    assert dossier.status == Status.RECEIVED
    # 30 working minutes paused: Thu 5/3 11:30 -> 30 minutes into Thu afternoon.
    assert dossier.due_at == at("2026-03-05 14:00")


def test_fee_amounts_and_methods_are_checked(world):
    """ND 61/2018 art. 22.1: fees are paid at the desk, by post or online."""
    dossier = world.in_process()
    for amount in (0, -5, "nhiều", None):
        with pytest.raises(ValidationError):
            world.act(dossier, "request_fee", "officer", "2026-03-02 10:00", amount_vnd=amount)
    dossier = world.act(dossier, "request_fee", "officer", "2026-03-02 10:00", amount_vnd=8000)
    with pytest.raises(ValidationError):
        world.act(dossier, "record_fee", "officer", "2026-03-02 11:00", method="bitcoin")
    with pytest.raises(PermissionDenied):
        world.act(dossier, "record_fee", "citizen", "2026-03-02 11:00")  # not the owner


def test_the_owner_pays_online(world):
    """ND 61/2018 art. 22.1.c: online payment by the applicant; the wait is given back."""
    dossier = world.act(world.submitted(), "accept", "officer", "2026-03-02 09:00")
    dossier = world.act(dossier, "request_fee", "officer", "2026-03-02 09:10", amount_vnd=8000)
    dossier = world.act(dossier, "record_fee", "citizen", "2026-03-02 20:00")
    assert (dossier.fee_method, dossier.status) == ("online", Status.RECEIVED)
    # Paused from 09:10 to the end of Monday: 2 h 20 min + 3 h 30 min of working time; from
    # Thu 5/3 11:30: Thu 13:30-17:00 (3 h 30), then 2 h 20 from Fri 07:30 -> Fri 6/3 09:50.
    assert dossier.due_at == at("2026-03-06 09:50")


def test_stopping_a_paused_dossier_closes_the_pause(world):
    """A stop ends the wait for the applicant: no pause stays open."""
    dossier = world.act(
        world.in_process(), "request_fee", "officer", "2026-03-02 10:00", amount_vnd=1
    )
    dossier = world.act(dossier, "stop", "leader", "2026-03-03 10:00", reason="Không nộp phí")
    assert ClockPause.objects.get(dossier=dossier).ended_at == at("2026-03-03 10:00")
    assert dossier.paused_since is None


# --- a pause never makes a dossier later -----------------------------------------------------

# Receptions with days off ahead: an ordinary week, the day before Tết 2026 (16-20/2), the
# days before 30/4-1/5 2026 (and Hùng Kings day observed on Mon 27/4).
RECEPTIONS = ["2026-03-02 09:00", "2026-02-12 15:30", "2026-04-24 10:00"]

pauses = st.lists(
    st.tuples(st.integers(0, 4 * 24 * 60), st.integers(1, 6 * 24 * 60)), min_size=1, max_size=3
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(received=st.sampled_from(RECEPTIONS), intervals=pauses)
def test_pauses_shift_the_appointment_by_exactly_the_paused_working_time(
    world, received, intervals
):
    """domain.md §3-§4: time waiting for the applicant does not count against the agency:
    for any pauses (over nights, weekends, Tết and other holidays), the final appointment is
    the first one moved later by exactly the working time paused, and finishing then is on
    time: a pause never makes a dossier later."""
    cal = calendar_for(world.commune)
    dossier = world.in_process(received)
    original = dossier.due_at
    now = at(received) + datetime.timedelta(minutes=30)
    paused = datetime.timedelta(0)
    for gap, length in intervals:
        start = now + datetime.timedelta(minutes=gap)
        end = start + datetime.timedelta(minutes=length)
        dossier = perform(
            dossier, "request_fee", user=world.users["officer"], at=start, amount_vnd=1000
        )
        dossier = perform(dossier, "record_fee", user=world.users["officer"], at=end)
        paused += cal.elapsed(start, end)
        now = end
    assert dossier.due_at == cal.shift(original, paused)
    assert cal.elapsed(original, dossier.due_at) == paused
    assert dossier.due_at >= original
    finish = max(dossier.due_at, now)
    if finish == dossier.due_at:
        dossier = perform(dossier, "approve", user=world.users["leader"], at=finish)
        assert dossier.timeliness == "on_time"
    assert Dossier.objects.get(pk=dossier.pk).due_at == dossier.due_at
