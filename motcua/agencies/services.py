"""Agency tree and reorganisation services (domain.md §2).

`path` is a materialised path ("/1/7/42/") maintained only here. A merger closes the
source unit, records an append-only AgencyMerge and runs the steps listed in
`motcua.agencies.merging.MERGE_STEPS` (catalogue today, dossiers later); nothing is deleted.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, AgencyMerge, Level
from motcua.core.users import person
from motcua.core.validity import not_closed_before_q

ONE_DAY = datetime.timedelta(days=1)


def agency_by_code(code: str) -> Agency:
    """The agency with this electronic identifier code (the key every front door uses).
    A code with control characters is no code (and NUL must never reach PostgreSQL)."""
    code = code.strip()
    clean = code.isprintable()
    agency = Agency.objects.select_related("schedule").filter(code=code).first() if clean else None
    if agency is None:
        raise ValidationError(
            _("No agency has the code %(code)s.") % {"code": code if clean else repr(code)},
            code="unknown_agency",
        )
    return agency


def _is_closed(agency: Agency, on: datetime.date | None = None) -> bool:
    if agency.merged_into_id is not None:
        return True
    if agency.valid_to is None:
        return False
    return on is None or agency.valid_to < on


def check_parent(agency: Agency, parent: Agency | None) -> None:
    if parent is None:
        return
    if agency.pk is not None and (
        parent.pk == agency.pk or parent.path.startswith(agency.path or "\0")
    ):
        raise ValidationError(
            _("“%(agency)s” cannot be placed under itself or one of its own units.")
            % {"agency": agency}
        )
    if _is_closed(parent):
        raise ValidationError(
            _("“%(parent)s” is closed or merged; new units cannot be placed under it.")
            % {"parent": parent}
        )


def _path_for(agency: Agency, parent: Agency | None) -> str:
    return f"{parent.path if parent else '/'}{agency.pk}/"


@transaction.atomic
def save_agency(agency: Agency) -> Agency:
    """Validate and save a new or edited agency, keeping `path` of its subtree right.

    A change of parent is delegated to `move_agency`; the admin calls this instead of save().
    """
    if agency.pk is None:
        check_parent(agency, agency.parent)
        agency.full_clean(exclude=["path"])
        agency.save()
        agency.path = _path_for(agency, agency.parent)
        agency.save(update_fields=["path"])
        return agency
    stored = Agency.objects.select_for_update().get(pk=agency.pk)
    agency.full_clean(exclude=["path"])
    new_parent = agency.parent
    agency.parent_id = stored.parent_id
    agency.path = stored.path
    agency.save()
    if (new_parent.pk if new_parent else None) != stored.parent_id:
        move_agency(agency, new_parent)
        agency.refresh_from_db()
    return agency


def create_agency(
    *, code: str, name: str, level: str, parent: Agency | None = None, **fields
) -> Agency:
    """Create an agency under `parent` (None for a root); ValidationError on bad input."""
    agency = Agency(code=code.strip(), name=name, level=level, parent=parent, **fields)
    return save_agency(agency)


@transaction.atomic
def move_agency(agency: Agency, new_parent: Agency | None) -> Agency:
    """Put `agency` (and its whole subtree) under `new_parent`, rewriting every `path`."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if new_parent is not None:
        new_parent = Agency.objects.get(pk=new_parent.pk)
    check_parent(agency, new_parent)
    old_prefix = agency.path
    new_prefix = _path_for(agency, new_parent)
    Agency.objects.filter(pk=agency.pk).update(parent=new_parent)
    if old_prefix != new_prefix:
        Agency.objects.filter(path__startswith=old_prefix).update(
            path=Concat(Value(new_prefix), Substr("path", len(old_prefix) + 1))
        )
    agency.refresh_from_db()
    return agency


def subtree(agency: Agency):
    """The agency and every unit below it (a single prefix match on `path`)."""
    return Agency.objects.filter(path__startswith=agency.path)


ADMINISTRATIVE_LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)


def administrative_unit(agency: Agency) -> Agency:
    """The People's Committee level an agency belongs to: the nearest ancestor (or the agency
    itself) that is a province, district or commune; the root when there is none."""
    if agency.level in ADMINISTRATIVE_LEVELS:
        return agency
    ancestors = {a.pk: a for a in Agency.objects.filter(pk__in=agency.ancestor_ids())}
    for pk in reversed(agency.ancestor_ids()):
        found = ancestors.get(pk)
        if found is not None and found.level in ADMINISTRATIVE_LEVELS:
            return found
    return ancestors.get(agency.ancestor_ids()[0], agency)


def desks_for(agency: Agency) -> list[Agency]:
    """One-stop desks that receive dossiers for `agency`: the open desks of its own
    administrative unit (ND 61/2018 art. 17: the unit's Bộ phận Một cửa), not those of the
    communes below a province; the nearest to the unit first."""
    unit = administrative_unit(agency)
    found = [
        desk
        for desk in subtree(unit).filter(is_desk=True, valid_to__isnull=True)
        if administrative_unit(desk).pk == unit.pk
    ]
    return sorted(found, key=lambda desk: (desk.depth, desk.ancestor_ids()))


def default_desk(agency: Agency) -> Agency:
    """The desk that receives for `agency` when none is named: its unit's nearest desk, or
    the agency itself when the unit has not designated one."""
    desks = desks_for(agency)
    return desks[0] if desks else agency


def lineage_ids(agency: Agency) -> set[int]:
    """Ids of the agency's subtree plus every unit merged into any of them, recursively
    with their own subtrees: past figures of merged units roll up to the successor."""
    return lineage_ids_of([agency.path])


def lineage_ids_of(paths: Iterable[str]) -> set[int]:
    """`lineage_ids` for several subtrees at once, given their `path` prefixes."""
    ids: set[int] = set()
    frontier = [path for path in paths if path]
    while frontier:
        condition = Q()
        for prefix in frontier:
            condition |= Q(path__startswith=prefix)
        found = set(Agency.objects.filter(condition).values_list("pk", flat=True)) - ids
        ids |= found
        frontier = list(
            Agency.objects.filter(merged_into_id__in=found)
            .exclude(pk__in=ids)
            .values_list("path", flat=True)
        )
    return ids


def _check_merge(source: Agency, target: Agency, effective_date: datetime.date) -> None:
    if source.pk == target.pk:
        raise ValidationError(_("A unit cannot be merged into itself."))
    if target.path.startswith(source.path):
        raise ValidationError(
            _("“%(source)s” cannot be merged into “%(target)s”, one of its own units.")
            % {"source": source, "target": target}
        )
    if source.merged_into_id is not None or AgencyMerge.objects.filter(source=source).exists():
        raise ValidationError(
            _("“%(source)s” has already been merged into another unit.") % {"source": source}
        )
    closing = effective_date - ONE_DAY
    if source.valid_to is not None and source.valid_to < closing:
        raise ValidationError(
            _("“%(source)s” already closed on %(date)s, before the merger.")
            % {"source": source, "date": f"{source.valid_to:%d/%m/%Y}"}
        )
    if source.valid_from is not None and source.valid_from > closing:
        raise ValidationError(
            _("The merger must take effect after “%(source)s” was established (%(date)s).")
            % {"source": source, "date": f"{source.valid_from:%d/%m/%Y}"}
        )
    if _is_closed(target, effective_date):
        raise ValidationError(
            _("“%(target)s” is closed or merged; a unit cannot be merged into it.")
            % {"target": target}
        )
    if target.valid_from is not None and target.valid_from > effective_date:
        raise ValidationError(
            _("“%(target)s” is only established on %(date)s, after the merger date.")
            % {"target": target, "date": f"{target.valid_from:%d/%m/%Y}"}
        )
    open_children = source.children.filter(merged_into__isnull=True).filter(
        not_closed_before_q(effective_date)
    )
    if open_children.exists():
        names = ", ".join(str(child) for child in open_children[:5])
        raise ValidationError(
            _("Merge or move the open units of “%(source)s” first: %(names)s.")
            % {"source": source, "names": names}
        )


@transaction.atomic
def merge_agency(
    source: Agency,
    target: Agency,
    effective_date: datetime.date,
    *,
    legal_basis: str = "",
    actor=None,
) -> AgencyMerge:
    """Merge `source` into `target` from `effective_date` (domain.md §2).

    The source closes the day before, points to its successor, and every step of
    MERGE_STEPS moves its live work (catalogue, processes; dossiers later). Nothing is
    deleted, so history and statistics stay with the source and roll up via lineage_ids.
    """
    from motcua.agencies.merging import MERGE_STEPS, MergeContext

    if not isinstance(effective_date, datetime.date):
        raise ValidationError(_("The effective date of the merger is required."))
    source = Agency.objects.select_for_update().get(pk=source.pk)
    target = Agency.objects.select_for_update().get(pk=target.pk)
    _check_merge(source, target, effective_date)
    source.valid_to = effective_date - ONE_DAY
    source.merged_into = target
    source.save(update_fields=["valid_to", "merged_into"])
    record = AgencyMerge.objects.create(
        source=source,
        target=target,
        effective_date=effective_date,
        legal_basis=legal_basis,
        created_by=person(actor),
    )
    context = MergeContext(merge=record, source=source, target=target, actor=actor)
    for step in MERGE_STEPS:
        step(context)
    return record
