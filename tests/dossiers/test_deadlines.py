"""Appointments and step deadlines against the real working calendar (holidays are data)."""

from __future__ import annotations

import datetime

from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.workflow import CLOCK_RUNNING, Status
from motcua.worktime.services import calendar_for
from tests.dossiers.conftest import at


def _steps(dossier: Dossier) -> list[DossierStep]:
    return list(dossier.steps.order_by("stage", "order", "id"))


def test_the_calendar_knows_the_2026_days_off(world):
    """Labour Code 2019 art. 112 and the government's 2026 decisions (seeded DayOverride
    rows): Tết Bính Ngọ 16-20/2/2026; Hùng Kings 26/4 (Sunday) observed Monday 27/4;
    30/4 and 1/5; 2/1 swapped with Saturday 10/1."""
    cal = calendar_for(world.commune)
    for day in (1, 2):
        assert not cal.is_working_day(datetime.date(2026, 1, day))
    assert cal.is_working_day(datetime.date(2026, 1, 10))
    for day in range(16, 21):
        assert not cal.is_working_day(datetime.date(2026, 2, day))
    assert cal.is_working_day(datetime.date(2026, 2, 13))
    assert cal.is_working_day(datetime.date(2026, 2, 23))
    for day in (datetime.date(2026, 4, 27), datetime.date(2026, 4, 30), datetime.date(2026, 5, 1)):
        assert not cal.is_working_day(day)
    assert cal.is_working_day(datetime.date(2026, 4, 29))
    assert cal.is_working_day(datetime.date(2026, 5, 4))


APPOINTMENTS = [
    # Mon 09:00: Mon pm, Tue am+pm, Wed am+pm, Thu am -> the 6th session ends Thu 11:30.
    ("2026-03-02 09:00", "2026-03-05 11:30"),
    # Mon 14:00: S is Mon pm; six sessions later is Thu pm.
    ("2026-03-02 14:00", "2026-03-05 17:00"),
    # Lunch break: S is the start of Mon pm.
    ("2026-03-02 12:10", "2026-03-05 17:00"),
    # After hours: S is Tue am.
    ("2026-03-02 17:30", "2026-03-06 11:30"),
    # After 15:00: the transfer cut-off does not move the appointment.
    ("2026-03-02 15:30", "2026-03-05 17:00"),
    # Saturday: S is Mon am.
    ("2026-02-28 10:00", "2026-03-05 11:30"),
]


def test_the_appointment_counts_sessions(world):
    """domain.md §4: 3 working days = 6 sessions after the session of S; the due instant is
    the end of that session; the 15:00 cut-off is not about the appointment."""
    for received, due in APPOINTMENTS:
        assert world.receive(received).due_at == at(due), received


def test_a_dossier_received_before_tet_2026_is_due_after_the_holiday(world):
    """Labour Code 2019 art. 112 (Tết 16-20/2/2026 by the 2026 decision), domain.md §4.
    Received Fri 13/2 09:00, 3 working days: Fri pm (1); 14-22/2 are off (weekend, Tết,
    weekend); Mon 23 am (2), pm (3); Tue 24 am (4), pm (5); Wed 25 am (6): Wed 25/2 11:30."""
    dossier = world.receive("2026-02-13 09:00")
    assert dossier.due_at == at("2026-02-25 11:30")


def test_a_dossier_received_late_before_tet_is_transferred_after_it(world):
    """ND 61/2018 art. 18.2: received after 15:00 on Fri 13/2/2026, the paper dossier goes to
    the department at the start of the next working day, Mon 23/2 (read as the end of its
    first session, 11:30). The appointment: S in Fri pm; Mon 23 am (1) ... Wed 25 pm (6)."""
    dossier = world.receive("2026-02-13 16:00")
    assert dossier.due_at == at("2026-02-25 17:00")
    reception = _steps(dossier)[0]
    assert reception.due_at == at("2026-02-23 11:30")


def test_a_dossier_received_before_30_4_2026_skips_the_long_weekend(world):
    """Labour Code 2019 art. 112: 30/4 (Thu) and 1/5 (Fri) 2026 are off. Received Wed 29/4
    09:00: Wed pm (1); Thu 30/4 - Sun 3/5 off; Mon 4/5 am (2), pm (3); Tue 5/5 am (4), pm (5);
    Wed 6/5 am (6): Wed 6/5/2026 11:30."""
    assert world.receive("2026-04-29 09:00").due_at == at("2026-05-06 11:30")


def test_hung_kings_day_observed_on_monday_and_the_long_weekend_together(world):
    """Labour Code 2019 art. 112: Hùng Kings day 2026 falls on Sunday 26/4, observed Mon 27/4.
    Received Fri 24/4 14:00 (S in Fri pm): Tue 28 am (1), pm (2); Wed 29 am (3), pm (4);
    30/4-3/5 off; Mon 4/5 am (5), pm (6): Mon 4/5/2026 17:00."""
    assert world.receive("2026-04-24 14:00").due_at == at("2026-05-04 17:00")


def test_a_make_up_saturday_is_a_working_day(world):
    """Government decision for 2026: Saturday 10/1/2026 is worked (for Fri 2/1). Received
    Thu 8/1 09:00: Thu pm (1); Fri 9 am (2), pm (3); Sat 10 am (4), pm (5); Mon 12 am (6):
    Mon 12/1/2026 11:30."""
    assert world.receive("2026-01-08 09:00").due_at == at("2026-01-12 11:30")


def test_step_deadlines_follow_the_process_stage_by_stage(world):
    """domain.md §4 and §6: each step has a time budget, the budgets sum to the whole.
    Received Mon 2/3 09:00 with budgets 0.5 / 1.5 / 0.5 / 0.5 working days: reception ends
    Mon 17:00 (also the same-day transfer of ND 61 art. 18.2); appraisal 3 sessions later,
    Wed 11:30; approval Wed 17:00; return Thu 11:30, the appointment."""
    dossier = world.receive("2026-03-02 09:00")
    steps = _steps(dossier)
    assert [s.due_at for s in steps] == [
        at("2026-03-02 17:00"),
        at("2026-03-04 11:30"),
        at("2026-03-04 17:00"),
        at("2026-03-05 11:30"),
    ]
    assert steps[-1].due_at == dossier.due_at
    assert [s.status for s in steps] == ["active", "pending", "pending", "pending"]
    assert steps[0].started_at == at("2026-03-02 09:00")


def test_step_deadlines_never_pass_the_appointment(world):
    """domain.md §4: step budgets of a process sum to the whole appointment."""
    dossier = world.receive("2026-02-13 16:00")
    assert all(s.due_at <= dossier.due_at for s in dossier.steps.all())
    assert max(s.due_at for s in dossier.steps.all()) == dossier.due_at


TRANSFER_DUE = [
    ("2026-03-02 09:00", "2026-03-02 17:00"),
    ("2026-03-02 14:59", "2026-03-02 17:00"),
    ("2026-03-02 15:01", "2026-03-03 11:30"),
    ("2026-03-06 16:00", "2026-03-09 11:30"),  # Friday after 15:00: Monday morning
]


def test_the_reception_step_is_due_by_the_15h_rule(world):
    """ND 61/2018 art. 18.2: a paper dossier is transferred within the working day of
    reception, or at the start of the next working day when received after 15:00."""
    for received, transfer_due in TRANSFER_DUE:
        reception = _steps(world.receive(received))[0]
        assert reception.role == "officer"
        assert reception.due_at == at(transfer_due), received


def test_a_paper_dossier_transferred_after_15h_starts_at_the_department_next_morning(world):
    """ND 61/2018 art. 18.2: handed over after 15:00, the department's step starts at the
    start of the next working day (Tue 3/3 07:30)."""
    dossier = world.receive("2026-03-02 14:00")
    dossier = world.act(dossier, "transfer", "officer", "2026-03-02 15:45")
    appraisal = _steps(dossier)[1]
    assert appraisal.status == "active"
    assert appraisal.started_at == at("2026-03-03 07:30")
    assert dossier.events.last().data["department_starts_at"] == at("2026-03-03 07:30").isoformat()
    # The appointment is not moved by the cut-off.
    assert dossier.due_at == at("2026-03-05 17:00")


def test_a_paper_dossier_transferred_before_15h_starts_at_once(world):
    """ND 61/2018 art. 18.2: handed over before 15:00, the step starts at once."""
    dossier = world.receive("2026-03-02 09:00")
    dossier = world.act(dossier, "transfer", "officer", "2026-03-02 14:30")
    assert _steps(dossier)[1].started_at == at("2026-03-02 14:30")


def test_an_online_dossier_is_transferred_electronically_at_once(world):
    """ND 61/2018 art. 18.1: electronic dossiers go to the department through the system;
    the 15:00 rule of art. 18.2 is for paper dossiers."""
    dossier = world.act(world.submitted(), "accept", "officer", "2026-03-02 15:30")
    dossier = world.act(dossier, "transfer", "officer", "2026-03-02 15:45")
    assert _steps(dossier)[1].started_at == at("2026-03-02 15:45")


def test_a_late_transfer_makes_the_reception_step_late(world):
    """ND 61/2018 art. 18.2: transferred the next day though received in the morning."""
    dossier = world.receive("2026-03-02 09:00")
    dossier = world.act(dossier, "transfer", "officer", "2026-03-03 08:00")
    reception, appraisal = _steps(dossier)[:2]
    assert (reception.status, reception.timeliness) == ("done", "late")
    assert reception.finished_by == world.users["officer"]
    assert appraisal.started_at == at("2026-03-03 08:00")


def test_overdue_and_due_soon_are_plain_filters_on_due_at(world):
    """domain.md §4: in-progress dossiers are within deadline or overdue; inboxes filter
    on (status, due_at) with the clock running, never on paused or finished dossiers."""
    early = world.in_process("2026-03-02 09:00")  # due Thu 5/3 11:30
    later = world.receive("2026-03-04 09:00")  # due Mon 9/3 11:30
    paused = world.act(
        world.in_process("2026-03-02 09:00"),
        "request_fee",
        "officer",
        "2026-03-02 10:00",
        amount_vnd=8000,
    )  # due Thu 5/3 11:30 but waiting for the applicant
    finished = world.act(
        world.in_process("2026-03-02 09:00"), "approve", "leader", "2026-03-02 10:00"
    )
    assert paused.status == Status.FINANCIAL and finished.status == Status.RESULT_READY

    def overdue(now):
        return set(
            Dossier.objects.filter(status__in=CLOCK_RUNNING, due_at__lt=now).values_list(
                "pk", flat=True
            )
        )

    def due_within(now, hours):
        return set(
            Dossier.objects.filter(
                status__in=CLOCK_RUNNING,
                due_at__gte=now,
                due_at__lte=now + datetime.timedelta(hours=hours),
            ).values_list("pk", flat=True)
        )

    assert overdue(at("2026-03-05 11:30")) == set()
    assert overdue(at("2026-03-05 11:31")) == {early.pk}
    assert overdue(at("2026-03-09 12:00")) == {early.pk, later.pk}
    assert due_within(at("2026-03-04 12:00"), 24) == {early.pk}
    assert due_within(at("2026-03-08 12:00"), 24) == {later.pk}
    cal = calendar_for(world.commune)
    assert cal.deadline_state(at("2026-03-05 11:31"), early.due_at) == "overdue"
    assert cal.deadline_state(at("2026-03-05 11:30"), early.due_at) == "within"
