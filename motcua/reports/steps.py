"""Timeliness of the work itself: each finished step of the dossiers' plans judged against
its own due instant (ahead of, on or behind schedule), per department and per officer.

The engine judges a step when it finishes (DossierStep.timeliness, worktime classify), so a
report is one grouped count over the step table: steps finished in [S, E) at the agency's
subtree (with merged predecessors, agencies.services.lineage_ids).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.agencies.services import lineage_ids
from motcua.dossiers.models import DossierStep, StepStatus, Timeliness
from motcua.reports.resolution import on_time_rate, period

GROUP_BY = ("agency", "officer")
COLUMNS = ("ahead", "on_time", "behind", "total")


def step_timeliness(
    agency: Agency, start: datetime.date, end: datetime.date, group_by: str = "agency"
) -> dict[str, Any]:
    """{"rows": [...], "total": {...}}, each with key, label, ahead, on_time, behind, total
    and on_time_rate ((ahead + on time) / total, %)."""
    if group_by not in GROUP_BY:
        raise ValueError(group_by)
    p = period(start, end)
    steps = DossierStep.objects.filter(
        agency_id__in=lineage_ids(agency),
        status=StepStatus.DONE,
        finished_at__gte=p.start,
        finished_at__lt=p.end,
    ).exclude(timeliness="")
    if group_by == "agency":
        fields = ("agency__code", "agency__name")
    else:
        fields = ("finished_by__username", "finished_by__last_name", "finished_by__first_name")
    counts = (
        steps.values(*fields)
        .annotate(
            ahead=Count("pk", filter=Q(timeliness=Timeliness.EARLY)),
            on_time=Count("pk", filter=Q(timeliness=Timeliness.ON_TIME)),
            behind=Count("pk", filter=Q(timeliness=Timeliness.LATE)),
            total=Count("pk"),
        )
        .order_by(*fields)
    )
    rows = [_row(group_by, c) for c in counts]
    total = {column: sum(r[column] for r in rows) for column in COLUMNS}
    total.update(key="total", label=_("Total"))
    total["on_time_rate"] = on_time_rate(total["ahead"], total["on_time"], total["total"])
    return {"rows": rows, "total": total}


def _row(group_by: str, c: dict) -> dict[str, Any]:
    if group_by == "agency":
        key, label = c["agency__code"], c["agency__name"]
    else:
        key = c["finished_by__username"] or ""
        name = f"{c['finished_by__last_name'] or ''} {c['finished_by__first_name'] or ''}".strip()
        label = name or key or _("(the system)")
    row = {"key": key, "label": label, **{column: c[column] for column in COLUMNS}}
    row["on_time_rate"] = on_time_rate(row["ahead"], row["on_time"], row["total"])
    return row
