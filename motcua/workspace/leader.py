"""The leader's view: per unit under the leader's agencies, in one grouped query.

For each competent agency within the agencies where the user is a leader (or oversees):
dossiers in progress (received and not finished, paused ones included), due by the end of
this week, overdue (queries.overdue_q), and apology letters waiting for approval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count

from motcua.agencies.models import Agency, Role
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.queries import due_within_q, overdue_q, pending_apology_q
from motcua.dossiers.workflow import OPEN
from motcua.workspace.queues import WorkScope
from motcua.worktime.calendar import TZ

IN_PROGRESS = OPEN
OVERSEERS = (Role.LEADER, Role.OVERSIGHT)


def end_of_week(now: datetime) -> datetime:
    """Sunday 24:00 of the current week, Vietnam time."""
    local = now.astimezone(TZ)
    monday = local.date() - timedelta(days=local.weekday())
    return datetime.combine(monday + timedelta(days=7), time(0), tzinfo=TZ)


def hours_to_end_of_week(now: datetime) -> float:
    return max((end_of_week(now) - now).total_seconds() / 3600, 0.0)


@dataclass(frozen=True)
class UnitRow:
    agency: Agency | None  # None: the total
    in_progress: int
    due_week: int
    overdue: int
    apologies: int


@dataclass(frozen=True)
class Overview:
    rows: list[UnitRow]
    total: UnitRow | None


def overview(scope: WorkScope, now: datetime) -> Overview | None:
    """None when the user is neither a leader nor in oversight anywhere."""
    if not scope.holds(OVERSEERS):
        return None
    ids = scope.ids(OVERSEERS)
    qs = Dossier.objects.filter(status__in=IN_PROGRESS)
    if ids is not None:
        qs = qs.filter(agency_id__in=ids)
    figures = (
        qs.order_by()
        .values("agency_id")
        .annotate(
            in_progress=Count("pk"),
            due_week=Count("pk", filter=due_within_q(now, hours_to_end_of_week(now))),
            overdue=Count("pk", filter=overdue_q(now)),
            apologies=Count("pk", filter=pending_apology_q()),
        )
    )
    by_agency = {row["agency_id"]: row for row in figures}
    agencies = Agency.objects.filter(pk__in=by_agency).order_by("path")
    rows = [
        UnitRow(
            agency,
            by_agency[agency.pk]["in_progress"],
            by_agency[agency.pk]["due_week"],
            by_agency[agency.pk]["overdue"],
            by_agency[agency.pk]["apologies"],
        )
        for agency in agencies
    ]
    total = None
    if len(rows) > 1:
        total = UnitRow(
            None,
            sum(r.in_progress for r in rows),
            sum(r.due_week for r in rows),
            sum(r.overdue for r in rows),
            sum(r.apologies for r in rows),
        )
    return Overview(rows, total)
