"""The per-day counters (reports.models.DailyCount): kept, rebuilt, checked, summed.

What a dossier adds to the counters is its *signature*: for each additive column of the
report (resolution.COUNTED) that holds for it, one unit on (agency, day of the column's
instant, procedure version). The engine takes the signature before and after an action and
applies the difference in the same transaction (`record`), so the counters always equal
what `aggregate` computes from the dossiers; `rebuild` and `check` are for operators
(`motcua report counters`) and for data written in bulk.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.reports.models import DailyCount
from motcua.reports.resolution import COUNTED
from motcua.worktime.calendar import TZ

# (agency id, day, procedure version id, procedure id)
Key = tuple[int, date, int, int]
Signature = Counter[tuple[Key, str]]

FIELDS = tuple(COUNTED)


def signature(dossier: Dossier | None) -> Signature:
    """What `dossier` adds to the counters as it stands (empty for None or a draft)."""
    out: Signature = Counter()
    if dossier is None or dossier.pk is None:
        return out
    for column, counted in COUNTED.items():
        if counted.holds(dossier):
            day = timezone.localtime(getattr(dossier, counted.instant), TZ).date()
            key = (dossier.agency_id, day, dossier.procedure_version_id, dossier.procedure_id)
            out[(key, column)] += 1
    return out


def difference(before: Signature, after: Signature) -> dict[Key, dict[str, int]]:
    deltas: dict[Key, dict[str, int]] = defaultdict(dict)
    for item in set(before) | set(after):
        change = after[item] - before[item]
        if change:
            key, column = item
            deltas[key][column] = deltas[key].get(column, 0) + change
    return dict(deltas)


def record(before: Signature, after: Signature) -> None:
    """Apply the change from `before` to `after` (call inside the writer's transaction)."""
    add(difference(before, after))


def add(deltas: dict[Key, dict[str, int]]) -> None:
    """Add per-key column deltas: one upsert (INSERT ... ON CONFLICT DO UPDATE SET
    c = c + excluded.c) for all keys, atomic per row on SQLite and PostgreSQL."""
    if not deltas:
        return
    table = DailyCount._meta.db_table
    columns = ("agency_id", "day", "procedure_version_id", "procedure_id", *FIELDS)
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in FIELDS)
    items = sorted(deltas.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), 500):
            chunk = items[start : start + 500]
            params: list = []
            for key, change in chunk:
                params.extend(key)
                params.extend(change.get(c, 0) for c in FIELDS)
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                + ", ".join([row] * len(chunk))
                + f" ON CONFLICT (agency_id, day, procedure_version_id) DO UPDATE SET {updates}",
                params,
            )


def aggregate(dossiers: QuerySet[Dossier] | None = None) -> dict[Key, dict[str, int]]:
    """The counters computed from the dossiers: one grouped query per instant field, each
    column a COUNT(*) FILTER of its `Counted.q()` (the same condition as the drill-down)."""
    dossiers = Dossier.objects.all() if dossiers is None else dossiers
    by_instant: dict[str, list[str]] = defaultdict(list)
    for column, counted in COUNTED.items():
        by_instant[counted.instant].append(column)
    out: dict[Key, dict[str, int]] = defaultdict(dict)
    for instant, columns in by_instant.items():
        rows = (
            dossiers.filter(**{f"{instant}__isnull": False})
            .annotate(count_day=TruncDate(instant, tzinfo=TZ))
            .values("agency_id", "count_day", "procedure_version_id", "procedure_id")
            .annotate(**{c: Count("pk", filter=COUNTED[c].q()) for c in columns})
            .order_by()
        )
        for r in rows.iterator(chunk_size=10_000):
            key = (r["agency_id"], r["count_day"], r["procedure_version_id"], r["procedure_id"])
            for c in columns:
                if r[c]:
                    out[key][c] = r[c]
    return dict(out)


def stored() -> dict[Key, dict[str, int]]:
    out: dict[Key, dict[str, int]] = {}
    rows = DailyCount.objects.values_list(
        "agency_id", "day", "procedure_version_id", "procedure_id", *FIELDS
    )
    for r in rows.iterator(chunk_size=10_000):
        values = {c: v for c, v in zip(FIELDS, r[4:], strict=True) if v}
        if values:
            out[tuple(r[:4])] = values  # type: ignore[index]
    return out


def rebuild() -> int:
    """Replace every counter by the aggregate of the dossiers; returns the rows written."""
    fresh = aggregate()
    with transaction.atomic():
        DailyCount.objects.all().delete()
        DailyCount.objects.bulk_create(_rows(fresh), batch_size=5_000)
    return len(fresh)


def add_dossiers(dossiers: QuerySet[Dossier]) -> None:
    """Count dossiers written in bulk (seeding, import) that were not counted yet."""
    add(aggregate(dossiers))


def check() -> list[tuple[Key, str, int, int]]:
    """Differences (key, column, stored, from the dossiers); empty when all agree."""
    fresh, kept = aggregate(), stored()
    out = []
    for key in sorted(set(fresh) | set(kept)):
        for c in FIELDS:
            a, b = kept.get(key, {}).get(c, 0), fresh.get(key, {}).get(c, 0)
            if a != b:
                out.append((key, c, a, b))
    return out


def _rows(values: dict[Key, dict[str, int]]) -> Iterable[DailyCount]:
    for (agency, day, version, procedure), counts in values.items():
        yield DailyCount(
            agency_id=agency,
            day=day,
            procedure_version_id=version,
            procedure_id=procedure,
            **counts,
        )
