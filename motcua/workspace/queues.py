"""The officers' work queues, derived from the transition table and the user's roles.

A queue is "the dossiers on which this person has an action of the table to take now":
its statuses are the sources of that action's row (workflow.TABLE) and the agencies are
those where the user holds one of that row's roles (agencies.policy, through WorkScope).
Nothing here names a role: which queues a person sees follows from the roles they hold.

    check      online dossiers to check       `accept` at a desk where one is an officer
    transfer   received, to transfer          `transfer` at one's desk
    assign     work steps nobody holds yet    `assign` for those who may also `approve`
    process    one's work steps               `complete_step`: steps of a role one holds
                                               (assigned to one, or to nobody), not decisions
    approve    decisions waiting              `approve`: active steps of its roles
    apologies  apology letters to decide      `approve_apology` where a letter is proposed
    return     results to return              `return` at one's desk
    due_soon   due within a day               queries.due_within_q over what one may see
    overdue    overdue                        queries.overdue_q over what one may see

"Work steps" are those of the roles `assign` distributes that are not `approve`'s (the
specialist's appraisal); "decisions" those of `approve`'s roles (the leader's signature).

Counts are cheap: indexed filters counted up to COUNT_CAP (SELECT COUNT over a LIMIT),
never a COUNT(*) over every dossier. Lists use keyset pages (workspace.paging).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Role, StaffRole
from motcua.agencies.services import lineage_ids_of
from motcua.dossiers.models import Dossier, DossierStep, StepStatus
from motcua.dossiers.permissions import visible_dossiers
from motcua.dossiers.services.queries import (
    DUE_SOON_HOURS,
    due_within_q,
    overdue_q,
    pending_apology_q,
)
from motcua.dossiers.workflow import Action, transition

COUNT_CAP = 99  # counts above this read "99+"


@dataclass
class WorkScope:
    """The agencies where one user holds each role (a role covers its agency's subtree and
    merged predecessors, as agencies.policy.agencies_in_scope says), read once a request.
    `by_role` is None for a superuser: every agency."""

    user: object
    by_role: dict[str, frozenset[int]] | None = field(default_factory=dict)

    @classmethod
    def of(cls, user) -> WorkScope:
        if user is None or not user.is_authenticated or not user.is_active:
            return cls(user, {})
        if user.is_superuser:
            return cls(user, None)
        paths: dict[str, set[str]] = {}
        for role, path in StaffRole.objects.filter(user=user).values_list("role", "agency__path"):
            paths.setdefault(role, set()).add(path)
        return cls(user, {role: frozenset(lineage_ids_of(p)) for role, p in paths.items()})

    def holds(self, roles: Iterable[str]) -> bool:
        if self.by_role is None:
            return self.user is not None and self.user.is_superuser
        return any(self.by_role.get(role) for role in roles)

    def ids(self, roles: Iterable[str]) -> frozenset[int] | None:
        """Agency ids where the user holds one of `roles`; None means every agency."""
        if self.by_role is None:
            return None
        found: set[int] = set()
        for role in roles:
            found |= self.by_role.get(role, frozenset())
        return frozenset(found)

    def at(self, lookup: str, roles: Iterable[str]) -> Q:
        """`<lookup>` is an agency where the user holds one of `roles`."""
        ids = self.ids(roles)
        return Q() if ids is None else Q(**{f"{lookup}__in": ids})

    @cached_property
    def visible(self) -> QuerySet[Dossier]:
        """permissions.visible_dossiers, computed once (its agency scope is read now)."""
        return visible_dossiers(self.user)

    @property
    def roles(self) -> set[str]:
        if self.by_role is None:
            return set(Role.values)
        return {role for role, ids in self.by_role.items() if ids}


# --- how each queue selects ---------------------------------------------------------------

Condition = Callable[[WorkScope, datetime], Q]


def _steps(condition: Q) -> Q:
    """Dossiers with a step matching `condition` (the indexed step table, no join)."""
    return Q(pk__in=DossierStep.objects.filter(condition).values("dossier_id"))


def _handlers() -> frozenset[str]:
    return transition(Action.ASSIGN).roles


def _deciders() -> frozenset[str]:
    return transition(Action.APPROVE).roles


def _work_roles() -> frozenset[str]:
    """Roles of the work steps: those `assign` distributes that do not decide."""
    return _handlers() - _deciders()


def _at_desk(action: Action) -> Condition:
    def condition(scope: WorkScope, now: datetime) -> Q:
        return scope.at("desk", transition(action).roles)

    return condition


def _mine_or_nobodys(scope: WorkScope) -> Q:
    return Q(assignee__isnull=True) | Q(assignee=scope.user)


def _to_process(scope: WorkScope, now: datetime) -> Q:
    roles = transition(Action.COMPLETE_STEP).roles & _work_roles()
    held = Q(pk__in=[])
    for role in roles:
        held |= Q(role=role) & scope.at("agency", [role])
    # Steps assigned to the user count wherever they sit (a division's specialist is given
    # work of its agency: agencies.policy.works_for).
    mine = Q(assignee=scope.user, role__in=roles)
    return _steps(Q(status=StepStatus.ACTIVE) & ((held & _mine_or_nobodys(scope)) | mine))


def _to_assign(scope: WorkScope, now: datetime) -> Q:
    assigners = transition(Action.ASSIGN).roles & _deciders()
    return _steps(
        Q(status=StepStatus.ACTIVE, assignee__isnull=True, role__in=_work_roles())
        & scope.at("agency", assigners)
    )


def _to_approve(scope: WorkScope, now: datetime) -> Q:
    roles = transition(Action.APPROVE).roles
    return _steps(Q(status=StepStatus.ACTIVE, role__in=roles) & scope.at("agency", roles))


def _apologies(scope: WorkScope, now: datetime) -> Q:
    roles = transition(Action.APPROVE_APOLOGY).roles
    return pending_apology_q() & _steps(
        Q(status__in=[StepStatus.ACTIVE, StepStatus.WAITING]) & scope.at("agency", roles)
    )


@dataclass(frozen=True)
class Queue:
    key: str
    label: Promise
    description: Promise
    action: Action | None  # the table row; None for the deadline queues
    condition: Condition
    roles: Callable[[], frozenset[str]] | None = None  # who has it (default: the row's)
    order: str = "due"  # paging order: "due" (appointment first) or "newest"

    def applies(self, scope: WorkScope) -> bool:
        if self.roles is not None:
            return scope.holds(self.roles())
        if self.action is None:
            return bool(scope.roles) or scope.by_role is None
        return scope.holds(transition(self.action).roles)

    def dossiers(self, scope: WorkScope, now: datetime) -> QuerySet[Dossier]:
        qs = scope.visible
        if self.action is not None:
            sources = [s for s in transition(self.action).sources if s is not None]
            qs = qs.filter(status__in=sources)
        return qs.filter(self.condition(scope, now))


QUEUES: tuple[Queue, ...] = (
    Queue(
        "check",
        _("Online dossiers to check"),
        _("Submitted online: accept, ask to complete, or refuse."),
        Action.ACCEPT,
        _at_desk(Action.ACCEPT),
        order="newest",
    ),
    Queue(
        "transfer",
        _("To transfer"),
        _("Received at your desk, to transfer to the department."),
        Action.TRANSFER,
        _at_desk(Action.TRANSFER),
    ),
    Queue(
        "assign",
        _("To assign"),
        _("Work steps of your agencies that nobody has been assigned yet."),
        Action.ASSIGN,
        _to_assign,
        roles=lambda: transition(Action.ASSIGN).roles & _deciders(),
    ),
    Queue(
        "process",
        _("To process"),
        _("Steps assigned to you, or to nobody yet, in your role."),
        Action.COMPLETE_STEP,
        _to_process,
        roles=lambda: transition(Action.COMPLETE_STEP).roles & _work_roles(),
    ),
    Queue(
        "approve",
        _("To approve"),
        _("Dossiers waiting for a leader's decision."),
        Action.APPROVE,
        _to_approve,
    ),
    Queue(
        "apologies",
        _("Apologies waiting"),
        _("Apology letters with a new appointment waiting for your approval."),
        Action.APPROVE_APOLOGY,
        _apologies,
    ),
    Queue(
        "return",
        _("To return"),
        _("Results ready to return to the applicant."),
        Action.RETURN,
        _at_desk(Action.RETURN),
    ),
    Queue(
        "due_soon",
        _("Due within a day"),
        _("Dossiers of your agencies whose appointment falls within the next 24 hours."),
        None,
        lambda scope, now: due_within_q(now, DUE_SOON_HOURS),
    ),
    Queue(
        "overdue",
        _("Overdue"),
        _("Dossiers of your agencies past their appointment and not yet resolved."),
        None,
        lambda scope, now: overdue_q(now),
    ),
)
BY_KEY = {queue.key: queue for queue in QUEUES}


def queues_for(scope: WorkScope) -> list[Queue]:
    return [queue for queue in QUEUES if queue.applies(scope)]


def capped_count(qs: QuerySet) -> int:
    """How many rows, counted up to COUNT_CAP + 1 (a bounded subquery, never COUNT(*))."""
    return qs.order_by()[: COUNT_CAP + 1].count()


def count_label(count: int) -> str:
    return f"{COUNT_CAP}+" if count > COUNT_CAP else str(count)


@dataclass(frozen=True)
class QueueCount:
    queue: Queue
    count: int

    @property
    def label(self) -> str:
        return count_label(self.count)


def counts(scope: WorkScope, now: datetime) -> list[QueueCount]:
    """Every queue the user has, with its capped count (one bounded query a queue)."""
    return [
        QueueCount(queue, capped_count(queue.dossiers(scope, now))) for queue in queues_for(scope)
    ]
