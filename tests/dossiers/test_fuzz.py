"""Random sequences of actions by random people: the engine only ever says "not allowed"
(ValidationError, PermissionDenied), never crashes, and keeps its invariants."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from motcua.dossiers.models import ClockPause, Dossier, Event, StepStatus
from motcua.dossiers.services.engine import perform
from motcua.dossiers.workflow import (
    CLOCK_PAUSED,
    CLOSED,
    NATIONAL_STATUS,
    Action,
    Status,
    actions_from,
)
from tests.dossiers.conftest import at

PEOPLE = [
    "officer",
    "specialist",
    "leader",
    "dept_specialist",
    "dept_leader",
    "other_specialist",
    "citizen",
]


def _payload(world, action: Action, choice: int) -> dict:
    agencies = [world.department.code, world.other.code]
    return {
        "reason": "Lý do" if choice % 3 else "",
        "missing": ["Giấy tờ"],
        "amount_vnd": 5000,
        "assignee": ["specialist", "dept_specialist", "other_specialist"][choice % 3],
        "to_stage": 1 + choice % 3,
        "agencies": [{"agency": agencies[choice % 2], "amount": 1}],
        "mode": ["parallel", "sequential"][choice % 2],
        "agency": agencies[choice % 2],
        "extend_by": 1 + choice % 2,
        "method": ["counter", "online", "post"][choice % 3],
    }


# Closing actions are drawn less often, so that scripts go deep before they end.
CLOSING = {Action.REFUSE, Action.WITHDRAW, Action.STOP, Action.RETURN}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(online=st.booleans(), data=st.data())
def test_random_actions_never_crash_and_keep_the_invariants(world, online, data):
    if online:
        dossier = world.submitted("2026-03-02 08:00")
    else:
        dossier = world.receive("2026-03-02 08:00")
    now = at("2026-03-02 08:00")
    for _ in range(data.draw(st.integers(5, 30), label="length")):
        allowed = [a for a in actions_from(dossier.status) if a != Action.REASSIGN_AGENCY]
        if not allowed:
            break
        if data.draw(st.integers(0, 9), label="closing?") > 0:
            allowed = [a for a in allowed if a not in CLOSING] or allowed
        action = data.draw(st.sampled_from(allowed), label="action")
        who = data.draw(st.sampled_from(PEOPLE), label="who")
        choice = data.draw(st.integers(0, 8), label="payload")
        now += datetime.timedelta(minutes=data.draw(st.integers(5, 8 * 60), label="minutes"))
        version = Dossier.objects.get(pk=dossier.pk).row_version
        try:
            dossier = perform(
                dossier, action, user=world.users[who], at=now, **_payload(world, action, choice)
            )
        except (ValidationError, PermissionDenied):
            assert Dossier.objects.get(pk=dossier.pk).row_version == version
            continue
        assert dossier.row_version == version + 1
        event(f"done: {action}")
    dossier = Dossier.objects.get(pk=dossier.pk)
    event(f"final: {dossier.status}")
    events = list(Event.objects.filter(dossier=dossier).order_by("seq"))
    assert [e.seq for e in events] == list(range(1, dossier.row_version + 1))
    assert events[-1].status_after == dossier.status
    for before, after in zip(events, events[1:], strict=False):
        assert after.status_before == before.status_after
    assert dossier.national_status == NATIONAL_STATUS[dossier.status]
    open_pauses = ClockPause.objects.filter(dossier=dossier, ended_at__isnull=True).count()
    assert open_pauses == (1 if dossier.status in CLOCK_PAUSED else 0)
    active = dossier.steps.filter(status__in=[StepStatus.ACTIVE, StepStatus.WAITING])
    if dossier.status in CLOSED:
        assert not active.exists()
        assert dossier.closed_at is not None
    elif dossier.status in (Status.IN_PROCESS, Status.INTERLINKED, Status.RECEIVED):
        assert active.exists()
    if dossier.status == Status.RESULT_READY:
        assert dossier.timeliness and dossier.finished_at
