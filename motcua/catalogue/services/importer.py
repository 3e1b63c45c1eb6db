"""Import catalogue records as dated procedure versions.

Rules (domain.md §6, docs/catalogue-format.md):
- a new code becomes version 1 (change_kind "new" unless the record says otherwise);
- a known code whose content differs becomes a new version; the previous one gets
  valid_to = the day before the new valid_from;
- content identical to the latest version, or to an existing version with the same
  valid_from (re-importing an export of the history), changes nothing;
- change_kind "abolished" closes the procedure with an abolition version that is never in
  force;
- each record is validated and saved in its own transaction: a broken record is reported
  with its code and Vietnamese messages and leaves the database untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalogue.models import (
    ChangeKind,
    Channel,
    Decision,
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessingTime,
    RequiredDocument,
)
from motcua.catalogue.services import vocab
from motcua.catalogue.services.exporter import content_of, version_to_record
from motcua.catalogue.services.records import PROVENANCE_KEYS, CleanedRecord, clean_record
from motcua.catalogue.services.search import build_search_text


@dataclass
class ImportIssue:
    """Why one record was not imported. `index` is its position in the input (from 0)."""

    index: int
    code: str
    messages: list[str]
    row: int | None = None  # sheet row, for spreadsheet imports

    def __str__(self) -> str:
        if self.row is not None:
            where = _("row %(row)d") % {"row": self.row}
        elif self.index >= 0:
            where = _("record %(n)d") % {"n": self.index + 1}
        else:  # the whole file
            return " ".join(self.messages)
        code = f" ({self.code})" if self.code else ""
        return f"{where}{code}: " + " ".join(self.messages)


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    amended: list[str] = field(default_factory=list)
    abolished: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return _(
            "%(created)d new, %(amended)d new versions, %(abolished)d abolished, "
            "%(unchanged)d unchanged, %(errors)d with errors."
        ) % {
            "created": len(self.created),
            "amended": len(self.amended),
            "abolished": len(self.abolished),
            "unchanged": len(self.unchanged),
            "errors": len(self.errors),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "amended": self.amended,
            "abolished": self.abolished,
            "unchanged": self.unchanged,
            "errors": [
                {"index": e.index, "row": e.row, "code": e.code, "messages": e.messages}
                for e in self.errors
            ],
            "summary": self.summary(),
        }


def import_records(
    records: Iterable[dict], *, effective: date | None = None, source: str = ""
) -> ImportReport:
    """Import records; `effective` is the valid_from of records that do not give one.

    A change to a known procedure without any date takes effect today. `source` (e.g. a
    file name) is kept in each new version's provenance.
    """
    report = ImportReport()
    for index, raw in enumerate(records):
        cleaned = clean_record(raw)
        if cleaned.errors:
            report.errors.append(ImportIssue(index, cleaned.code, cleaned.errors))
            continue
        try:
            with transaction.atomic():
                outcome = _apply(cleaned, effective, source)
        except ValidationError as exc:
            report.errors.append(ImportIssue(index, cleaned.code, list(exc.messages)))
            continue
        except DatabaseError as exc:
            message = _("The record could not be saved: %(error)s") % {"error": exc}
            report.errors.append(ImportIssue(index, cleaned.code, [message]))
            continue
        getattr(report, outcome).append(cleaned.code)
    return report


def _apply(cleaned: CleanedRecord, effective: date | None, source: str) -> str:
    procedure = Procedure.objects.select_for_update().filter(code=cleaned.code).first()
    versions = list(procedure.versions.order_by("-number")) if procedure else []
    latest = versions[0] if versions else None
    kind = cleaned.change_kind
    if kind == ChangeKind.ABOLISHED:
        if latest is None:
            raise ValidationError(
                _("Procedure %(code)s does not exist, so it cannot be abolished.")
                % {"code": cleaned.code}
            )
        if latest.change_kind == ChangeKind.ABOLISHED:
            return "unchanged"
        content = cleaned.content
        if content is None or "name" not in content:
            content = {
                **content_of(version_to_record(latest)),
                "decision": (content or {}).get("decision"),
            }
        _add_version(procedure, latest, content, kind, cleaned, effective, source)
        return "abolished"
    content = cleaned.content
    valid_from = cleaned.valid_from or effective
    for version in versions:
        same_start = version is latest or version.valid_from == valid_from
        if (
            same_start
            and version.change_kind != ChangeKind.ABOLISHED
            and content_of(version_to_record(version)) == content
        ):
            return "unchanged"
    if latest is None:
        procedure = Procedure.objects.create(code=cleaned.code)
        _create_version(procedure, 1, content, kind or ChangeKind.NEW, valid_from, cleaned, source)
        return "created"
    if kind == ChangeKind.NEW and latest.change_kind != ChangeKind.ABOLISHED:
        raise ValidationError(
            _("Procedure %(code)s already exists; a change must be amended or replaced.")
            % {"code": cleaned.code}
        )
    default = ChangeKind.NEW if latest.change_kind == ChangeKind.ABOLISHED else ChangeKind.AMENDED
    _add_version(procedure, latest, content, kind or default, cleaned, effective, source)
    return "amended"


def _add_version(
    procedure: Procedure,
    latest: ProcedureVersion,
    content: dict,
    kind: str,
    cleaned: CleanedRecord,
    effective: date | None,
    source: str,
) -> None:
    """A version after `latest`, which is closed the day before the new one starts."""
    valid_from = cleaned.valid_from or effective or timezone.localdate()
    if latest.valid_from and valid_from <= latest.valid_from:
        raise ValidationError(
            _(
                "The effective date %(new)s must be after %(old)s, the effective date of "
                "version %(number)d."
            )
            % {
                "new": valid_from.strftime("%d/%m/%Y"),
                "old": latest.valid_from.strftime("%d/%m/%Y"),
                "number": latest.number,
            }
        )
    if latest.valid_to is None or latest.valid_to >= valid_from:
        latest.valid_to = valid_from - timedelta(days=1)
        latest.save(update_fields=["valid_to"])
    _create_version(procedure, latest.number + 1, content, kind, valid_from, cleaned, source)


def _decision(number: str | None, issued_on: date | None) -> Decision | None:
    if not number:
        return None
    decision, _created = Decision.objects.get_or_create(number=number)
    if issued_on and decision.issued_on != issued_on:
        if decision.issued_on is not None:
            raise ValidationError(
                _("Decision %(number)s is already recorded as issued on %(date)s.")
                % {"number": number, "date": decision.issued_on.strftime("%d/%m/%Y")}
            )
        decision.issued_on = issued_on
        decision.save(update_fields=["issued_on"])
    return decision


def _create_version(
    procedure: Procedure,
    number: int,
    content: dict[str, Any],
    kind: str,
    valid_from: date | None,
    cleaned: CleanedRecord,
    source: str,
) -> ProcedureVersion:
    field_obj, _created = Field.objects.get_or_create(name=content["field"])
    provenance = {key: content[key] for key in PROVENANCE_KEYS if key in content}
    if source:
        provenance["imported_from"] = source
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=number,
        name=content["name"],
        search_text=build_search_text(procedure.code, content["name"], field_obj.name),
        field=field_obj,
        **{flag: label in content["levels"] for label, flag in vocab.LEVEL_FLAGS.items()},
        procedure_type=content["type"] or "",
        decision=_decision(content["decision"], cleaned.decision_date),
        change_kind=kind,
        valid_from=valid_from,
        steps=content.get("steps") or "",
        applicants=content["applicants"],
        result=content["result"],
        requirements=content["requirements"] or "",
        legal_basis=content["legal_basis"],
        agencies=content["agencies"],
        online_level=content["online_level"] or "",
        provenance=provenance,
    )
    times = [
        ProcessingTime.objects.create(
            version=version,
            position=position,
            channel=vocab.channel_of(item["channel"]),
            amount=None if item["amount"] is None else Decimal(str(item["amount"])),
            unit=vocab.UNIT_CODES[item["unit_code"]][0],
            text=item["duration_text"] or "",
            note=item["note"] or "",
            disputed=item.get("disputed", False),
        )
        for position, item in enumerate(content["processing"])
    ]
    Fee.objects.bulk_create(
        Fee(
            version=version,
            position=position,
            channel=Channel(vocab.channel_of(item["channel"])),
            processing=times[item["processing_index"]]
            if item["processing_index"] is not None
            else None,
            amount_vnd=item["amount_vnd"],
            description=item["text"],
            disputed=item.get("disputed", False),
        )
        for position, item in enumerate(content["fees"])
    )
    RequiredDocument.objects.bulk_create(
        RequiredDocument(
            version=version,
            position=position,
            group=item["group"] or "",
            name=item["name"],
            originals=item["originals"],
            copies=item["copies"],
            template_name=item["template"] or "",
        )
        for position, item in enumerate(content["documents"])
    )
    return version
