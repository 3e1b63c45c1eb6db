"""Export the catalogue in the record format the importer reads (docs/catalogue-format.md).

`version_to_record` is the single definition of a version's canonical content: the importer
compares incoming records with it, so exporting and re-importing changes nothing.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.catalogue.models import AgencyProcedure, Fee, ProcedureVersion
from motcua.catalogue.services import vocab
from motcua.catalogue.services.checks import number_out
from motcua.catalogue.services.records import PROVENANCE_KEYS
from motcua.catalogue.services.search import resolve_agency
from motcua.catalogue.services.versions import in_force_q
from motcua.core.validity import valid_on_q

VERSION_KEYS = ("version", "change_kind", "valid_from", "valid_to", "decision_date")


def version_to_record(version: ProcedureVersion, *, with_version: bool = False) -> dict[str, Any]:
    """The record for one version; with `with_version`, also its version fields."""
    times = list(version.processing_times.all())
    index_of = {time.pk: index for index, time in enumerate(times)}
    record: dict[str, Any] = {
        "code": version.procedure.code,
        "name": version.name,
        "field": version.field.name,
        "levels": [label for label, flag in vocab.LEVEL_FLAGS.items() if getattr(version, flag)],
        "type": version.procedure_type or None,
        "decision": version.decision.number if version.decision_id else None,
        "processing": [_time(time) for time in times],
        "fees": [_fee(fee, index_of) for fee in version.fees.all()],
        "documents": [
            {
                "name": doc.name,
                "originals": doc.originals,
                "copies": doc.copies,
                "template": doc.template_name or None,
                "group": doc.group or None,
            }
            for doc in version.documents.all()
        ],
        "applicants": version.applicants,
        "agencies": version.agencies,
        "result": version.result,
        "legal_basis": version.legal_basis,
        "requirements": version.requirements or None,
        "steps": version.steps or None,
        "online_level": version.online_level or None,
    }
    provenance = version.provenance or {}
    record["sources"] = provenance.get("sources", [])
    for key in PROVENANCE_KEYS[1:]:
        if key in provenance:
            record[key] = provenance[key]
    if with_version:
        record.update(
            version=version.number,
            change_kind=version.change_kind,
            valid_from=_iso(version.valid_from),
            valid_to=_iso(version.valid_to),
            decision_date=_iso(version.decision.issued_on) if version.decision_id else None,
        )
    return record


def content_of(record: dict[str, Any]) -> dict[str, Any]:
    """A record without its version fields: what decides whether content changed."""
    return {key: value for key, value in record.items() if key not in VERSION_KEYS}


def export_versions(
    *, agency: Agency | int | str | None = None, all_versions: bool = False, on: date | None = None
) -> QuerySet[ProcedureVersion]:
    """Versions to export: those in force on `on` (default today), or every version.

    With `agency`, only procedures the agency handles (on `on`; ever, with all_versions).
    """
    on = on or timezone.localdate()
    versions = ProcedureVersion.objects.all()
    if not all_versions:
        versions = versions.filter(in_force_q(on))
    if agency not in (None, ""):
        assignments = AgencyProcedure.objects.filter(agency=resolve_agency(agency))
        if not all_versions:
            assignments = assignments.filter(valid_on_q(on))
        versions = versions.filter(procedure__in=assignments.values("procedure"))
    return (
        versions.select_related("procedure", "field", "decision")
        .prefetch_related(
            "processing_times",
            "documents",
            Prefetch("fees", queryset=Fee.objects.order_by("position", "id")),
        )
        .order_by("procedure__code", "number")
    )


def export_records(
    *, agency: Agency | int | str | None = None, all_versions: bool = False, on: date | None = None
) -> list[dict[str, Any]]:
    """Records (with version fields) ordered by code, then version."""
    versions = export_versions(agency=agency, all_versions=all_versions, on=on)
    return [version_to_record(version, with_version=True) for version in versions]


def export_json(**options: Any) -> str:
    """The export as a JSON array, one record per line, like procedures.json."""
    records = export_records(**options)
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def _time(time) -> dict[str, Any]:
    code = vocab.UNIT_TO_CODE[time.unit]
    entry = {
        "channel": vocab.CHANNEL_LABELS[time.channel],
        "duration_text": time.text or None,
        "amount": number_out(time.amount),
        "unit": vocab.UNIT_CODES[code][1],
        "unit_code": code,
        "note": time.note or None,
    }
    if time.disputed:
        entry["disputed"] = True
    return entry


def _fee(fee: Fee, index_of: dict[int, int]) -> dict[str, Any]:
    entry = {
        "channel": vocab.CHANNEL_LABELS[fee.channel],
        "text": fee.description,
        "amount_vnd": fee.amount_vnd,
        "processing_index": index_of.get(fee.processing_id),
    }
    if fee.disputed:
        entry["disputed"] = True
    return entry


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
