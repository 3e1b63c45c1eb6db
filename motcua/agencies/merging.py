"""Steps that move a merged unit's live work to its successor.

`services.merge_agency` validates, closes the source, records the AgencyMerge, then runs
every function of MERGE_STEPS in order inside the same transaction. To move one more
kind of work (open dossiers, in a later issue), write `def transfer_x(context)` and append
it to MERGE_STEPS: nothing else changes. Steps never delete: they close the source's rows
(valid_to = day before the merger) and open matching rows for the target.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from motcua.agencies.models import Agency, AgencyMerge
from motcua.catalogue.models import AgencyProcedure, Process
from motcua.catalogue.services.processes import StepSpec, create_process
from motcua.core.validity import not_closed_before_q, valid_on_q


@dataclass(frozen=True)
class MergeContext:
    merge: AgencyMerge
    source: Agency
    target: Agency
    actor: Any = None

    @property
    def effective_date(self) -> datetime.date:
        return self.merge.effective_date

    @property
    def closing_date(self) -> datetime.date:
        return self.merge.effective_date - datetime.timedelta(days=1)


MergeStep = Callable[[MergeContext], None]


def transfer_procedures(context: MergeContext) -> None:
    """The target handles the source's procedures from the effective date."""
    day = context.effective_date
    rows = AgencyProcedure.objects.filter(agency=context.source).filter(not_closed_before_q(day))
    for row in rows.select_related("procedure"):
        held = AgencyProcedure.objects.filter(agency=context.target, procedure=row.procedure)
        open_row = held.filter(valid_to__isnull=True).first()
        if open_row is not None:
            # At most one open assignment per agency and procedure: widen it if needed.
            if open_row.valid_from is not None and open_row.valid_from > day:
                open_row.valid_from = day
                open_row.save(update_fields=["valid_from"])
        elif not held.filter(valid_on_q(day)):
            AgencyProcedure.objects.create(
                agency=context.target,
                procedure=row.procedure,
                valid_from=day,
                valid_to=row.valid_to,
            )
        row.valid_to = context.closing_date
        row.save(update_fields=["valid_to"])


def _successor(agency: Agency, context: MergeContext) -> Agency:
    if agency.pk == context.source.pk:
        return context.target
    seen = set()
    while agency.merged_into_id is not None and agency.pk not in seen:
        seen.add(agency.pk)
        agency = agency.merged_into
    return agency


def transfer_processes(context: MergeContext) -> None:
    """Copy the source's latest live process of each procedure as a new version of the
    target's process, where the target has none live on the effective date."""
    day = context.effective_date
    live = Process.objects.filter(agency=context.source).filter(not_closed_before_q(day))
    latest: dict[int, Process] = {}
    for process in live.select_related("procedure").order_by("procedure_id", "-number"):
        latest.setdefault(process.procedure_id, process)
    for procedure_id, process in latest.items():
        target_versions = Process.objects.filter(agency=context.target, procedure_id=procedure_id)
        if target_versions.filter(not_closed_before_q(day)).exists():
            continue
        steps = [
            StepSpec(
                position=step.position,
                name=step.name,
                agency=_successor(step.agency, context),
                role=step.role,
                budget=step.budget,
            )
            for step in process.steps.select_related("agency")
        ]
        create_process(
            context.target,
            process.procedure,
            total=process.total,
            unit=process.unit,
            steps=steps,
            valid_from=day,
            interlinked=process.interlinked,
        )
    live.update(valid_to=context.closing_date)


MERGE_STEPS: list[MergeStep] = [transfer_procedures, transfer_processes]
