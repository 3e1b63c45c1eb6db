"""Who may see a dossier and who may take an action on it, on top of agencies.policy.

Seeing: the applicant who owns it, and staff holding any role over its desk, its competent
agency or the agency of any of its steps (consulted agencies included), once it has been
submitted (a draft is the applicant's alone). Acting: the
transition table says which roles at which agency; this module checks them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, Role
from motcua.agencies.policy import agencies_in_scope, has_role, works_for
from motcua.dossiers.models import Dossier, DossierStep, StepKind, StepStatus
from motcua.dossiers.workflow import Action, Scope, Status, Transition


@dataclass(frozen=True)
class Capacity:
    """In what capacity someone acts: for the event log and the forms."""

    role: str  # a Role value, or "applicant" / "system"
    agency: Agency | None
    steps: tuple[DossierStep, ...] = ()  # the active steps the actor may act on

    @property
    def is_applicant(self) -> bool:
        return self.role == "applicant"


def visible_dossiers(user, queryset: QuerySet[Dossier] | None = None) -> QuerySet[Dossier]:
    qs = Dossier.objects.all() if queryset is None else queryset
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    scope = agencies_in_scope(user)
    step_here = DossierStep.objects.filter(dossier=OuterRef("pk"), agency__in=scope)
    assigned = DossierStep.objects.filter(dossier=OuterRef("pk"), assignee=user)
    # A draft is the applicant's until submitted: the desk has nothing to see yet.
    staff = ~Q(status=Status.DRAFT) & (
        Q(desk__in=scope) | Q(agency__in=scope) | Exists(step_here) | Exists(assigned)
    )
    return qs.filter(Q(owner=user) | staff)


def can_view(user, dossier: Dossier) -> bool:
    if dossier.pk is None:
        return False
    return visible_dossiers(user, Dossier.objects.filter(pk=dossier.pk)).exists()


def is_owner(user, dossier: Dossier) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and dossier.owner_id is not None
        and dossier.owner_id == user.pk
    )


# A consulted agency answers its consultation and nothing more (ND 61/2018 art. 19.5.b):
# decisions about the dossier stay with the agency that consulted it.
_CONSULTED_ACTIONS = frozenset({Action.ASSIGN, Action.COMPLETE_STEP})
# While its step waits for the consulted agencies, the agency in charge still answers for the
# dossier as a whole: it may ask the applicant, apologise for a delay (art. 19.5.b, 19.9),
# stop, or be told that it must wait before deciding.
_WHILE_WAITING = frozenset(
    {
        Action.REQUEST_SUPPLEMENT,
        Action.REQUEST_FEE,
        Action.PROPOSE_APOLOGY,
        Action.APPROVE_APOLOGY,
        Action.REJECT_APOLOGY,
        Action.STOP,
        Action.APPROVE,
        Action.REFUSE_RESULT,
    }
)


def _step_gives_capacity(step: DossierStep, action: Action) -> bool:
    if step.status == StepStatus.ACTIVE:
        return step.kind != StepKind.CONSULT or action in _CONSULTED_ACTIONS
    return step.status == StepStatus.WAITING and action in _WHILE_WAITING


class RoleMemo:
    """has_role answers for one user, remembered for the duration of one check (a page
    asks for the allowed actions of a dossier: a dozen checks over the same roles)."""

    def __init__(self, user) -> None:
        self.user = user
        self._scopes: dict[str, set[int]] = {}

    def __call__(self, role: str, agency: Agency) -> bool:
        if self.user.is_superuser:
            return has_role(self.user, role, agency)
        if role not in self._scopes:
            self._scopes[role] = set(
                agencies_in_scope(self.user, [role]).values_list("pk", flat=True)
            )
        return agency.pk in self._scopes[role]


def _step_capacity(
    user, tr: Transition, steps: list[DossierStep], holds: RoleMemo
) -> Capacity | None:
    found: list[DossierStep] = []
    role_found = None
    for step in steps:
        if not _step_gives_capacity(step, tr.action):
            continue
        for role in tr.roles:
            # The assignee acts on their step even from a division of its agency (assign
            # checked policy.works_for; checked again, roles may have been taken away).
            assigned_here = step.assignee_id == user.pk and works_for(user, role, step.agency)
            if not holds(role, step.agency) and not assigned_here:
                continue
            if step.assignee_id and step.assignee_id != user.pk and role != Role.LEADER:
                continue
            # Completing a process step takes that step's role (or a leader above it).
            if (
                tr.action == Action.COMPLETE_STEP
                and step.kind != StepKind.CONSULT
                and role not in (step.role, Role.LEADER)
            ):
                continue
            found.append(step)
            role_found = role_found or (role, step.agency)
            break
    if not found:
        return None
    return Capacity(role_found[0], role_found[1], tuple(found))


def capacity(
    user,
    tr: Transition,
    dossier: Dossier,
    steps: list[DossierStep],
    holds: RoleMemo | None = None,
) -> Capacity:
    """The capacity in which `user` may take `tr` on `dossier`, or PermissionDenied."""
    if tr.scope == Scope.SYSTEM:
        if user is None:
            return Capacity("system", None)
        raise PermissionDenied(_("Only the system itself can do this."))
    if tr.applicant and is_owner(user, dossier):
        return Capacity("applicant", None)
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("You must sign in to do this."))
    holds = holds or RoleMemo(user)
    if tr.scope in (Scope.DESK, Scope.DESK_OR_STEP):
        for role in tr.roles:
            if holds(role, dossier.desk):
                return Capacity(role, dossier.desk, tuple(_active_here(steps, dossier.desk)))
    if tr.scope in (Scope.STEP, Scope.DESK_OR_STEP):
        found = _step_capacity(user, tr, steps, holds)
        if found is not None:
            return found
    raise PermissionDenied(
        _("You may not “%(action)s” on dossier %(code)s.")
        % {"action": tr.action.label, "code": dossier.key}
    )


def _active_here(steps: list[DossierStep], agency: Agency) -> list[DossierStep]:
    return [s for s in steps if s.status == StepStatus.ACTIVE and s.agency_id == agency.pk]
