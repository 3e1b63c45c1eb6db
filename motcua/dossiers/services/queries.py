"""Reading dossiers: lists with filters, deadline states, what a user may do, public lookup.

Deadline filters are plain range conditions on the indexed `due_at` (the appointment already
includes the paused time given back), so inboxes never compute per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.agencies.services import lineage_ids
from motcua.dossiers import codes
from motcua.dossiers.models import Dossier, DossierStep, StepStatus
from motcua.dossiers.permissions import RoleMemo, capacity
from motcua.dossiers.services import steps as plan
from motcua.dossiers.workflow import CLOCK_RUNNING, Action, Status, actions_from, transition


def overdue_q(now: datetime) -> Q:
    return Q(status__in=CLOCK_RUNNING, due_at__lt=now)


def due_within_q(now: datetime, hours: float) -> Q:
    return Q(status__in=CLOCK_RUNNING, due_at__gte=now, due_at__lte=now + timedelta(hours=hours))


def deadline_state(dossier: Dossier, now: datetime | None = None) -> str:
    """ "within" / "overdue" while the agency's clock runs, "" otherwise."""
    if dossier.status not in CLOCK_RUNNING or dossier.due_at is None:
        return ""
    now = now or timezone.now()
    return "overdue" if dossier.due_at < now else "within"


def allowed_actions(user, dossier: Dossier) -> list[Action]:
    """The actions `user` may take on `dossier` now, in table order."""
    if dossier.pk is None:
        return []
    steps = plan.steps_of(dossier)
    holds = RoleMemo(user) if user is not None and user.is_authenticated else None
    allowed = []
    for action in actions_from(Status(dossier.status)):
        tr = transition(action)
        try:
            capacity(user, tr, dossier, steps, holds)
        except PermissionDenied:
            continue
        allowed.append(action)
    return allowed


@dataclass(frozen=True)
class Filters:
    status: tuple[str, ...] = ()
    agency: Agency | None = None  # the agency's subtree and merged predecessors
    procedure: str = ""
    channel: int | None = None
    q: str = ""
    received_from: datetime | None = None
    received_to: datetime | None = None
    overdue: bool = False
    due_within_hours: float | None = None
    at_step_of: Agency | None = None  # an active step at this agency (its inbox)


def filter_dossiers(qs: QuerySet[Dossier], f: Filters, now: datetime | None = None):
    now = now or timezone.now()
    unknown = set(f.status) - set(Status.values)
    if unknown:
        raise ValidationError(
            {"status": [_("Unknown status: %(values)s.") % {"values": ", ".join(sorted(unknown))}]}
        )
    if f.status:
        qs = qs.filter(status__in=f.status)
    if f.agency is not None:
        ids = lineage_ids(f.agency)
        qs = qs.filter(Q(agency_id__in=ids) | Q(desk_id__in=ids))
    if f.at_step_of is not None:
        qs = qs.filter(
            pk__in=DossierStep.objects.filter(agency=f.at_step_of, status=StepStatus.ACTIVE).values(
                "dossier_id"
            )
        )
    if f.procedure:
        qs = qs.filter(procedure__code=f.procedure)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.received_from:
        qs = qs.filter(received_at__gte=f.received_from)
    if f.received_to:
        qs = qs.filter(received_at__lt=f.received_to)
    if f.overdue:
        qs = qs.filter(overdue_q(now))
    if f.due_within_hours is not None:
        qs = qs.filter(due_within_q(now, f.due_within_hours))
    text = " ".join(f.q.split())
    if text:
        qs = qs.filter(
            Q(code__startswith=text.upper())
            | Q(applicant_id_number=text)
            | Q(applicant_phone=text.replace(" ", ""))
            | Q(applicant_tax_code=text)
            | Q(applicant_name__icontains=text)
        )
    return qs


def by_key(qs: QuerySet[Dossier], key: str) -> Dossier | None:
    """A dossier by code, or by uid (drafts have no code yet)."""
    if len(key) == 36 and key.count("-") == 4:
        return qs.filter(uid=key).first() if _is_uuid(key) else None
    return qs.filter(code=key).first()


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def lookup(code: str, secret: str) -> Dossier | None:
    """The dossier whose receipt carries `code` and `secret`; None for any mismatch (the
    caller cannot tell an unknown code from a wrong secret)."""
    dossier = (
        Dossier.objects.filter(code=(code or "").strip().upper())
        .select_related("procedure_version", "agency")
        .first()
    )
    if dossier is None:
        codes.secrets_match(secret, codes.SECRET_ALPHABET)  # same work either way
        return None
    return dossier if codes.secrets_match(secret, dossier.secret) else None
