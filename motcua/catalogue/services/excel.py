"""Import procedures from an .xlsx sheet (columns documented in docs/catalogue-format.md).

Row 1 holds the column keys (English keys or their Vietnamese headers, any accents/case).
Every further non-empty row becomes one record for `import_records`; errors name the row.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from motcua.catalogue.services.importer import ImportIssue, ImportReport, import_records
from motcua.catalogue.services.vocab import CHANNEL_LABELS
from motcua.core.text import fold

# key -> Vietnamese header. Order is the order of the template.
COLUMNS: dict[str, str] = {
    "code": "Mã thủ tục",
    "name": "Tên thủ tục",
    "field": "Lĩnh vực",
    "levels": "Cấp thực hiện",
    "type": "Loại thủ tục",
    "decision": "Quyết định công bố",
    "decision_date": "Ngày ban hành quyết định",
    "change_kind": "Loại thay đổi",
    "valid_from": "Ngày hiệu lực",
    "counter_time": "Thời hạn trực tiếp",
    "counter_unit": "Đơn vị thời hạn trực tiếp",
    "counter_text": "Thời hạn trực tiếp (nguyên văn)",
    "online_time": "Thời hạn trực tuyến",
    "online_unit": "Đơn vị thời hạn trực tuyến",
    "online_text": "Thời hạn trực tuyến (nguyên văn)",
    "postal_time": "Thời hạn bưu chính",
    "postal_unit": "Đơn vị thời hạn bưu chính",
    "postal_text": "Thời hạn bưu chính (nguyên văn)",
    "counter_fee": "Phí, lệ phí trực tiếp",
    "online_fee": "Phí, lệ phí trực tuyến",
    "postal_fee": "Phí, lệ phí bưu chính",
    "fee_text": "Mô tả phí, lệ phí",
    "documents": "Thành phần hồ sơ",
    "applicants": "Đối tượng thực hiện",
    "result": "Kết quả thực hiện",
    "requirements": "Yêu cầu, điều kiện",
    "legal_basis": "Căn cứ pháp lý",
    "performing_agency": "Cơ quan thực hiện",
    "competent_agency": "Cơ quan có thẩm quyền",
    "coordinating_agency": "Cơ quan phối hợp",
    "online_level": "Mức độ dịch vụ công trực tuyến",
    "steps": "Trình tự thực hiện",
}
_HEADERS = {**{fold(k): k for k in COLUMNS}, **{fold(v): k for k, v in COLUMNS.items()}}
_CHANNELS = (("counter", 1), ("online", 2), ("postal", 3))
_CHANGE_KINDS = {"moi": "new", "sua doi": "amended", "thay the": "replaced", "bai bo": "abolished"}
_AGENCY_KEYS = {
    "performing": "performing_agency",
    "competent": "competent_agency",
    "coordinating": "coordinating_agency",
}


class RowError(ValueError):
    pass


def import_workbook(
    file: str | Path | BinaryIO,
    *,
    effective: date | None = None,
    source: str = "",
    sheet: str | None = None,
) -> ImportReport:
    """Read the sheet (default: the first) and import its rows as records."""
    report = ImportReport()
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        report.errors.append(ImportIssue(-1, "", [_("The file is not a valid .xlsx workbook.")]))
        return report
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            message = _("The workbook has no sheet named %(sheet)s.") % {"sheet": sheet}
            report.errors.append(ImportIssue(-1, "", [message]))
            return report
        rows = list(
            (workbook[sheet] if sheet else workbook.worksheets[0]).iter_rows(values_only=True)
        )
    finally:
        workbook.close()
    if not rows:
        report.errors.append(ImportIssue(-1, "", [_("The sheet is empty.")], row=1))
        return report
    keys, problems = _header(rows[0])
    if problems:
        report.errors.append(ImportIssue(-1, "", problems, row=1))
        return report
    records, row_numbers = [], []
    for number, values in enumerate(rows[1:], start=2):
        cells = {key: _cell(value) for key, value in zip(keys, values, strict=False) if key}
        if all(value is None for value in cells.values()):
            continue
        try:
            records.append(row_to_record(cells))
        except RowError as exc:
            report.errors.append(ImportIssue(-1, str(cells.get("code") or ""), [str(exc)], number))
            continue
        row_numbers.append(number)
    imported = import_records(records, effective=effective, source=source)
    for issue in imported.errors:
        issue.row = row_numbers[issue.index]
    imported.errors = sorted(report.errors + imported.errors, key=lambda issue: issue.row or 0)
    return imported


def _header(values: tuple) -> tuple[list[str | None], list[str]]:
    keys: list[str | None] = []
    problems = []
    for value in values:
        if value is None or str(value).strip() == "":
            keys.append(None)
            continue
        key = _HEADERS.get(fold(str(value)))
        if key is None:
            problems.append(_("Unknown column %(column)s.") % {"column": value})
        keys.append(key)
    for required in ("code", "name", "field", "levels"):
        if required not in keys:
            problems.append(
                _("Missing column %(column)s (%(header)s).")
                % {"column": required, "header": COLUMNS[required]}
            )
    return keys, problems


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _lines(value: Any) -> list[str]:
    if value is None:
        return []
    return [line.strip() for line in str(value).splitlines() if line.strip()]


def row_to_record(cells: dict[str, Any]) -> dict[str, Any]:
    """One sheet row as a catalogue record. Raises RowError for a malformed cell."""
    kind = cells.get("change_kind")
    if isinstance(kind, str):
        kind = _CHANGE_KINDS.get(fold(kind), kind)
    record: dict[str, Any] = {
        "code": cells.get("code"),
        "name": cells.get("name"),
        "field": cells.get("field"),
        "levels": [
            part.strip()
            for line in _lines(cells.get("levels"))
            for part in line.replace(";", ",").split(",")
            if part.strip()
        ],
        "type": cells.get("type"),
        "decision": cells.get("decision"),
        "processing": [],
        "fees": [],
        "documents": _documents(cells.get("documents")),
        "applicants": _lines(cells.get("applicants")),
        "agencies": {
            key: cells.get(column)
            for key, column in _AGENCY_KEYS.items()
            if cells.get(column) is not None
        },
        "result": cells.get("result"),
        "legal_basis": _legal_basis(cells.get("legal_basis")),
        "requirements": cells.get("requirements"),
        "steps": cells.get("steps"),
        "online_level": cells.get("online_level"),
        "sources": [],
    }
    for key in ("change_kind", "valid_from", "decision_date"):
        if cells.get(key) is not None:
            record[key] = kind if key == "change_kind" else cells[key]
    for prefix, channel in _CHANNELS:
        time, unit, text = (cells.get(f"{prefix}_{part}") for part in ("time", "unit", "text"))
        index = None
        if any(value is not None for value in (time, unit, text)):
            index = len(record["processing"])
            record["processing"].append(
                {
                    "channel": CHANNEL_LABELS[channel],
                    "amount": time,
                    "unit": unit,
                    "duration_text": text,
                }
            )
        if cells.get(f"{prefix}_fee") is not None:
            record["fees"].append(
                {
                    "channel": CHANNEL_LABELS[channel],
                    "amount_vnd": cells[f"{prefix}_fee"],
                    "text": cells.get("fee_text"),
                    "processing_index": index,
                }
            )
    return record


def _documents(value: Any) -> list[dict[str, Any]]:
    """Lines "name|originals|copies[|template]"; a line "* Heading:" starts a group."""
    documents, group = [], None
    for line in _lines(value):
        if line.startswith("*") and line.endswith(":"):
            group = line
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) not in (1, 3, 4) or any(not p.isdigit() for p in parts[1:3]):
            raise RowError(
                _(
                    "Document line “%(line)s” must read name|originals|copies (optionally "
                    "|template), the counts being whole numbers."
                )
                % {"line": line}
            )
        documents.append(
            {
                "name": parts[0],
                "originals": int(parts[1]) if len(parts) > 1 else 0,
                "copies": int(parts[2]) if len(parts) > 2 else 0,
                "template": parts[3] if len(parts) > 3 and parts[3] else None,
                "group": group,
            }
        )
    return documents


def _legal_basis(value: Any) -> list[dict[str, str | None]]:
    """Lines "number|title" (the title may be left out)."""
    entries = []
    for line in _lines(value):
        number, _sep, title = line.partition("|")
        entries.append({"number": number.strip() or None, "title": title.strip() or None})
    return entries
