"""Accent-insensitive search over the procedure versions in force.

Folding happens in Python when a version is written (`build_search_text`), so a plain
`contains` on the folded column behaves identically on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.agencies.services import agency_by_code
from motcua.catalogue.models import AgencyProcedure, Field, ProcedureVersion
from motcua.catalogue.services.versions import in_force_q
from motcua.catalogue.services.vocab import LEVEL_KEYS
from motcua.core.text import fold
from motcua.core.validity import valid_on_q


def build_search_text(code: str, name: str, field_name: str) -> str:
    """The folded text a version is found by: code, name and field."""
    return fold(" ".join(part for part in (code, name, field_name) if part))


def refresh_search_text(version: ProcedureVersion) -> None:
    """Set `version.search_text` from its current values (the caller saves)."""
    version.search_text = build_search_text(
        version.procedure.code, version.name, version.field.name if version.field_id else ""
    )


def resolve_agency(agency: Agency | int | str) -> Agency:
    """An Agency from an instance, a primary key or an identifier code."""
    if isinstance(agency, Agency):
        return agency
    if not isinstance(agency, int):
        return agency_by_code(str(agency))
    found = Agency.objects.filter(pk=agency).first()
    if found is None:
        raise ValidationError(_("Unknown agency %(agency)s.") % {"agency": agency})
    return found


def search_versions(
    query: str = "",
    *,
    field: Field | int | str | None = None,
    level: str | None = None,
    agency: Agency | int | str | None = None,
    on: date | None = None,
) -> QuerySet[ProcedureVersion]:
    """Versions in force on `on` (default today) matching every folded token of `query`.

    `field` is a Field, its id or its name; `level` one of province, district, commune,
    ministry, other; `agency` an Agency, its id or code (procedures it handles on `on`).
    Raises ValidationError for an unknown level, field or agency.
    """
    on = on or timezone.localdate()
    versions = ProcedureVersion.objects.filter(in_force_q(on))
    for token in fold(query or "").split():
        versions = versions.filter(search_text__contains=token)
    if field not in (None, ""):
        versions = versions.filter(field=_resolve_field(field))
    if level:
        flag = LEVEL_KEYS.get(level)
        if flag is None:
            raise ValidationError(
                _("Unknown level %(level)s (expected one of %(levels)s).")
                % {"level": level, "levels": ", ".join(LEVEL_KEYS)}
            )
        versions = versions.filter(**{flag: True})
    if agency not in (None, ""):
        handled = AgencyProcedure.objects.filter(
            valid_on_q(on), agency=resolve_agency(agency), procedure=OuterRef("procedure")
        )
        versions = versions.filter(Exists(handled))
    return (
        versions.select_related("procedure", "field", "decision")
        .prefetch_related("processing_times")
        .order_by("procedure__code", "-number")
    )


def _resolve_field(field: Field | int | str) -> Field:
    if isinstance(field, Field):
        return field
    if isinstance(field, int) or str(field).isdigit():
        found = Field.objects.filter(pk=int(field)).first()
    else:
        found = Field.objects.filter(name=str(field).strip()).first()
    if found is None:
        raise ValidationError(_("Unknown field %(field)s.") % {"field": field})
    return found
