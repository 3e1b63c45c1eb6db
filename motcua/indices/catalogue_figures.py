"""Catalogue figures for an agency or the whole catalogue: procedures in force by level,
procedures announced in a period by kind of change, procedures simplified and working
days cut (catalogue.services.simplification).

- In force on a day: the versions in force (catalogue.services.versions.in_force_q) of the
  procedures the agency handles that day (its own AgencyProcedure rows), or of every
  procedure when no agency is given. A procedure counts once per level flag it carries
  (province, district, commune); "interlinked" counts procedures with an interlinked
  internal process in force that day (of the agency, or of any agency).
- Announced in a period: versions whose announcing decision was issued in the period,
  by change kind (new, amended, replaced, abolished); for an agency, only procedures it
  handled at some time in the period.
- Simplified: `simplification_report` of the agency for the period (needs an agency).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from motcua.agencies.models import Agency
from motcua.catalogue.models import AgencyProcedure, ChangeKind, ProcedureVersion, Process
from motcua.catalogue.services.simplification import simplification_report
from motcua.catalogue.services.versions import in_force_q
from motcua.core.validity import valid_during_q, valid_on_q
from motcua.indices.periods import Period


@dataclass
class DecisionLine:
    number: str
    issued_on: datetime.date | None
    new: int = 0
    amended: int = 0
    replaced: int = 0
    abolished: int = 0


@dataclass
class CatalogueFigures:
    agency: Agency | None
    on: datetime.date
    period: Period | None
    in_force: dict[str, int]  # total, province, district, commune, interlinked
    announced: dict[str, int] = field(default_factory=dict)  # by ChangeKind value
    decisions: list[DecisionLine] = field(default_factory=list)
    simplified: int | None = None
    working_days_cut: Decimal | None = None
    documents_cut: int | None = None


def catalogue_figures(
    agency: Agency | None, on: datetime.date, period: Period | None = None
) -> CatalogueFigures:
    versions = ProcedureVersion.objects.filter(in_force_q(on))
    processes = Process.objects.filter(valid_on_q(on), interlinked=True)
    if agency is not None:
        handled = AgencyProcedure.objects.filter(valid_on_q(on), agency=agency)
        versions = versions.filter(procedure__in=handled.values("procedure"))
        processes = processes.filter(agency=agency)
    in_force = versions.aggregate(
        total=Count("procedure", distinct=True),
        province=Count("procedure", distinct=True, filter=Q(at_province=True)),
        district=Count("procedure", distinct=True, filter=Q(at_district=True)),
        commune=Count("procedure", distinct=True, filter=Q(at_commune=True)),
    )
    in_force["interlinked"] = (
        processes.filter(procedure__in=versions.values("procedure"))
        .values("procedure")
        .distinct()
        .count()
    )
    figures = CatalogueFigures(agency=agency, on=on, period=period, in_force=in_force)
    if period is None:
        return figures
    announced = ProcedureVersion.objects.filter(
        decision__issued_on__gte=period.start, decision__issued_on__lte=period.end
    )
    if agency is not None:
        during = AgencyProcedure.objects.filter(
            valid_during_q(period.start, period.end), agency=agency
        )
        announced = announced.filter(procedure__in=during.values("procedure"))
    kinds = {
        kind.value: Count("procedure", distinct=True, filter=Q(change_kind=kind.value))
        for kind in ChangeKind
    }
    figures.announced = announced.aggregate(**kinds)
    rows = (
        announced.values("decision__number", "decision__issued_on")
        .annotate(**kinds)
        .order_by("decision__issued_on", "decision__number")
    )
    figures.decisions = [
        DecisionLine(
            number=row["decision__number"],
            issued_on=row["decision__issued_on"],
            **{kind.value: row[kind.value] for kind in ChangeKind},
        )
        for row in rows
    ]
    if agency is not None:
        report = simplification_report(agency, period.start, period.end)
        figures.simplified = report.count
        figures.working_days_cut = report.working_days_cut
        figures.documents_cut = report.documents_cut
    return figures
