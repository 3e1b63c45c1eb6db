"""The resolution report (tình hình, kết quả giải quyết TTHC; Biểu 06 style), exact and fast.

Sources: domain.md §5 (the columns, "counted as of the period end", drill-down, interlinked
dossiers once per unit); Decree 61/2018 art. 19 (time waiting for the applicant does not
count; the apology and new appointment, art. 19.9); Circular 01/2018 (the report form).

Definitions, for a period [S, E) where S is the first day at 00:00 and E the day after the
last day at 00:00, Vietnam time (so "as of the end date 23:59:59"):

- received_online / received_offline: received (`received_at`, set by receive / accept) in
  [S, E), channel 2 / channels 1 (counter) and 3 (post); received_total is their sum.
- carried_over: received before S and neither finished (`finished_at`, result ready) nor
  closed (`closed_at`: withdrawn, stopped, returned) before S.
- resolved_early / _on_time / _late: result ready (approved, or refused after appraisal) in
  [S, E), by the timeliness the engine judged at that moment against the appointment in
  force with paused time removed (domain.md §4); resolved_total is their sum.
- in_progress_within / _overdue: received before E, neither finished nor closed before E.
  Overdue when the appointment in force at E (the `due_at` recorded by the dossier's last
  event at or before E, so an apology approved after E does not count) is before E and the
  dossier was not waiting for the applicant at E (no ClockPause covering E); otherwise
  within. in_progress_total is their sum. While the period is still running, E for this
  judgement is the moment of the report (`Period.judged_at`): a dossier due tomorrow is
  not overdue today.
- returned: result returned (`returned_at`) in [S, E).
- withdrawn / stopped: received dossiers closed in [S, E) with that status.
- refused: refused at reception (form 03, national status 3; never received) in [S, E).
- on_time_rate: (early + on time) / resolved_total in %, one decimal; None when nothing was
  resolved.

Identity (tests/reports): carried_over + received_total
  = resolved_total + in_progress_total + withdrawn + stopped.
A refusal after appraisal is a resolution (result ready, judged for timeliness), so it is in
resolved_*, not in `refused`; `refused` and `returned` stand outside the identity.

A dossier is one row however many agencies took part (consultation, hand-over): it counts
once, under its competent agency (`Dossier.agency`). The chosen agency's scope is its
subtree plus the units merged into it (agencies.services.lineage_ids).

Every column is ONE `Q` (`column_conditions`), the drill-down (`resolution_dossiers`)
applies it to the dossiers. The aggregate (`resolution`) is two grouped queries: the
additive columns (`COUNTED`, whose table also gives the engine's per-day counters,
reports.counters) summed over `DailyCount`, and the open-at-S / open-at-E columns counted
with their `Q` over the few dossiers open at those instants (docs/reports.md).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.agencies.models import Agency, Level
from motcua.agencies.services import lineage_ids
from motcua.catalogue.models import Channel, Field, ProcedureVersion
from motcua.dossiers.models import ClockPause, Dossier, Event, Timeliness
from motcua.dossiers.workflow import Status
from motcua.reports.models import DailyCount
from motcua.reports.spans import open_span
from motcua.worktime.calendar import TZ

# PostgreSQL: the open-at-an-instant conditions also go through the GiST span index.
_SPANS = connection.vendor == "postgresql"

GROUP_BY = ("agency", "level", "field", "procedure")

# The counted columns, in the order of the form and of the API.
COLUMNS = (
    "carried_over",
    "received_online",
    "received_offline",
    "received_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "resolved_total",
    "in_progress_within",
    "in_progress_overdue",
    "in_progress_total",
    "returned",
    "withdrawn",
    "refused",
    "stopped",
)
KEYS = ("key", "label", *COLUMNS, "on_time_rate")
# Numbers of the form that are not API keys but still open their dossiers: "dossiers to
# resolve" = carried over + newly received (disjoint sets).
DRILL_COLUMNS = (*COLUMNS, "to_resolve")
TOTAL_KEY = "total"

COLUMN_LABELS = {
    "carried_over": gettext_lazy("Carried over"),
    "received_online": gettext_lazy("Received online"),
    "received_offline": gettext_lazy("Received at the counter or by post"),
    "received_total": gettext_lazy("Newly received"),
    "resolved_early": gettext_lazy("Resolved early"),
    "resolved_on_time": gettext_lazy("Resolved on time"),
    "resolved_late": gettext_lazy("Resolved late"),
    "resolved_total": gettext_lazy("Resolved"),
    "in_progress_within": gettext_lazy("In progress within the deadline"),
    "in_progress_overdue": gettext_lazy("In progress overdue"),
    "in_progress_total": gettext_lazy("In progress"),
    "returned": gettext_lazy("Result returned"),
    "withdrawn": gettext_lazy("Withdrawn"),
    "refused": gettext_lazy("Refused at reception"),
    "stopped": gettext_lazy("Stopped"),
    "to_resolve": gettext_lazy("Dossiers to resolve"),
}

LEVEL_LABELS = {
    "province": gettext_lazy("Province level"),
    "district": gettext_lazy("District level"),
    "commune": gettext_lazy("Commune level"),
}
_LEVEL_ORDER = ("province", "district", "commune")


@dataclass(frozen=True)
class Period:
    """[start, end) in Vietnam time: from the first day 00:00 to the day after the last."""

    first: datetime.date
    last: datetime.date
    # When the report is made; None: judge at the end (a finished period, or tests).
    now: datetime.datetime | None = None

    @property
    def judged_at(self) -> datetime.datetime:
        """Where dossiers in progress are judged within or overdue: the period end, or
        the moment of the report while the period is still running (a dossier due
        tomorrow is not overdue today)."""
        return min(self.end, self.now) if self.now is not None else self.end

    @property
    def start(self) -> datetime.datetime:
        return datetime.datetime.combine(self.first, datetime.time(), tzinfo=TZ)

    @property
    def end(self) -> datetime.datetime:
        day = self.last + datetime.timedelta(days=1)
        return datetime.datetime.combine(day, datetime.time(), tzinfo=TZ)


def period(start: datetime.date, end: datetime.date) -> Period:
    if end < start:
        raise ValidationError(_("The period ends before it starts."), code="bad_period")
    if (end - start).days > 366 * 10:
        raise ValidationError(_("A report covers at most ten years."), code="bad_period")
    return Period(start, end, timezone.now())


@dataclass
class Report:
    agency: Agency
    start: datetime.date
    end: datetime.date
    group_by: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: dict[str, Any] = field(default_factory=dict)


# --- the columns, each defined once -------------------------------------------------------


def _paused_at(instant: datetime.datetime) -> Exists:
    """Waiting for the applicant at `instant` (ND 61/2018 art. 19: the clock is paused)."""
    return Exists(
        ClockPause.objects.filter(dossier=OuterRef("pk"), started_at__lt=instant).filter(
            Q(ended_at__isnull=True) | Q(ended_at__gte=instant)
        )
    )


def _due_as_of(instant: datetime.datetime) -> Subquery:
    """The appointment in force just before `instant`: what the dossier's last event before
    it recorded (an apology approved later has not moved it yet)."""
    return Subquery(
        Event.objects.filter(dossier=OuterRef("pk"), at__lt=instant)
        .order_by("-at", "-seq")
        .values("due_at")[:1]
    )


def annotate_as_of(qs: QuerySet[Dossier], p: Period) -> QuerySet[Dossier]:
    """The two as-of-E values the in-progress columns need; evaluated only for dossiers in
    progress at E (CASE), through the (dossier, at) event index and the pause FK index.
    On PostgreSQL also the open span that `_open_at` tests. Every column's Q needs it."""
    if _SPANS:
        qs = qs.annotate(report_span=open_span())
    running = _in_progress(p)
    return qs.annotate(
        report_paused=Case(When(running, then=_paused_at(p.judged_at)), default=Value(False)),
        report_due=Case(When(running, then=_due_as_of(p.judged_at)), default=Value(None)),
    )


def _between(name: str, p: Period) -> Q:
    return Q(**{f"{name}__gte": p.start, f"{name}__lt": p.end})


def _not_before(name: str, instant: datetime.datetime) -> Q:
    """Not set, or set at/after `instant` (NULL-safe negation of `name < instant`)."""
    return Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": instant})


def _open_at(instant: datetime.datetime, indexed: bool = False) -> Q:
    """Received before `instant` and neither finished nor closed before it. `indexed`, for
    a WHERE on PostgreSQL: the same condition also written as "the open span contains the
    instant" (after `annotate_as_of`), which the GiST index `dossier_open_span` (reports
    migration 0002) answers without reading the dossiers closed long after the instant."""
    q = (
        Q(received_at__lt=instant)
        & _not_before("finished_at", instant)
        & _not_before("closed_at", instant)
    )
    return q & Q(report_span__contains=instant) if indexed and _SPANS else q


def _in_progress(p: Period, indexed: bool = False) -> Q:
    return _open_at(p.end, indexed)


@dataclass(frozen=True)
class Counted:
    """An additive column: dossiers whose `instant` falls in the period and whose fields
    have one of the listed values. Read two ways from this one table: as SQL (`q`, for
    the drill-down and the counter rebuild) and in Python (`holds`, for the counters the
    engine keeps per day, reports.counters)."""

    instant: str
    where: tuple[tuple[str, frozenset[Any]], ...] = ()
    received: bool = False  # only dossiers that were received (not refused at the desk)

    def q(self) -> Q:
        q = Q(**{f"{self.instant}__isnull": False})
        for name, values in self.where:
            q &= Q(**{f"{name}__in": sorted(values)})
        if self.received:
            q &= Q(received_at__isnull=False)
        return q

    def holds(self, dossier: Dossier) -> bool:
        if getattr(dossier, self.instant) is None:
            return False
        if self.received and dossier.received_at is None:
            return False
        return all(getattr(dossier, name) in values for name, values in self.where)


def _only(name: str, *values: Any) -> tuple[tuple[str, frozenset[Any]], ...]:
    return ((name, frozenset(values)),)


# The columns that are sums over days (kept as per-day counters), in form order.
COUNTED: dict[str, Counted] = {
    "received_online": Counted("received_at", _only("channel", Channel.ONLINE)),
    "received_offline": Counted("received_at", _only("channel", Channel.COUNTER, Channel.POSTAL)),
    "resolved_early": Counted("finished_at", _only("timeliness", Timeliness.EARLY)),
    "resolved_on_time": Counted("finished_at", _only("timeliness", Timeliness.ON_TIME)),
    "resolved_late": Counted("finished_at", _only("timeliness", Timeliness.LATE)),
    "returned": Counted("returned_at"),
    "withdrawn": Counted("closed_at", _only("status", Status.WITHDRAWN), received=True),
    "refused": Counted("closed_at", _only("status", Status.REFUSED)),
    "stopped": Counted("closed_at", _only("status", Status.STOPPED), received=True),
}
# Columns that are the sum of counted ones.
SUMS = {
    "received_total": ("received_online", "received_offline"),
    "resolved_total": ("resolved_early", "resolved_on_time", "resolved_late"),
}


def column_conditions(p: Period, indexed: bool = False) -> dict[str, Q]:
    """Each column as one Q over Dossier (after `annotate_as_of`); `indexed` for a WHERE
    (see `_open_at`), not for the FILTER of an aggregate over rows already found."""
    conditions = {name: _between(c.instant, p) & c.q() for name, c in COUNTED.items()}
    for name, parts in SUMS.items():
        combined = Q(pk__in=[])
        for part in parts:
            combined |= conditions[part]
        conditions[name] = combined
    in_progress = _in_progress(p, indexed)
    conditions.update(
        carried_over=_open_at(p.start, indexed),
        in_progress_within=in_progress
        & (Q(report_paused=True) | Q(report_due__isnull=True) | Q(report_due__gte=p.judged_at)),
        # The appointment first: most open dossiers are within it, so the pause is looked
        # up only for the few that are past it.
        in_progress_overdue=in_progress & Q(report_due__lt=p.judged_at) & Q(report_paused=False),
        in_progress_total=in_progress,
    )
    return {column: conditions[column] for column in COLUMNS}


# --- the groups ---------------------------------------------------------------------------


@dataclass
class Grouping:
    """How dossiers of the scope fall into rows: an SQL expression giving each row's key,
    the labels, the order, the rows shown even when empty, and the drill-down condition."""

    expression: Any
    labels: dict[str, str]
    order: list[str]
    always: list[str]
    members: dict[str, Q]

    def label(self, key: str) -> str:
        return self.labels.get(key, key)


def _agency_rows(root: Agency, ids: set[int]) -> tuple[dict[int, Agency], dict[int, Agency]]:
    """Each agency of the scope -> the row it is counted under: the direct child of `root`
    containing it, or `root` itself; a merged unit counts under its successor's row."""
    loaded = {a.pk: a for a in Agency.objects.filter(pk__in=ids)}
    depth = len(root.ancestor_ids())
    memo: dict[int, Agency] = {}

    def row_of(agency: Agency, seen: frozenset[int] = frozenset()) -> Agency:
        if agency.pk in memo:
            return memo[agency.pk]
        result = None
        chain = list(reversed(agency.ancestor_ids()))  # self first, then upwards
        for pk in chain:
            if pk == root.pk:
                break
            node = loaded.get(pk)
            if node is None:
                continue
            target = node.merged_into_id
            if target is not None and target in loaded and target not in seen:
                result = row_of(loaded[target], seen | {pk})
                break
        if result is None:
            path_ids = agency.ancestor_ids()
            if agency.path.startswith(root.path) and len(path_ids) > depth:
                result = loaded.get(path_ids[depth], root)
            else:
                result = root
        memo[agency.pk] = result
        return result

    return loaded, {pk: row_of(a) for pk, a in loaded.items()}


def _level_of(agency: Agency, ancestors: dict[int, Agency]) -> str:
    """Province / district / commune: the administrative unit the agency belongs to (a
    department is province level; a division, its unit's level)."""
    for pk in reversed(agency.ancestor_ids()):
        node = ancestors.get(pk)
        if node is None:
            continue
        if node.level in (Level.PROVINCE, Level.DEPARTMENT):
            return "province"
        if node.level in (Level.DISTRICT, Level.COMMUNE):
            return str(node.level)
    return "province"


def _case(mapping: dict[str, list[int]], column: str = "agency_id") -> Any:
    whens = [When(**{f"{column}__in": pks}, then=Value(key)) for key, pks in mapping.items() if pks]
    if not whens:
        return Value("", output_field=CharField())
    return Case(*whens, default=Value(""), output_field=CharField())


def grouping(root: Agency, ids: set[int], group_by: str) -> Grouping:
    if group_by == "agency":
        loaded, rows = _agency_rows(root, ids)
        mapping: dict[str, list[int]] = {}
        heads: dict[str, Agency] = {}
        for pk, head in rows.items():
            mapping.setdefault(head.code, []).append(pk)
            heads[head.code] = head
        order = sorted(heads, key=lambda code: (heads[code].pk != root.pk, heads[code].path))
        always = [
            code
            for code, head in heads.items()
            if head.pk == root.pk or (head.level != Level.DIVISION and head.valid_to is None)
        ]
        return Grouping(
            _case(mapping),
            {code: head.name for code, head in heads.items()},
            order,
            always,
            {code: Q(agency_id__in=pks) for code, pks in mapping.items()},
        )
    if group_by == "level":
        loaded = {a.pk: a for a in Agency.objects.filter(pk__in=ids)}
        extra = {pk for a in loaded.values() for pk in a.ancestor_ids()} - set(loaded)
        ancestors = {**loaded, **{a.pk: a for a in Agency.objects.filter(pk__in=extra)}}
        mapping = {}
        for pk, agency in loaded.items():
            mapping.setdefault(_level_of(agency, ancestors), []).append(pk)
        return Grouping(
            _case(mapping),
            {key: str(label) for key, label in LEVEL_LABELS.items()},
            list(_LEVEL_ORDER),
            [],
            {key: Q(agency_id__in=pks) for key, pks in mapping.items()},
        )
    if group_by == "field":
        return Grouping(
            Cast(F("procedure_version__field_id"), CharField()),
            {},
            [],
            [],
            {},
        )
    if group_by == "procedure":
        return Grouping(F("procedure__code"), {}, [], [], {})
    raise ValidationError(
        _("Group by one of: %(choices)s.") % {"choices": ", ".join(GROUP_BY)}, code="group_by"
    )


def _member_condition(group_by: str, grouping_: Grouping, key: str) -> Q:
    if group_by in ("agency", "level"):
        if key not in grouping_.members:
            return Q(pk__in=[])
        return grouping_.members[key]
    if group_by == "field":
        return Q(procedure_version__field_id=int(key)) if key.isdigit() else Q(pk__in=[])
    return Q(procedure__code=key)


def _labels_for(group_by: str, keys: Iterable[str]) -> dict[str, str]:
    keys = [k for k in keys if k]
    if group_by == "field":
        pks = [int(k) for k in keys if k.isdigit()]
        return {str(f.pk): f.name for f in Field.objects.filter(pk__in=pks)}
    if group_by == "procedure":
        labels: dict[str, str] = {}
        versions = (
            ProcedureVersion.objects.filter(procedure__code__in=keys)
            .order_by("procedure__code", "-valid_from", "-number")
            .values_list("procedure__code", "name")
        )
        for code, name in versions:
            labels.setdefault(code, name)
        return labels
    return {}


# --- the report ---------------------------------------------------------------------------


def on_time_rate(early: int, on_time: int, resolved: int) -> float | None:
    """(early + on time) / resolved in %, one decimal (half up); None when none resolved."""
    if not resolved:
        return None
    rate = Decimal(100 * (early + on_time)) / Decimal(resolved)
    return float(rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _row(key: str, label: str, counts: dict[str, int]) -> dict[str, Any]:
    row: dict[str, Any] = {"key": key, "label": label}
    for column in COLUMNS:
        row[column] = int(counts.get(column) or 0)
    row["on_time_rate"] = on_time_rate(
        row["resolved_early"], row["resolved_on_time"], row["resolved_total"]
    )
    return row


def _open_dossiers(ids: set[int], p: Period) -> QuerySet[Dossier]:
    """The dossiers of the scope open at S or at E (a few thousand even in a province of
    millions)."""
    qs = annotate_as_of(Dossier.objects.filter(agency_id__in=ids), p)
    return qs.filter(_open_at(p.start, indexed=True) | _open_at(p.end, indexed=True))


def _counted(ids: set[int], p: Period, g: Grouping) -> dict[str, dict[str, int]]:
    rows = (
        DailyCount.objects.filter(agency_id__in=ids, day__gte=p.first, day__lte=p.last)
        .annotate(report_key=g.expression)
        .values("report_key")
        .annotate(**{column: Sum(column) for column in COUNTED})
        .order_by()
    )
    return {row.pop("report_key"): row for row in rows}


def _opened(ids: set[int], p: Period, g: Grouping) -> dict[str, dict[str, int]]:
    """Within = in progress - overdue (the two Qs are complements inside "in progress"),
    so that the as-of-E subqueries run once per dossier, in the overdue filter only."""
    conditions = column_conditions(p)
    counted = ("carried_over", "in_progress_total", "in_progress_overdue")
    rows = (
        _open_dossiers(ids, p)
        .annotate(report_key=g.expression)
        .values("report_key")
        .annotate(**{c: Count("pk", filter=conditions[c]) for c in counted})
        .order_by()
    )
    out = {}
    for row in rows:
        row["in_progress_within"] = row["in_progress_total"] - row["in_progress_overdue"]
        out[row.pop("report_key")] = row
    return out


def resolution(agency: Agency, start: datetime.date, end: datetime.date, group_by: str) -> Report:
    """The report of `agency`'s scope for [start, end], one row per group plus the total.

    Two SQL queries, grouped by the row key (CASE over agency ids for agency / level, the
    field id, the procedure code): the additive columns summed from the per-day counters
    (reports.counters, kept by the engine), and the open-at-S / open-at-E columns counted
    over the few dossiers open at those instants with COUNT(*) FILTER of their `Q`. Both
    agree with the drill-down (`resolution_dossiers`), which applies the same `Q` to the
    dossiers. The total is the sum of the rows (each dossier is in exactly one row)."""
    p = period(start, end)
    ids = lineage_ids(agency)
    g = grouping(agency, ids, group_by)
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for part in (_counted(ids, p, g), _opened(ids, p, g)):
        for key, counts in part.items():
            found[key].update(counts)
    for counts in found.values():
        for column, parts in SUMS.items():
            counts[column] = sum(counts.get(x) or 0 for x in parts)
    found = {k: v for k, v in found.items() if any(v.get(c) for c in COLUMNS)}
    labels = {**g.labels, **_labels_for(group_by, found)}
    keys = list(dict.fromkeys([*g.always, *found]))
    position = {key: i for i, key in enumerate(g.order)}
    keys.sort(key=lambda k: (position.get(k, len(position)), labels.get(k, k), k))
    rows = [_row(key, labels.get(key, key or "—"), found.get(key, {})) for key in keys]
    sums = {column: sum(row[column] for row in rows) for column in COLUMNS}
    total = _row(TOTAL_KEY, _("Total"), sums)
    return Report(agency, start, end, group_by, rows, total)


def resolution_dossiers(
    agency: Agency,
    start: datetime.date,
    end: datetime.date,
    group_key: str,
    column: str,
    group_by: str = "agency",
) -> QuerySet[Dossier]:
    """The dossiers behind one number: the same Q as the aggregate, restricted to one row
    (`group_key`; "total" or "" for the total row)."""
    if column not in DRILL_COLUMNS:
        raise ValidationError(_("Unknown column %(column)s.") % {"column": column}, code="column")
    p = period(start, end)
    ids = lineage_ids(agency)
    g = grouping(agency, ids, group_by)
    conditions = column_conditions(p, indexed=True)
    qs = annotate_as_of(Dossier.objects.filter(agency_id__in=ids), p)
    conditions["to_resolve"] = conditions["carried_over"] | conditions["received_total"]
    qs = qs.filter(conditions[column])
    if group_key and group_key != TOTAL_KEY:
        qs = qs.filter(_member_condition(group_by, g, group_key))
    return qs
