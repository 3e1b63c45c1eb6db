"""A merger moves the merged unit's open dossiers to its successor (agencies.merging).

Registered in MERGE_STEPS by the app config, so agencies need not know about dossiers.
Each dossier gets a `reassign_agency` event; codes, history and closed dossiers stay as
they were, and the statistics roll merged units up through agencies.services.lineage_ids.
"""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Q

from motcua.agencies.merging import MergeContext
from motcua.dossiers.models import Dossier, StepStatus
from motcua.dossiers.services.engine import perform
from motcua.dossiers.workflow import Action, transition
from motcua.worktime.calendar import TZ

MOVABLE = transition(Action.REASSIGN_AGENCY).sources


def transfer_open_dossiers(context: MergeContext) -> None:
    source = context.source
    effective = datetime.combine(context.effective_date, time(0), tzinfo=TZ)
    open_steps = Q(
        steps__agency=source,
        steps__status__in=[StepStatus.PENDING, StepStatus.ACTIVE, StepStatus.WAITING],
    )
    dossiers = (
        Dossier.objects.filter(status__in=MOVABLE)
        .filter(Q(agency=source) | Q(desk=source) | open_steps)
        .distinct()
        .order_by("id")
    )
    for dossier in dossiers:
        last = dossier.events.order_by("-seq").values_list("at", flat=True).first()
        at = max(effective, last or effective, dossier.created_at)
        perform(dossier, Action.REASSIGN_AGENCY, at=at, source=source, target=context.target)
