"""Validation and normalisation of one catalogue record (docs/catalogue-format.md).

`clean_record` turns an incoming record into its canonical form: exactly what the exporter
produces for the stored version. Comparing canonical forms is how the importer decides
whether a record changes anything, so export -> import is idempotent by construction.
Nothing is invented: a missing value stays empty (null in the export).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from motcua.catalogue.models import ChangeKind
from motcua.catalogue.services import vocab
from motcua.catalogue.services.checks import Checker, deep_nfc, number_out
from motcua.core.text import fold, nfc

CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-_]{0,19}$")
# Keys copied into ProcedureVersion.provenance and back into the record.
PROVENANCE_KEYS = ("sources", "field_sources", "discrepancies")


@dataclass
class CleanedRecord:
    code: str = ""
    content: dict[str, Any] | None = None  # canonical record; None for a bare abolition
    change_kind: str | None = None
    valid_from: date | None = None
    decision_date: date | None = None
    errors: list[str] = field(default_factory=list)


def clean_record(raw: Any) -> CleanedRecord:
    check = Checker()
    result = CleanedRecord()
    if not isinstance(raw, dict):
        result.errors.append(_("A record must be a JSON object."))
        return result
    code = check.text(raw.get("code"), _("Code"), required=True, strip=True)
    if code and not CODE_RE.match(code):
        check.error(_("Code %(code)s is not a valid national procedure code."), code=code)
    result.code = code or ""
    kind = check.text(raw.get("change_kind"), _("Change kind"), strip=True)
    if kind and kind not in vocab.CHANGE_KINDS:
        check.error(
            _("Unknown change kind %(kind)s (expected one of %(kinds)s)."),
            kind=kind,
            kinds=", ".join(vocab.CHANGE_KINDS),
        )
    result.change_kind = kind
    result.valid_from = check.date(raw.get("valid_from"), _("Effective date"))
    result.decision_date = check.date(raw.get("decision_date"), _("Decision date"))
    if kind == ChangeKind.ABOLISHED and not raw.get("name"):
        result.content = None  # a bare abolition: only code, decision and date
        if raw.get("decision") is not None:
            result.content = {
                "decision": check.text(
                    raw.get("decision"), _("Decision"), max_length=100, strip=True
                )
            }
    else:
        result.content = _content(raw, check, code or "")
    result.errors = check.errors
    return result


def _content(raw: dict, check: Checker, code: str) -> dict[str, Any]:
    levels: list[str] = []
    for item in check.items(raw.get("levels"), _("Levels"), str):
        label = vocab.level_label(item)
        if label is None:
            check.error(
                _("Unknown level %(level)s (expected one of %(levels)s)."),
                level=item,
                levels=", ".join(vocab.LEVEL_FLAGS),
            )
        elif label not in levels:
            levels.append(label)
    if not levels and "levels" in raw:
        check.error(_("At least one level is required."))
    elif "levels" not in raw:
        check.error(_("%(label)s is required."), label=_("Levels"))
    processing = _processing(raw, check)
    return {
        "code": code,
        "name": check.text(raw.get("name"), _("Name"), max_length=2000, required=True),
        "field": check.text(
            raw.get("field"), _("Field"), max_length=255, required=True, strip=True
        ),
        "levels": [label for label in vocab.LEVEL_FLAGS if label in levels],
        "type": check.text(raw.get("type"), _("Type"), max_length=255),
        "decision": check.text(raw.get("decision"), _("Decision"), max_length=100, strip=True),
        "processing": processing,
        "fees": _fees(raw, check, processing),
        "documents": _documents(raw, check),
        "applicants": [nfc(a) for a in check.items(raw.get("applicants"), _("Applicants"), str)],
        "agencies": _agencies(raw.get("agencies"), check),
        "result": check.text(raw.get("result"), _("Result")) or "",
        "legal_basis": [
            {
                "number": check.text(item.get("number"), _("Legal basis number")),
                "title": check.text(item.get("title"), _("Legal basis title")),
            }
            for item in check.items(raw.get("legal_basis"), _("Legal basis"))
        ],
        "requirements": check.text(raw.get("requirements"), _("Requirements")),
        "steps": check.text(raw.get("steps"), _("Sequence of steps")),
        "online_level": _online_level(raw.get("online_level"), check),
        **_provenance(raw, check),
    }


def _processing(raw: dict, check: Checker) -> list[dict[str, Any]]:
    entries = []
    for index, item in enumerate(check.items(raw.get("processing"), _("Processing times"))):
        where = _("Processing time #%(n)d") % {"n": index + 1}
        channel = vocab.channel_of(item.get("channel") or "")
        if channel is None:
            check.error(
                _("%(where)s: unknown channel %(channel)s."),
                where=where,
                channel=item.get("channel"),
            )
            continue
        unit_code = None
        if item.get("unit_code") not in (None, ""):
            unit_code = vocab.unit_code_of(str(item["unit_code"]))
            if unit_code is None:
                check.error(
                    _("%(where)s: unknown unit code %(unit)s."), where=where, unit=item["unit_code"]
                )
        if item.get("unit") not in (None, ""):
            from_label = vocab.unit_code_of(str(item["unit"]))
            if from_label is None or (unit_code and from_label != unit_code):
                check.error(
                    _("%(where)s: unit %(unit)s does not match the unit code."),
                    where=where,
                    unit=item["unit"],
                )
            unit_code = unit_code or from_label
        unit_code = unit_code or "OTHER"
        entry = {
            "channel": vocab.CHANNEL_LABELS[channel],
            "duration_text": check.text(item.get("duration_text"), where, max_length=255),
            "amount": number_out(check.amount(item.get("amount"), where)),
            "unit": vocab.UNIT_CODES[unit_code][1],
            "unit_code": unit_code,
            "note": check.text(item.get("note"), where),
        }
        if item.get("disputed") is True:
            entry["disputed"] = True
        entries.append(entry)
    return entries


def _fees(raw: dict, check: Checker, processing: list[dict]) -> list[dict[str, Any]]:
    fees = []
    for index, item in enumerate(check.items(raw.get("fees"), _("Fees"))):
        where = _("Fee #%(n)d") % {"n": index + 1}
        block = check.integer(item.get("processing_index"), where)
        if block is not None and block >= len(processing):
            check.error(
                _("%(where)s: processing_index %(index)s points to no processing time."),
                where=where,
                index=block,
            )
            continue
        channel = vocab.channel_of(item["channel"]) if item.get("channel") else None
        if channel is None and block is not None:
            channel = vocab.channel_of(processing[block]["channel"])
        if channel is None:
            check.error(
                _("%(where)s: unknown channel %(channel)s."),
                where=where,
                channel=item.get("channel"),
            )
            continue
        if block is not None and vocab.CHANNEL_LABELS[channel] != processing[block]["channel"]:
            check.error(
                _("%(where)s: channel differs from its processing time's channel."), where=where
            )
        entry = {
            "channel": vocab.CHANNEL_LABELS[channel],
            "text": check.text(item.get("text"), where) or "",
            "amount_vnd": check.integer(item.get("amount_vnd"), where, maximum=10**15),
            "processing_index": block,
        }
        if item.get("disputed") is True:
            entry["disputed"] = True
        fees.append(entry)
    return fees


def _documents(raw: dict, check: Checker) -> list[dict[str, Any]]:
    documents = []
    for index, item in enumerate(check.items(raw.get("documents"), _("Documents"))):
        where = _("Document #%(n)d") % {"n": index + 1}
        documents.append(
            {
                "name": check.text(item.get("name"), where, required=True),
                "originals": check.integer(item.get("originals"), where, default=0, maximum=32767),
                "copies": check.integer(item.get("copies"), where, default=0, maximum=32767),
                "template": check.text(item.get("template"), where, max_length=255),
                "group": check.text(item.get("group"), where, max_length=1000),
            }
        )
    return documents


def _agencies(value: Any, check: Checker) -> dict[str, str | None]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(v, str) or v is None for v in value.values()
    ):
        check.error(_("%(label)s must map a role to a name or null."), label=_("Agencies"))
        return {}
    return deep_nfc(value)


def _online_level(value: Any, check: Checker) -> str | None:
    if value in (None, ""):
        return None
    level = vocab.ONLINE_LEVELS.get(fold(str(value)))
    if level is None:
        check.error(_("Online level must be full (toàn trình) or partial (một phần)."))
    return level


def _provenance(raw: dict, check: Checker) -> dict[str, Any]:
    out: dict[str, Any] = {"sources": deep_nfc(check.items(raw.get("sources"), _("Sources")))}
    if "field_sources" in raw:
        if not isinstance(raw["field_sources"], dict):
            check.error(_("%(label)s must be an object."), label="field_sources")
        else:
            out["field_sources"] = deep_nfc(raw["field_sources"])
    if "discrepancies" in raw:
        out["discrepancies"] = deep_nfc(check.items(raw["discrepancies"], _("Discrepancies")))
    return out
