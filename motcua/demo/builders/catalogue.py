"""Demo catalogue: real procedures from motcua/demo/data/procedures.json (whole records
copied verbatim from the national database export), loaded by the catalogue importer,
assigned to the demo units, with a four-step internal process where the statutory time at
the counter is in working days.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from motcua.agencies.models import Agency, Role
from motcua.catalogue.models import AgencyProcedure, Channel, Procedure, Process
from motcua.catalogue.services.importer import import_records
from motcua.catalogue.services.processes import StepSpec, assign_procedure, create_process
from motcua.catalogue.services.versions import version_in_force
from motcua.demo.builders.units import REFORM_DATE, DemoUnits
from motcua.worktime.units import DurationUnit

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "procedures.json"
SOURCE = "motcua demo (motcua/demo/data/procedures.json)"
HALF = Decimal("0.5")

# Province-level field -> "department" or "department.division" key of units.py.
PROVINCE_FIELDS: dict[str, str] = {
    "Hộ tịch": "justice.civil",
    "Chứng thực": "justice.civil",
    "Lý lịch tư pháp": "justice.civil",
    "Quốc tịch": "justice.civil",
    "Nuôi con nuôi": "justice.civil",
    "Đăng ký biện pháp bảo đảm": "justice",
    "Trợ giúp pháp lý": "justice.legal_aid",
    "Việc làm": "home.labour",
    "Người có công": "home",
    "Thành lập và hoạt động của doanh nghiệp": "finance.business",
    "Hoạt động xây dựng": "construction",
    "Nhà ở và công sở": "construction",
    "Đất đai": "agri_env.land",
    "Trồng trọt": "agri_env",
    "Nông nghiệp": "agri_env",
    "Giáo dục và Đào tạo thuộc hệ thống giáo dục quốc dân": "education",
    "Giáo dục trung học": "education",
    "Văn bằng, chứng chỉ": "education",
    "Thi, tuyển sinh": "education",
    "Bảo trợ xã hội": "health.social",
    "Văn hóa": "culture",
    "Gia đình": "culture",
    "Quản lý xuất nhập cảnh": "police.immigration",
    "Cấp, quản lý căn cước": "police",
    "Sát hạch, cấp giấy phép lái xe": "police.traffic",
}
_ECONOMY = (
    "Đất đai",
    "Hoạt động xây dựng",
    "Nhà ở và công sở",
    "Trồng trọt",
    "Chăn nuôi",
    "Thú y",
    "Lâm nghiệp và Kiểm lâm",
    "Quản lý Đê điều và Phòng, chống thiên tai",
    "Kinh tế hợp tác và Phát triển nông thôn",
    "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)",
    "Thành lập và hoạt động của tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã",
)
_SOCIETY = (
    "Người có công",
    "Bảo trợ xã hội",
    "Trẻ em",
    "Việc làm",
    "Gia đình",
    "Văn hóa",
    "Di sản văn hóa",
    "Thể dục thể thao",
    "Giáo dục mầm non",
    "Giáo dục tiểu học",
    "Giáo dục trung học",
    "Giáo dục thường xuyên",
    "Giáo dục dân tộc",
    "Giáo dục và Đào tạo thuộc hệ thống giáo dục quốc dân",
    "Tổ chức cai nghiên ma túy và quản lý sau cai nghiện",
)
# Commune-level field -> commune division key; others go to the office ("office").
COMMUNE_FIELDS: dict[str, str] = {
    **{name: "economy" for name in _ECONOMY},
    **{n: "society" for n in _SOCIETY},
}


@dataclass
class CatalogueResult:
    imported: int = 0
    commune_procedures: int = 0
    province_procedures: int = 0
    assignments: int = 0
    processes: int = 0
    unassigned: list[str] = field(default_factory=list)


def load_records() -> list[dict]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def split_budget(total: Decimal) -> list[Decimal] | None:
    """Reception, appraisal, approval, return in half days summing to `total`; None when
    the time is under 2 working days (four steps of at least one session each)."""
    sessions = int(total / HALF)
    if sessions * HALF != total or sessions < 4:
        return None
    approval = max(1, sessions // 5)
    appraisal = sessions - 2 - approval
    return [HALF, appraisal * HALF, approval * HALF, HALF]


def _counter_working_days(procedure: Procedure) -> Decimal | None:
    version = version_in_force(procedure, REFORM_DATE) or procedure.versions.first()
    if version is None:
        return None
    time = version.processing_times.filter(channel=Channel.COUNTER).first()
    if time is None or time.unit != DurationUnit.WORKING_DAYS or not time.amount:
        return None
    return time.amount


def _ensure_process(procedure, handler, desk, appraiser, approver) -> bool:
    if Process.objects.filter(agency=handler, procedure=procedure).exists():
        return False
    total = _counter_working_days(procedure)
    budgets = split_budget(total) if total else None
    if budgets is None:
        return False
    names = ["Tiếp nhận hồ sơ", "Thẩm định, đề xuất", "Phê duyệt, ký kết quả", "Trả kết quả"]
    performers = [
        (desk, Role.OFFICER),
        (appraiser, Role.SPECIALIST),
        (approver, Role.LEADER),
        (desk, Role.OFFICER),
    ]
    steps = [
        StepSpec(position=i, name=name, agency=agency, role=role, budget=budget)
        for i, (name, (agency, role), budget) in enumerate(
            zip(names, performers, budgets, strict=True), start=1
        )
    ]
    create_process(
        handler,
        procedure,
        total=total,
        unit=DurationUnit.WORKING_DAYS,
        steps=steps,
        valid_from=REFORM_DATE,
    )
    return True


def _province_handler(units: DemoUnits, key: str) -> tuple[Agency, Agency]:
    department = units.departments[key.split(".")[0]]
    return department, units.divisions.get(key, department)


def build_catalogue(units: DemoUnits, old_wards: list[Agency]) -> CatalogueResult:
    records = load_records()
    report = import_records(records, source=SOURCE)
    if report.errors:
        raise RuntimeError("; ".join(str(issue) for issue in report.errors))
    result = CatalogueResult(imported=len(records))
    procedures = {
        p.code: p for p in Procedure.objects.filter(code__in=[r["code"] for r in records])
    }
    centre = units.departments["centre"]
    for record in records:
        procedure = procedures[record["code"]]
        if "Cấp Xã" in record["levels"]:
            result.commune_procedures += 1
            division = COMMUNE_FIELDS.get(record["field"], "office")
            for entry in units.communes.values():
                assign_procedure(entry.agency, procedure, REFORM_DATE)
                _ensure_process(
                    procedure,
                    entry.agency,
                    entry.divisions["centre"],
                    entry.divisions[division],
                    entry.agency,
                )
            for ward in old_wards:
                if ward.merged_into_id is None:
                    assign_procedure(ward, procedure)
        if "Cấp Tỉnh" in record["levels"]:
            key = PROVINCE_FIELDS.get(record["field"])
            if key is None:
                result.unassigned.append(record["code"])
                continue
            result.province_procedures += 1
            department, appraiser = _province_handler(units, key)
            assign_procedure(department, procedure, REFORM_DATE)
            _ensure_process(procedure, department, centre, appraiser, department)
    handlers = [e.agency for e in units.communes.values()] + list(units.departments.values())
    result.assignments = AgencyProcedure.objects.filter(agency__in=handlers).count()
    result.processes = Process.objects.filter(agency__in=handlers).count()
    return result
