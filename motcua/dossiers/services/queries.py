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
from motcua.core.text import fold, nfc
from motcua.dossiers import codes
from motcua.dossiers.models import Apology, ApologyStatus, Dossier, DossierStep, StepStatus
from motcua.dossiers.permissions import RoleMemo, capacity
from motcua.dossiers.services import steps as plan
from motcua.dossiers.workflow import (
    CLOCK_PAUSED,
    CLOCK_RUNNING,
    Action,
    Status,
    actions_from,
    transition,
)

# "Due soon" on officers' lists: the appointment falls within this many hours.
DUE_SOON_HOURS = 24


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


def deadline_level(dossier: Dossier, now: datetime | None = None) -> str:
    """deadline_state refined for lists: "overdue", "due_soon" (within DUE_SOON_HOURS),
    "within", "paused" (waiting for the applicant), or "" (not counting)."""
    if dossier.status in CLOCK_PAUSED:
        return "paused"
    now = now or timezone.now()
    state = deadline_state(dossier, now)
    if state == "within" and dossier.due_at <= now + timedelta(hours=DUE_SOON_HOURS):
        return "due_soon"
    return state


def pending_apology_q() -> Q:
    """Dossiers with an apology letter waiting for a leader's decision."""
    return Q(pk__in=Apology.objects.filter(status=ApologyStatus.PROPOSED).values("dossier_id"))


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


_APOLOGY_DECISIONS = frozenset({Action.APPROVE_APOLOGY, Action.REJECT_APOLOGY})


def ready_actions(user, dossier: Dossier) -> list[Action]:
    """allowed_actions without those the dossier's own record already rules out (the
    handlers would refuse them): deciding on an apology when none waits, proposing one when
    one waits or a new appointment was already given (ND 61/2018 art. 19.9: once)."""
    allowed = allowed_actions(user, dossier)
    if not set(allowed) & (_APOLOGY_DECISIONS | {Action.PROPOSE_APOLOGY}):
        return allowed
    waiting = dossier.apologies.filter(status=ApologyStatus.PROPOSED).exists()
    ruled_out = set() if waiting else set(_APOLOGY_DECISIONS)
    if waiting or dossier.apology_count:
        ruled_out.add(Action.PROPOSE_APOLOGY)
    return [a for a in allowed if a not in ruled_out]


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
    competent: Agency | None = None  # this competent agency exactly (a leader's table row)
    apology_pending: bool = False  # an apology letter waits for a leader's decision


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
    if f.competent is not None:
        qs = qs.filter(agency=f.competent)
    if f.apology_pending:
        qs = qs.filter(pending_apology_q())
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
    text = " ".join(nfc(f.q).split())
    if text:
        qs = qs.filter(text_q(text))
    return qs


_PHONE_SEPARATORS = str.maketrans("", "", " .-()")


def phone_variants(text: str) -> list[str]:
    """How a phone number may have been written down: as typed without separators, and
    the national form (0...) of an international one (+84... / 84...)."""
    digits = text.translate(_PHONE_SEPARATORS)
    variants = [digits]
    if digits.startswith("+84"):
        variants.append("0" + digits[3:])
    elif digits.startswith("84") and len(digits) >= 11:
        variants.append("0" + digits[2:])
    return variants


def text_q(text: str) -> Q:
    """Free text of a search (`Filters.q`): a code prefix, a citizen ID, a phone number in
    any usual writing, a tax code, or part of the applicant's or representative's name,
    with or without accents (compared folded, as core.text.fold writes them)."""
    return (
        Q(code__startswith=text.upper())
        | Q(applicant_id_number=text)
        | Q(representative_id_number=text)
        | Q(applicant_phone__in=phone_variants(text))
        | Q(applicant_tax_code=text)
        | Q(names_folded__contains=fold(text))
    )


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
