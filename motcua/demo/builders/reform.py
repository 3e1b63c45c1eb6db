"""Former District 1 (Quận 1) and its ten wards, as they were until 30/6/2025.

From 1/7/2025 the wards were rearranged into new wards and the district level ended. Several
old wards were split between new wards; the one-to-one merger records the main successor
chosen for this demo. District-level work passed to the city, so the district is merged
into the city People's Committee.
"""

from __future__ import annotations

from motcua.agencies import services
from motcua.agencies.models import Agency, AgencyMerge, Level
from motcua.demo.builders.units import REFORM_DATE, DemoUnits, code, ensure_agency

DISTRICT_NUMBER = 60
WARD_BASIS = (
    "Nghị quyết số 1685/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội về việc "
    "sắp xếp các đơn vị hành chính cấp xã của Thành phố Hồ Chí Minh năm 2025"
)
DISTRICT_BASIS = (
    "Luật Tổ chức chính quyền địa phương số 72/2025/QH15: đơn vị hành chính cấp huyện "
    "kết thúc hoạt động từ ngày 01/7/2025"
)

# (level-3 number, old ward, key of the new ward that is its main successor)
OLD_WARDS: list[tuple[int, str, str]] = [
    (1, "Bến Nghé", "sai_gon"),
    (2, "Đa Kao", "tan_dinh"),
    (3, "Tân Định", "tan_dinh"),
    (4, "Bến Thành", "ben_thanh"),
    (5, "Phạm Ngũ Lão", "ben_thanh"),
    (6, "Nguyễn Thái Bình", "ben_thanh"),
    (7, "Cầu Ông Lãnh", "cau_ong_lanh"),
    (8, "Nguyễn Cư Trinh", "cau_ong_lanh"),
    (9, "Cầu Kho", "cau_ong_lanh"),
    (10, "Cô Giang", "cau_ong_lanh"),
]


def build_former_district(units: DemoUnits) -> tuple[Agency, list[Agency]]:
    """Create Quận 1 and its wards once (open until merged)."""
    district = ensure_agency(
        code=code(DISTRICT_NUMBER),
        name="Ủy ban nhân dân Quận 1",
        short_name="Quận 1",
        level=Level.DISTRICT,
        parent=units.province,
        address="47 Lê Duẩn, phường Bến Nghé, Quận 1",
    )
    wards = [
        ensure_agency(
            code=code(DISTRICT_NUMBER, number),
            name=f"Ủy ban nhân dân phường {name}",
            short_name=f"Phường {name} (Quận 1)",
            level=Level.COMMUNE,
            parent=district,
        )
        for number, name, _successor in OLD_WARDS
    ]
    return district, wards


def merge_former_district(units: DemoUnits, district: Agency, wards: list[Agency]) -> int:
    """Merge each old ward into its successor, then the district into the city; once."""
    merged = 0
    for ward, (_number, _name, successor) in zip(wards, OLD_WARDS, strict=True):
        if not AgencyMerge.objects.filter(source=ward).exists():
            services.merge_agency(
                ward, units.communes[successor].agency, REFORM_DATE, legal_basis=WARD_BASIS
            )
            merged += 1
    if not AgencyMerge.objects.filter(source=district).exists():
        services.merge_agency(district, units.province, REFORM_DATE, legal_basis=DISTRICT_BASIS)
        merged += 1
    return merged
