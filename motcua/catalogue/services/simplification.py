"""Procedure simplification over a period ("58 thủ tục được đơn giản hóa, cắt giảm 212 ngày").

Among the procedures an agency handles during the period, a procedure is simplified when
a version taking effect in the period has, compared with the version before the period,
a shorter statutory time at the counter (same unit only) or fewer required documents.
Only working days add to the total cut. Several versions in one period are compared net:
the version before the first change against the last version of the period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.agencies.models import Agency
from motcua.catalogue.models import (
    AgencyProcedure,
    ChangeKind,
    Channel,
    ProcedureVersion,
    ProcessingTime,
)
from motcua.catalogue.services.search import resolve_agency
from motcua.core.validity import valid_during_q
from motcua.worktime.units import DurationUnit


@dataclass
class SimplificationLine:
    code: str
    name: str
    old_version: int
    new_version: int
    valid_from: date | None
    old_time: Decimal | None
    new_time: Decimal | None
    unit: str  # DurationUnit value of the compared counter times, "" when not comparable
    time_cut: Decimal
    working_days_cut: Decimal
    documents_before: int
    documents_after: int

    @property
    def documents_cut(self) -> int:
        return max(self.documents_before - self.documents_after, 0)


@dataclass
class SimplificationReport:
    agency: Agency
    start: date
    end: date
    lines: list[SimplificationLine] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.lines)

    @property
    def working_days_cut(self) -> Decimal:
        return sum((line.working_days_cut for line in self.lines), Decimal(0))

    @property
    def documents_cut(self) -> int:
        return sum(line.documents_cut for line in self.lines)

    def summary(self) -> str:
        days = f"{self.working_days_cut.normalize():f}".replace(".", ",")
        return ngettext(
            "%(count)d procedure simplified, %(days)s working days cut",
            "%(count)d procedures simplified, %(days)s working days cut",
            self.count,
        ) % {"count": self.count, "days": days}


def counted_documents(version: ProcedureVersion) -> int:
    """Required papers: entries asking for at least one original or copy (others are notes)."""
    return sum(1 for doc in version.documents.all() if doc.originals + doc.copies > 0)


def counter_time(version: ProcedureVersion) -> ProcessingTime | None:
    """The first counter-channel time with an amount and a unit, if any."""
    for time in version.processing_times.all():
        if time.channel == Channel.COUNTER and time.amount is not None and time.unit:
            return time
    return None


def simplification_report(
    agency: Agency | int | str, start: date, end: date
) -> SimplificationReport:
    agency = resolve_agency(agency)
    if end < start:
        raise ValidationError(_("The end of the period is before its start."))
    handled = AgencyProcedure.objects.filter(agency=agency).filter(valid_during_q(start, end))
    versions = (
        ProcedureVersion.objects.filter(procedure__in=handled.values("procedure"))
        .exclude(change_kind=ChangeKind.ABOLISHED)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
        .select_related("procedure")
        .prefetch_related(
            Prefetch("processing_times", queryset=ProcessingTime.objects.order_by("position")),
            "documents",
        )
        .order_by("procedure__code", "number")
    )
    by_procedure: dict[int, list[ProcedureVersion]] = {}
    for version in versions:
        by_procedure.setdefault(version.procedure_id, []).append(version)
    report = SimplificationReport(agency=agency, start=start, end=end)
    for history in by_procedure.values():
        changed = [v for v in history if v.valid_from and start <= v.valid_from <= end]
        if not changed:
            continue
        before = [v for v in history if v.number < changed[0].number]
        if not before:
            continue
        line = _compare(before[-1], changed[-1])
        if line is not None:
            report.lines.append(line)
    return report


def _compare(old: ProcedureVersion, new: ProcedureVersion) -> SimplificationLine | None:
    old_time, new_time = counter_time(old), counter_time(new)
    comparable = old_time is not None and new_time is not None and old_time.unit == new_time.unit
    cut = Decimal(0)
    if comparable and new_time.amount < old_time.amount:
        cut = old_time.amount - new_time.amount
    docs_before, docs_after = counted_documents(old), counted_documents(new)
    if cut <= 0 and docs_after >= docs_before:
        return None
    unit = old_time.unit if comparable else ""
    return SimplificationLine(
        code=new.procedure.code,
        name=new.name,
        old_version=old.number,
        new_version=new.number,
        valid_from=new.valid_from,
        old_time=old_time.amount if comparable else None,
        new_time=new_time.amount if comparable else None,
        unit=unit,
        time_cut=cut,
        working_days_cut=cut if unit == DurationUnit.WORKING_DAYS else Decimal(0),
        documents_before=docs_before,
        documents_after=docs_after,
    )
