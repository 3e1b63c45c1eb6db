"""The service-quality index of Decision 766/QĐ-TTg (2022) per unit and period, and the
ranking of units at the same level.

100 points in six components (domain.md §5): transparency 18, timeliness 20, online
services 12, online payment 10, satisfaction 18, digitisation 22. Each supported
component is `maximum x rate`, the rate a share computed from the inputs returned with it
(the formula text says which); a component the data cannot support is marked so, with
the reason, and a component without data in the period (no fee paid, no rating) has no
value. The total is over the maximum of the components that have a value.

The component weights are the decision's; the rates are this system's reading of its
data, documented in docs/indices.md. Everything is grouped SQL: one query per component
for all the units of a ranking together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Sum, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.agencies.models import Agency
from motcua.catalogue.models import Channel
from motcua.core.validity import valid_during_q
from motcua.dossiers.models import Attachment, AttachmentKind, Dossier, Timeliness
from motcua.indices.common import ratio, round2
from motcua.indices.periods import Period, unit_ids
from motcua.ratings.criteria import CRITERIA
from motcua.ratings.models import Rating

DOC = "QĐ 766/QĐ-TTg (2022)"


@dataclass(frozen=True)
class ComponentDef:
    key: str
    name: Any
    maximum: int
    formula: Any
    unsupported: Any = ""


COMPONENTS: tuple[ComponentDef, ...] = (
    ComponentDef(
        "transparency",
        gettext_lazy("Publicity and transparency"),
        18,
        gettext_lazy("Dossiers synchronised and published on the National Public Service Portal."),
        gettext_lazy(
            "Not recorded: synchronisation of dossiers with the National Public Service "
            "Portal and the timeliness of publishing procedures."
        ),
    ),
    ComponentDef(
        "timeliness",
        gettext_lazy("Timeliness of resolution"),
        20,
        gettext_lazy(
            "20 × dossiers resolved on time (result ready by the appointment, the "
            "applicant's waiting time removed; a second supplement request counts as late) "
            "/ dossiers resolved in the period"
        ),
    ),
    ComponentDef(
        "online",
        gettext_lazy("Online public services"),
        12,
        gettext_lazy("12 × dossiers received online / dossiers received in the period"),
    ),
    ComponentDef(
        "payment",
        gettext_lazy("Online payment"),
        10,
        gettext_lazy(
            "10 × dossiers whose fees were paid online / dossiers whose fees were paid in "
            "the period"
        ),
    ),
    ComponentDef(
        "satisfaction",
        gettext_lazy("Satisfaction"),
        18,
        gettext_lazy(
            "18 × sum of the ratings' scores / (2 × %(criteria)d criteria × ratings given "
            "in the period)"
        ),
    ),
    ComponentDef(
        "digitisation",
        gettext_lazy("Digitisation"),
        22,
        gettext_lazy(
            "22 × (dossiers with a digitised document / dossiers resolved + dossiers with an "
            "electronic result / dossiers resolved) / 2; reuse of digitised data is not "
            "recorded and not counted"
        ),
    ),
)
BY_KEY = {c.key: c for c in COMPONENTS}


def formula_text(d: ComponentDef) -> str:
    text = str(d.formula)
    return text % {"criteria": len(CRITERIA)} if "%(criteria)" in text else text


TOTAL = sum(c.maximum for c in COMPONENTS)


@dataclass
class ComponentResult:
    key: str
    name: str
    maximum: int
    formula: str
    supported: bool
    reason: str  # why unsupported, or why there is no value for the period
    rate: Decimal | None  # 0..1
    points: Decimal | None
    inputs: dict[str, Any] = field(default_factory=dict)

    @property
    def percent(self) -> Decimal | None:
        return None if self.rate is None else self.rate * 100


@dataclass
class Unit766:
    agency: Agency
    period: Period
    components: list[ComponentResult]

    @property
    def total(self) -> Decimal:
        return sum((c.points for c in self.components if c.points is not None), Decimal(0))

    @property
    def maximum(self) -> int:
        """The maximum of the components that have a value."""
        return sum(c.maximum for c in self.components if c.points is not None)

    @property
    def percent(self) -> Decimal | None:
        share = ratio(self.total, self.maximum) if self.maximum else None
        return None if share is None else round2(share * 100)


# --------------------------------------------------------------------------- measuring


def _unit_of(units: dict[int, set[int]], field_name: str = "agency_id") -> Case:
    return Case(
        *[
            When(**{f"{field_name}__in": sorted(ids)}, then=Value(pk))
            for pk, ids in units.items()
            if ids
        ],
        default=None,
        output_field=IntegerField(),
    )


def _grouped(qs, units: dict[int, set[int]], **aggregates) -> dict[int, dict]:
    all_ids = set().union(*units.values()) if units else set()
    rows = (
        qs.filter(agency_id__in=all_ids)
        .annotate(unit=_unit_of(units))
        .values("unit")
        .annotate(**aggregates)
        .order_by()
    )
    return {row["unit"]: row for row in rows if row["unit"] is not None}


def _measure(units: dict[int, set[int]], period: Period) -> dict[int, dict[str, Any]]:
    """Inputs of every component for each unit, one grouped query per component."""
    on_time = Q(timeliness__in=[Timeliness.EARLY, Timeliness.ON_TIME], supplement_count__lte=1)
    resolved = Dossier.objects.filter(**period.range_q("finished_at")).exclude(timeliness="")
    digitised = Attachment.objects.filter(
        dossier=OuterRef("pk"),
        digitised=True,
        kind__in=[AttachmentKind.SUBMISSION, AttachmentKind.SUPPLEMENT],
    )
    e_result = Attachment.objects.filter(dossier=OuterRef("pk"), kind=AttachmentKind.RESULT)
    timely = _grouped(
        resolved.annotate(has_digitised=Exists(digitised), has_e_result=Exists(e_result)),
        units,
        resolved=Count("pk"),
        on_time=Count("pk", filter=on_time),
        early_or_on_time=Count(
            "pk", filter=Q(timeliness__in=[Timeliness.EARLY, Timeliness.ON_TIME])
        ),
        second_supplement=Count(
            "pk",
            filter=Q(timeliness__in=[Timeliness.EARLY, Timeliness.ON_TIME], supplement_count__gt=1),
        ),
        late=Count("pk", filter=Q(timeliness=Timeliness.LATE)),
        digitised=Count("pk", filter=Q(has_digitised=True)),
        e_result=Count("pk", filter=Q(has_e_result=True)),
    )
    received = _grouped(
        Dossier.objects.filter(**period.range_q("received_at")),
        units,
        received=Count("pk"),
        online=Count("pk", filter=Q(channel=Channel.ONLINE)),
    )
    paid = _grouped(
        Dossier.objects.filter(**period.range_q("fee_paid_at")),
        units,
        paid=Count("pk"),
        paid_online=Count("pk", filter=Q(fee_method="online")),
    )
    score_sum = sum((Sum(c.field) for c in CRITERIA[1:]), Sum(CRITERIA[0].field))
    rated = _grouped(
        Rating.objects.filter(**period.range_q("rated_at")),
        units,
        ratings=Count("pk"),
        score_sum=score_sum,
    )
    out: dict[int, dict[str, Any]] = {}
    for pk in units:
        t, r, p, s = timely.get(pk, {}), received.get(pk, {}), paid.get(pk, {}), rated.get(pk, {})
        out[pk] = {
            "resolved": t.get("resolved", 0),
            "on_time": t.get("on_time", 0),
            "early_or_on_time": t.get("early_or_on_time", 0),
            "second_supplement": t.get("second_supplement", 0),
            "late": t.get("late", 0),
            "digitised": t.get("digitised", 0),
            "e_result": t.get("e_result", 0),
            "received": r.get("received", 0),
            "online": r.get("online", 0),
            "paid": p.get("paid", 0),
            "paid_online": p.get("paid_online", 0),
            "ratings": s.get("ratings", 0),
            "score_sum": s.get("score_sum") or 0,
        }
    return out


def _component(key: str, rate: Decimal | None, inputs: dict, no_data: str = "") -> ComponentResult:
    d = BY_KEY[key]
    points = None if rate is None else round2(rate * d.maximum)
    return ComponentResult(
        key=key,
        name=str(d.name),
        maximum=d.maximum,
        formula=formula_text(d),
        supported=not d.unsupported,
        reason=str(d.unsupported) if d.unsupported else (no_data if rate is None else ""),
        rate=round2(rate) if rate is not None else None,
        points=points,
        inputs=inputs,
    )


def _components(m: dict[str, Any]) -> list[ComponentResult]:
    digitised_share = ratio(m["digitised"], m["resolved"])
    e_result_share = ratio(m["e_result"], m["resolved"])
    digitisation = (
        None if digitised_share is None else (digitised_share + e_result_share) / Decimal(2)
    )
    nothing_resolved = _("No dossier was resolved in the period.")
    return [
        _component("transparency", None, {}),
        _component(
            "timeliness",
            ratio(m["on_time"], m["resolved"]),
            {
                "dossiers_resolved": m["resolved"],
                "on_time": m["on_time"],
                "early_or_on_time": m["early_or_on_time"],
                "on_time_but_second_supplement": m["second_supplement"],
                "late": m["late"],
            },
            nothing_resolved,
        ),
        _component(
            "online",
            ratio(m["online"], m["received"]),
            {"dossiers_received": m["received"], "dossiers_online": m["online"]},
            _("No dossier was received in the period."),
        ),
        _component(
            "payment",
            ratio(m["paid_online"], m["paid"]),
            {"fees_paid": m["paid"], "fees_paid_online": m["paid_online"]},
            _("No fee was paid in the period."),
        ),
        _component(
            "satisfaction",
            ratio(m["score_sum"], 2 * len(CRITERIA) * m["ratings"]),
            {
                "ratings": m["ratings"],
                "sum_of_scores": m["score_sum"],
                "best_possible_sum": 2 * len(CRITERIA) * m["ratings"],
            },
            _("No rating was given in the period."),
        ),
        _component(
            "digitisation",
            digitisation,
            {
                "dossiers_resolved": m["resolved"],
                "with_digitised_document": m["digitised"],
                "with_electronic_result": m["e_result"],
            },
            nothing_resolved,
        ),
    ]


def unit_766(agency: Agency, period: Period) -> Unit766:
    """The index of one unit (the agency's subtree and merged predecessors)."""
    measured = _measure({agency.pk: unit_ids(agency)}, period)[agency.pk]
    return Unit766(agency, period, _components(measured))


# --------------------------------------------------------------------------- ranking


@dataclass
class RankRow:
    rank: int
    unit: Unit766


@dataclass
class Ranking:
    period: Period
    level: str
    rows: list[RankRow]
    agency: Agency | None = None

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def position(self) -> int | None:
        """The rank of `agency` among the units (ties share a rank)."""
        for row in self.rows:
            if self.agency is not None and row.unit.agency.pk == self.agency.pk:
                return row.rank
        return None


def peers(agency: Agency, period: Period) -> list[Agency]:
    """Units at the same level as `agency` under the same root (the province), existing
    during the period and not merged into another (a merged unit's figures are its
    successor's)."""
    root = agency.ancestor_ids()[0] if agency.path else agency.pk
    found = list(
        Agency.objects.filter(
            level=agency.level, path__startswith=f"/{root}/", merged_into__isnull=True
        )
        .filter(valid_during_q(period.start, period.end))
        .order_by("name", "pk")
    )
    if all(a.pk != agency.pk for a in found):
        found.append(agency)
    return found


def ranking(agency: Agency, period: Period) -> Ranking:
    """The units at `agency`'s level ranked on their index as a share of the maximum of
    their components with a value (best first; equal shares share a rank, "1, 2, 2, 4");
    units without any value come last, unranked-equal."""
    units = peers(agency, period)
    lineage = {unit.pk: unit_ids(unit) for unit in units}
    measured = _measure(lineage, period)
    results = [Unit766(unit, period, _components(measured[unit.pk])) for unit in units]
    results.sort(key=lambda u: (u.percent is None, -(u.percent or 0), u.agency.name))
    rows: list[RankRow] = []
    for i, unit in enumerate(results):
        if rows and rows[-1].unit.percent == unit.percent:
            rank = rows[-1].rank
        else:
            rank = i + 1
        rows.append(RankRow(rank, unit))
    return Ranking(period=period, level=agency.level, rows=rows, agency=agency)
