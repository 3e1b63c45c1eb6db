"""Demo agency tree: Ho Chi Minh City after the 1/7/2025 reform, plus former District 1.

Unit names are real; the identifier codes are ILLUSTRATIVE demo values built in the
QCVN 102:2016 form (V1V2V3.Z1Z2.Y1Y2.MX1X2) under the level-1 code H29, not the codes the
city actually uses.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from motcua.agencies import services
from motcua.agencies.models import Agency, Level

LEVEL1 = "H29"
REFORM_DATE = datetime.date(2025, 7, 1)
CITY = "Thành phố Hồ Chí Minh"


def code(level2: int = 0, level3: int = 0) -> str:
    return f"000.{level3:02d}.{level2:02d}.{LEVEL1}"


# (key, level-2 number, name, [(division key, name), ...])
DEPARTMENTS: list[tuple[str, int, str, list[tuple[str, str]]]] = [
    ("office", 1, "Văn phòng Ủy ban nhân dân Thành phố", []),
    ("centre", 2, "Trung tâm Phục vụ hành chính công Thành phố Hồ Chí Minh", []),
    (
        "justice",
        3,
        "Sở Tư pháp",
        [
            ("civil", "Phòng Hành chính tư pháp"),
            ("legal_aid", "Trung tâm Trợ giúp pháp lý nhà nước"),
        ],
    ),
    ("home", 4, "Sở Nội vụ", [("labour", "Phòng Lao động - Việc làm")]),
    ("finance", 5, "Sở Tài chính", [("business", "Phòng Đăng ký kinh doanh")]),
    ("construction", 6, "Sở Xây dựng", []),
    ("agri_env", 7, "Sở Nông nghiệp và Môi trường", [("land", "Phòng Quản lý đất đai")]),
    ("education", 8, "Sở Giáo dục và Đào tạo", []),
    ("health", 9, "Sở Y tế", [("social", "Phòng Bảo trợ xã hội")]),
    ("culture", 10, "Sở Văn hóa và Thể thao", []),
    (
        "police",
        11,
        "Công an Thành phố Hồ Chí Minh",
        [("immigration", "Phòng Quản lý xuất nhập cảnh"), ("traffic", "Phòng Cảnh sát giao thông")],
    ),
]

# New communes and wards from 1/7/2025: (key, level-2 number, name, is_ward).
COMMUNES: list[tuple[str, int, str, bool]] = [
    ("sai_gon", 70, "Phường Sài Gòn", True),
    ("tan_dinh", 71, "Phường Tân Định", True),
    ("ben_thanh", 72, "Phường Bến Thành", True),
    ("cau_ong_lanh", 73, "Phường Cầu Ông Lãnh", True),
    ("ban_co", 74, "Phường Bàn Cờ", True),
    ("xuan_hoa", 75, "Phường Xuân Hòa", True),
    ("nhieu_loc", 76, "Phường Nhiêu Lộc", True),
    ("xom_chieu", 77, "Phường Xóm Chiếu", True),
    ("khanh_hoi", 78, "Phường Khánh Hội", True),
    ("vinh_hoi", 79, "Phường Vĩnh Hội", True),
    ("can_gio", 80, "Xã Cần Giờ", False),
    ("thanh_an", 81, "Xã Thạnh An", False),
]

# Internal units of every new commune (Decree 150/2025/NĐ-CP): (key, level-3 number, name).
COMMUNE_DIVISIONS: list[tuple[str, int, str]] = [
    ("office", 1, "Văn phòng HĐND và UBND"),
    ("economy", 2, "Phòng Kinh tế"),
    ("society", 3, "Phòng Văn hóa - Xã hội"),
    ("centre", 4, "Trung tâm Phục vụ hành chính công"),
]


@dataclass
class CommuneUnits:
    agency: Agency
    divisions: dict[str, Agency] = field(default_factory=dict)


@dataclass
class DemoUnits:
    province: Agency
    departments: dict[str, Agency] = field(default_factory=dict)
    divisions: dict[str, Agency] = field(default_factory=dict)  # "justice.civil"
    communes: dict[str, CommuneUnits] = field(default_factory=dict)


def ensure_agency(*, code: str, name: str, level: str, parent: Agency | None, **fields) -> Agency:
    """Create the agency once; a later run finds it by code and changes nothing."""
    existing = Agency.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return services.create_agency(code=code, name=name, level=level, parent=parent, **fields)


def mark_desk(agency: Agency) -> Agency:
    """Designate `agency` as a one-stop desk (idempotent): it receives dossiers for every
    agency of its administrative unit (agencies.services.desks_for)."""
    if not agency.is_desk:
        agency.is_desk = True
        services.save_agency(agency)
    return agency


def build_units() -> DemoUnits:
    province = ensure_agency(
        code=code(),
        name=f"Ủy ban nhân dân {CITY}",
        short_name="UBND TP.HCM",
        level=Level.PROVINCE,
        parent=None,
        address="86 Lê Thánh Tôn, phường Sài Gòn, Thành phố Hồ Chí Minh",
        desk_name="Trung tâm Phục vụ hành chính công Thành phố Hồ Chí Minh",
    )
    units = DemoUnits(province=province)
    for key, number, name, divisions in DEPARTMENTS:
        department = ensure_agency(
            code=code(number),
            name=name if key in ("office", "centre", "police") else f"{name} {CITY}",
            short_name=name,
            level=Level.DEPARTMENT,
            parent=province,
        )
        if key == "centre":
            mark_desk(department)
        units.departments[key] = department
        for index, (division_key, division_name) in enumerate(divisions, start=1):
            units.divisions[f"{key}.{division_key}"] = ensure_agency(
                code=code(number, index),
                name=f"{division_name} - {name}",
                short_name=division_name,
                level=Level.DIVISION,
                parent=department,
            )
    for key, number, name, is_ward in COMMUNES:
        lower = f"{name[0].lower()}{name[1:]}"  # "phường Sài Gòn"
        commune = ensure_agency(
            code=code(number),
            name=f"Ủy ban nhân dân {lower}",
            short_name=name,
            level=Level.COMMUNE,
            parent=province,
            valid_from=REFORM_DATE,
            desk_name=f"Trung tâm Phục vụ hành chính công {lower}",
        )
        entry = CommuneUnits(agency=commune)
        for division_key, division_number, division_name in COMMUNE_DIVISIONS:
            if division_key == "economy" and is_ward:
                division_name = "Phòng Kinh tế, Hạ tầng và Đô thị"
            entry.divisions[division_key] = ensure_agency(
                code=code(number, division_number),
                name=f"{division_name} {lower}",
                short_name=division_name,
                level=Level.DIVISION,
                parent=commune,
                valid_from=REFORM_DATE,
            )
        mark_desk(entry.divisions["centre"])
        units.communes[key] = entry
    return units
