"""The evaluation indices of Circular 01/2018/TT-VPCP art. 13-15, per dossier and per unit.

Art. 13 defines nine indices scored 2 / 1 / 0. Art. 14.1: indices 1, 2, 3, 4, 6 and 7 are
scored per dossier; art. 14.2: indices 5, 6, 8 and 9 per unit. Art. 15.2.a: a unit's
score of a per-dossier index is the sum of its dossiers' scores divided by their number,
rounded to one decimal; art. 15.2.b: the total is the sum of the indices; art. 15.3.b
classifies units: >= 15 excellent, 12 to < 15 good, 9 to < 12 fair, 6 to < 9 average,
< 6 weak.

What the data supports (docs/indices.md):
- index 1 from the dossier record: early 2, on time 1, late 0 against the appointment with
  the applicant's waiting time removed; a dossier whose appointment was moved by an
  apology took longer than the law allows: 0;
- index 2 from the dossier's steps, each judged against its own due instant: the dossier
  scores as its worst participating agency;
- indices 3 and 4 from the applicant's rating (art. 14.3.a: collected by the rating form),
  over the rated dossiers;
- index 7 from the record, the rating and feedback: 0 with a report about conduct on the
  dossier (feedback `about_conduct`) or an attitude answer of 0, otherwise as index 1;
- index 9 from the catalogue (online level of the procedures handled) and the dossiers
  (online share, online dossiers late or overdue);
- indices 5, 6 and 8: not supported (the reason is returned with them).

Everything is SQL aggregation: one query per index for a unit, whatever its size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.agencies.models import Agency
from motcua.catalogue.models import AgencyProcedure, Channel, ProcedureVersion
from motcua.catalogue.services.versions import in_force_q
from motcua.core.validity import valid_on_q
from motcua.dossiers.models import Dossier, DossierStep, Timeliness
from motcua.dossiers.workflow import Status
from motcua.indices.common import ratio, received_in, resolved_in, round1, round2
from motcua.indices.periods import Period, unit_ids
from motcua.ratings.models import Feedback

DOC = "TT 01/2018/TT-VPCP"

# --------------------------------------------------------------------------- definitions


@dataclass(frozen=True)
class IndexDef:
    number: int
    name: Any  # lazy text
    source: str
    rule: Any  # lazy text: the scoring rule as the article states it
    per_dossier: bool
    basis: str  # "records", "ratings", "records+ratings", "unit", "" (unsupported)
    reading: Any = ""  # lazy text: how this system reads the rule from its data
    unsupported: Any = ""  # lazy text: why the data cannot support it ("" = supported)


INDICES: tuple[IndexDef, ...] = (
    IndexDef(
        1,
        gettext_lazy("Total resolution time compared with the time allowed by law"),
        f"{DOC} art. 13.1; art. 14.1, 14.3.a; art. 15.2.a",
        gettext_lazy("2 shorter than the time allowed, 1 equal, 0 longer."),
        True,
        "records",
        gettext_lazy(
            "From the dossier: early 2, on time 1, late 0, judged when the result is ready "
            "against the appointment with the applicant's waiting time removed; a dossier "
            "whose appointment was moved by an apology took longer than allowed: 0."
        ),
    ),
    IndexDef(
        2,
        gettext_lazy("Time taken by each participating agency compared with its time limit"),
        f"{DOC} art. 13.2; art. 14.1, 14.3.b; art. 15.2.a",
        gettext_lazy("2 shorter than its time limit, 1 equal, 0 longer."),
        True,
        "records",
        gettext_lazy(
            "From the dossier's steps, each judged against its own due instant; the dossier "
            "scores as its worst step (a late step: 0; all early: 2; otherwise 1). "
            "Dossiers without a judged step are not counted."
        ),
    ),
    IndexDef(
        3,
        gettext_lazy("Number of contacts with the receiving desk needed to complete the dossier"),
        f"{DOC} art. 13.3; art. 14.1, 14.3.a; art. 15.2.a",
        gettext_lazy("2 not once, 1 once, 0 more than once (unless the applicant was at fault)."),
        True,
        "ratings",
        gettext_lazy(
            "The applicant's answer on the rating form (only the applicant can say whose "
            "fault an extra contact was); over the rated dossiers."
        ),
    ),
    IndexDef(
        4,
        gettext_lazy("Number of agencies contacted to complete the dossier"),
        f"{DOC} art. 13.4; art. 14.1, 14.3.a; art. 15.2.a",
        gettext_lazy("2 none, 1 only the one-stop desk, 0 more than one."),
        True,
        "ratings",
        gettext_lazy("The applicant's answer on the rating form; over the rated dossiers."),
    ),
    IndexDef(
        5,
        gettext_lazy("Receiving, resolving and returning at the one-stop desk"),
        f"{DOC} art. 13.5; art. 14.2",
        gettext_lazy(
            "2 when the desk appraises and approves the required share of procedures "
            "(province 20%, district 50%, commune 100%); 1 when every procedure not excluded "
            "by Decree 61/2018 art. 14.5 is received and returned at the desk; 0 otherwise."
        ),
        False,
        "",
        unsupported=gettext_lazy(
            "Not recorded: which procedures the desk is delegated to appraise and approve, "
            "and the list of procedures excluded from the desk (Decree 61/2018 art. 14.5)."
        ),
    ),
    IndexDef(
        6,
        gettext_lazy("Publication of the procedures"),
        f"{DOC} art. 13.6; art. 14.1, 14.2",
        gettext_lazy(
            "2 published accurately, completely and in time both posted at the desk and "
            "electronically; 1 by one of the two; 0 otherwise."
        ),
        False,
        "",
        unsupported=gettext_lazy(
            "Not recorded: posting at the desk (niêm yết) and whether each publication was "
            "timely. The applicants' answer on the published information is shown in the "
            "satisfaction statistics, on another scale."
        ),
    ),
    IndexDef(
        7,
        gettext_lazy("Attitude of the officers"),
        f"{DOC} art. 13.7; art. 14.1, 14.3.a; art. 15.2.a",
        gettext_lazy(
            "2 result earlier than the time limit and no report on conduct, 1 on time and no "
            "report, 0 with a report on harassment, causing trouble or breaking the rules."
        ),
        True,
        "records+ratings",
        gettext_lazy(
            "0 when feedback on the dossier concerns an officer's conduct or the applicant "
            "rated the attitude 0; otherwise as index 1 (early 2, on time 1, late 0). A "
            "report later found untrue is not recorded and still counts."
        ),
    ),
    IndexDef(
        8,
        gettext_lazy("Handling of reports and recommendations"),
        f"{DOC} art. 13.8; art. 14.2",
        gettext_lazy(
            "2 none, or 100% handled on time and none prolonged; 1 at least 90% on time and "
            "none prolonged; 0 otherwise."
        ),
        False,
        "",
        unsupported=gettext_lazy(
            "The reference texts give no deadline for answering feedback, so “on time” "
            "cannot be judged; the feedback received and answered is shown as input."
        ),
    ),
    IndexDef(
        9,
        gettext_lazy("Progress and quality of online public services"),
        f"{DOC} art. 13.9; art. 14.2, 14.3.b",
        gettext_lazy(
            "2 at least 20% of procedures online (level 3-4), at least 30% of dossiers "
            "online and no online dossier unresolved or late; 1 online services offered, "
            "15% to under 30% online and none unresolved or late; 0 otherwise."
        ),
        False,
        "unit",
        gettext_lazy(
            "Procedures the unit handles at the period end with an online level (fully or "
            "partly online) over all it handles (the catalogue does not mark which ones "
            "“meet the requirements”); dossiers received online over all received in the "
            "period; online dossiers resolved late in the period or overdue at its end."
        ),
    ),
)
BY_NUMBER = {d.number: d for d in INDICES}


class Classification:
    """Art. 15.3.b thresholds (points out of 18)."""

    EXCELLENT = "excellent"
    GOOD = "good"
    FAIR = "fair"
    AVERAGE = "average"
    WEAK = "weak"

    LABELS = {
        EXCELLENT: gettext_lazy("Excellent"),
        GOOD: gettext_lazy("Good"),
        FAIR: gettext_lazy("Fair"),
        AVERAGE: gettext_lazy("Average"),
        WEAK: gettext_lazy("Weak"),
    }


def classify(total: Decimal) -> str:
    """Art. 15.3.b: >= 15 excellent; 12 to < 15 good; 9 to < 12 fair; 6 to < 9 average;
    < 6 weak."""
    if total >= 15:
        return Classification.EXCELLENT
    if total >= 12:
        return Classification.GOOD
    if total >= 9:
        return Classification.FAIR
    if total >= 6:
        return Classification.AVERAGE
    return Classification.WEAK


# --------------------------------------------------------------------------- results


@dataclass
class IndexResult:
    number: int
    name: str
    source: str
    rule: str
    reading: str
    supported: bool
    reason: str  # why unsupported, or why there is no score for the period
    score: Decimal | None
    inputs: dict[str, Any] = field(default_factory=dict)
    basis: str = ""


@dataclass
class UnitIndices:
    agency: Agency
    period: Period
    indices: list[IndexResult]
    total: Decimal
    maximum: int  # 2 x indices with a score
    classification: str
    provisional: bool  # some index has no score: the total covers fewer than nine

    @property
    def classification_label(self) -> str:
        return str(Classification.LABELS[self.classification])

    @property
    def scored(self) -> list[int]:
        return [r.number for r in self.indices if r.score is not None]

    @property
    def missing(self) -> list[int]:
        return [r.number for r in self.indices if r.score is None]


def _result(number: int, score, inputs: dict, reason: str = "") -> IndexResult:
    d = BY_NUMBER[number]
    return IndexResult(
        number=number,
        name=str(d.name),
        source=d.source,
        rule=str(d.rule),
        reading=str(d.reading),
        supported=not d.unsupported,
        reason=str(d.unsupported) or reason,
        score=score,
        inputs=inputs,
        basis=d.basis,
    )


# --------------------------------------------------------------------------- per-dossier scores


def _time_score():
    """Index 1 of a dossier (None while it has no result)."""
    return Case(
        When(apology_count__gt=0, then=Value(0)),
        When(timeliness=Timeliness.EARLY, then=Value(2)),
        When(timeliness=Timeliness.ON_TIME, then=Value(1)),
        When(timeliness=Timeliness.LATE, then=Value(0)),
        default=None,
        output_field=IntegerField(),
    )


_STEP_SCORE = Case(
    When(timeliness=Timeliness.EARLY, then=Value(2)),
    When(timeliness=Timeliness.ON_TIME, then=Value(1)),
    default=Value(0),
    output_field=IntegerField(),
)


def _steps_score():
    """Index 2 of a dossier: its worst judged step."""
    worst = (
        DossierStep.objects.filter(dossier=OuterRef("pk"))
        .exclude(timeliness="")
        .values("dossier")
        .annotate(worst=Min(_STEP_SCORE))
        .values("worst")
    )
    return Subquery(worst, output_field=IntegerField())


def _attitude_score():
    """Index 7 of a dossier."""
    conduct = Feedback.objects.filter(dossier=OuterRef("pk"), about_conduct=True)
    return Case(
        When(Q(timeliness=""), then=None),
        When(Exists(conduct), then=Value(0)),
        When(rating__attitude_score=0, then=Value(0)),
        default=_time_score(),
        output_field=IntegerField(),
    )


def _annotated(qs: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return qs.annotate(
        i1=_time_score(),
        i2=_steps_score(),
        i3=Case(
            When(timeliness="", then=None),
            default="rating__contacts_score",
            output_field=IntegerField(),
        ),
        i4=Case(
            When(timeliness="", then=None),
            default="rating__bodies_score",
            output_field=IntegerField(),
        ),
        i7=_attitude_score(),
    )


PER_DOSSIER = (1, 2, 3, 4, 7)


@dataclass
class DossierIndices:
    dossier: Dossier
    indices: list[IndexResult]


def dossier_indices(dossier: Dossier) -> DossierIndices:
    """The per-dossier indices (art. 14.1) of one dossier. Index 6 is not supported; a
    dossier without a result, a judged step or a rating has no score for the indices that
    need them."""
    row = _annotated(Dossier.objects.filter(pk=dossier.pk)).values(*[f"i{n}" for n in PER_DOSSIER])[
        0
    ]
    results = []
    for number in (1, 2, 3, 4, 6, 7):
        if number == 6:
            results.append(_result(6, None, {}))
            continue
        score = row[f"i{number}"]
        reason = ""
        if score is None:
            reason = _no_score_reason(number, dossier)
        results.append(_result(number, score, {}, reason))
    return DossierIndices(dossier, results)


def _no_score_reason(number: int, dossier: Dossier) -> str:
    if not dossier.timeliness:
        return _("The dossier has no result yet.")
    if number == 2:
        return _("No step of the dossier has been judged.")
    return _("The applicant has not rated the dossier.")


# --------------------------------------------------------------------------- per unit


def unit_indices(agency: Agency, period: Period) -> UnitIndices:
    """Every index of art. 13 for the unit (the agency's subtree and merged predecessors)
    over the period, with its inputs, the total and the classification (art. 15)."""
    ids = unit_ids(agency)
    resolved = resolved_in(ids, period)
    sums = _annotated(resolved).aggregate(
        dossiers=Count("pk"),
        **{f"s{n}": Sum(f"i{n}") for n in PER_DOSSIER},
        **{f"n{n}": Count(f"i{n}") for n in PER_DOSSIER},
        early=Count("pk", filter=Q(timeliness=Timeliness.EARLY)),
        on_time=Count("pk", filter=Q(timeliness=Timeliness.ON_TIME)),
        late=Count("pk", filter=Q(timeliness=Timeliness.LATE)),
        apologised=Count("pk", filter=Q(apology_count__gt=0)),
        rated=Count("rating"),
    )
    conduct = Feedback.objects.filter(
        about_conduct=True, dossier__in=resolved.values("pk")
    ).aggregate(reports=Count("dossier", distinct=True))["reports"]
    results: list[IndexResult] = []
    for number in range(1, 10):
        if number in PER_DOSSIER:
            count, total = sums[f"n{number}"], sums[f"s{number}"] or 0
            score = round1(ratio(total, count))
            inputs = {"dossiers_scored": count, "sum_of_scores": total}
            if number == 1:
                inputs.update(
                    dossiers_resolved=sums["dossiers"],
                    early=sums["early"],
                    on_time=sums["on_time"],
                    late=sums["late"],
                    apologised=sums["apologised"],
                )
            if number in (3, 4):
                inputs["dossiers_resolved"] = sums["dossiers"]
            if number == 7:
                inputs["dossiers_with_conduct_report"] = conduct
            reason = ""
            if score is None:
                reason = (
                    _("No rated dossier was resolved in the period.")
                    if number in (3, 4)
                    else _("No dossier was resolved in the period.")
                )
            results.append(_result(number, score, inputs, reason))
        elif number == 8:
            results.append(_result(8, None, _feedback_inputs(ids, period)))
        elif number == 9:
            results.append(_index9(ids, period))
        else:
            results.append(_result(number, None, {}))
    scored = [r for r in results if r.score is not None]
    total = sum((r.score for r in scored), Decimal(0))
    return UnitIndices(
        agency=agency,
        period=period,
        indices=results,
        total=total,
        maximum=2 * len(scored),
        classification=classify(total),
        provisional=len(scored) < len(INDICES),
    )


def _feedback_inputs(ids: set[int], period: Period) -> dict:
    counts = Feedback.objects.filter(agency_id__in=ids, **period.range_q("created_at")).aggregate(
        received=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )
    return {"feedback_received": counts["received"], "feedback_answered": counts["answered"]}


ONLINE_PROCEDURES_FOR_2 = Decimal("0.20")
ONLINE_DOSSIERS_FOR_2 = Decimal("0.30")
ONLINE_DOSSIERS_FOR_1 = Decimal("0.15")


def _index9(ids: set[int], period: Period) -> IndexResult:
    handled = (
        AgencyProcedure.objects.filter(agency_id__in=ids)
        .filter(valid_on_q(period.end))
        .values("procedure")
    )
    procs = ProcedureVersion.objects.filter(
        in_force_q(period.end), procedure__in=handled
    ).aggregate(
        handled=Count("procedure", distinct=True),
        online=Count("procedure", distinct=True, filter=~Q(online_level="")),
    )
    received = received_in(ids, period).aggregate(
        received=Count("pk"), online=Count("pk", filter=Q(channel=Channel.ONLINE))
    )
    online = Dossier.objects.filter(agency_id__in=ids, channel=Channel.ONLINE)
    late = online.filter(timeliness=Timeliness.LATE, **period.range_q("finished_at")).count()
    overdue = (
        online.filter(received_at__lt=period.until, due_at__lt=period.until)
        .filter(Q(finished_at__isnull=True) | Q(finished_at__gte=period.until))
        .exclude(status__in=[Status.WITHDRAWN, Status.STOPPED, Status.REFUSED])
        .count()
    )
    procedure_share = ratio(procs["online"], procs["handled"])
    dossier_share = ratio(received["online"], received["received"])
    inputs = {
        "procedures_handled": procs["handled"],
        "procedures_online": procs["online"],
        "procedures_online_share": round2(procedure_share),
        "dossiers_received": received["received"],
        "dossiers_online": received["online"],
        "dossiers_online_share": round2(dossier_share),
        "online_resolved_late": late,
        "online_overdue_at_end": overdue,
    }
    if dossier_share is None or procedure_share is None:
        reason = _("No dossier was received, or no procedure is handled, in the period.")
        return _result(9, None, inputs, reason)
    clean = late == 0 and overdue == 0
    if (
        clean
        and procedure_share >= ONLINE_PROCEDURES_FOR_2
        and dossier_share >= ONLINE_DOSSIERS_FOR_2
    ):
        score = Decimal(2)
    elif clean and procs["online"] > 0 and dossier_share >= ONLINE_DOSSIERS_FOR_1:
        score = Decimal(1)
    else:
        score = Decimal(0)
    return _result(9, score, inputs)
