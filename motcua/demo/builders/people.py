"""Made-up applicants for the demo dossiers: Vietnamese names, citizen IDs, phones, addresses
and a few organisations. Everything comes from the `random.Random` passed in, so a seed
gives the same people every time. No real person is meant.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from motcua.dossiers.models import ApplicantKind
from motcua.dossiers.services.intake import Applicant

# Family names with rough national shares (per cent).
FAMILY: list[tuple[str, float]] = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9.5),
    ("Phạm", 7),
    ("Hoàng", 3),
    ("Huỳnh", 3),
    ("Phan", 4.5),
    ("Vũ", 2),
    ("Võ", 2),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1),
    ("Lý", 0.5),
    ("Trương", 0.8),
    ("Đinh", 0.6),
    ("Lâm", 0.6),
    ("Mai", 0.4),
    ("Tạ", 0.3),
    ("Châu", 0.3),
]
MIDDLE = {
    "m": ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Hoàng", "Gia", "Tấn", "Trọng"],
    "f": ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Bảo", "Kim", "Phương", "Mỹ", "Hồng", "Thị"],
}
GIVEN = {
    "m": [
        "An", "Bình", "Cường", "Dũng", "Hải", "Hiếu", "Hùng", "Huy", "Khang", "Khoa", "Long",
        "Minh", "Nam", "Phúc", "Quân", "Sơn", "Tài", "Thành", "Thắng", "Trung", "Tuấn", "Việt",
        "Vinh", "Phát", "Đạt", "Nghĩa", "Toàn", "Lộc", "Duy", "Khánh",
    ],
    "f": [
        "Anh", "Châu", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hương", "Lan",
        "Linh", "Loan", "Mai", "My", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh",
        "Thảo", "Thu", "Trang", "Tuyết", "Uyên", "Vân", "Vy", "Yến", "Trâm",
    ],
}  # fmt: skip
# Province codes of the citizen ID (birth place): mostly Ho Chi Minh City and the south.
BIRTH_PROVINCES = [
    ("079", 55), ("001", 5), ("048", 3), ("075", 4), ("074", 4), ("080", 3), ("083", 3),
    ("087", 3), ("092", 3), ("052", 3), ("051", 2), ("040", 3), ("038", 3), ("036", 2),
    ("034", 2), ("066", 2),
]  # fmt: skip
STREETS = [
    "Lê Lợi", "Nguyễn Huệ", "Đồng Khởi", "Hai Bà Trưng", "Pasteur", "Nam Kỳ Khởi Nghĩa",
    "Lý Tự Trọng", "Trần Hưng Đạo", "Nguyễn Thị Minh Khai", "Điện Biên Phủ", "Võ Văn Tần",
    "Cống Quỳnh", "Nguyễn Trãi", "Bùi Viện", "Đề Thám", "Calmette", "Hàm Nghi",
    "Tôn Đức Thắng", "Mạc Đĩnh Chi", "Đinh Tiên Hoàng", "Trần Quang Khải", "Nguyễn Đình Chiểu",
    "Cô Giang", "Bến Vân Đồn", "Hoàng Diệu", "Khánh Hội", "Lê Văn Sỹ", "Cách Mạng Tháng Tám",
]  # fmt: skip
HAMLETS = ["ấp An Hòa", "ấp Bình Thạnh", "ấp Đồng Hòa", "ấp Long Thạnh", "ấp Thạnh Bình"]
BUSINESS_WORDS = [
    "Phú Thịnh", "Hưng Phát", "Sao Việt", "An Khang", "Bến Thành", "Sài Gòn Xanh", "Minh Long",
    "Thành Đạt", "Nam Phương", "Đại Tín", "Hoàng Gia", "Tân Việt", "Phương Nam", "Kim Ngân",
]  # fmt: skip
BUSINESS_LINES = [
    "Thương mại Dịch vụ", "Xây dựng", "Đầu tư", "Du lịch", "Vận tải", "Thực phẩm",
    "Công nghệ", "Tư vấn",
]  # fmt: skip


@dataclass(frozen=True)
class Person:
    name: str
    first_name: str
    last_name: str
    id_number: str
    birth_date: datetime.date
    phone: str
    address: str

    def as_applicant(self) -> Applicant:
        return Applicant(
            kind=ApplicantKind.PERSON,
            name=self.name,
            id_number=self.id_number,
            birth_date=self.birth_date,
            phone=self.phone,
            address=self.address,
        )


def _weighted(rng: random.Random, pairs: list[tuple[str, float]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def full_name(rng: random.Random) -> tuple[str, str, str, bool]:
    """(full name, given name, family and middle names, female)."""
    sex = rng.choice("mf")
    family = _weighted(rng, FAMILY)
    middle = rng.choice(MIDDLE[sex])
    given = rng.choice(GIVEN[sex])
    if rng.random() < 0.15:  # a second middle name ("Nguyễn Thị Thu Hà")
        middle = f"{middle} {rng.choice(MIDDLE[sex])}"
        if middle.split()[0] == middle.split()[1]:
            middle = middle.split()[0]
    last = f"{family} {middle}"
    return f"{last} {given}", given, last, sex == "f"


def phone(rng: random.Random) -> str:
    return "09" + "".join(rng.choice("0123456789") for _ in range(8))


def address(rng: random.Random, place: str) -> str:
    """`place` is the ward or commune ("phường Bến Thành")."""
    if place.startswith("xã"):
        return f"{rng.choice(HAMLETS)}, {place}, Thành phố Hồ Chí Minh"
    return f"{rng.randint(1, 250)} {rng.choice(STREETS)}, {place}, Thành phố Hồ Chí Minh"


def person(rng: random.Random, place: str, today: datetime.date) -> Person:
    """An adult: the citizen ID encodes birth province, sex and century, and birth year."""
    name, given, last, female = full_name(rng)
    year = rng.randint(today.year - 80, today.year - 18)
    birth = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
    century = 0 if year < 2000 else 2
    id_number = (
        _weighted(rng, BIRTH_PROVINCES)
        + str(century + (1 if female else 0))
        + f"{year % 100:02d}"
        + "".join(rng.choice("0123456789") for _ in range(6))
    )
    return Person(name, given, last, id_number, birth, phone(rng), address(rng, place))


def organisation(rng: random.Random, place: str, representative: Person) -> Applicant:
    """A company or cooperative with a Ho Chi Minh City tax code (03xxxxxxxx)."""
    word = rng.choice(BUSINESS_WORDS)
    kind = rng.random()
    if kind < 0.55:
        name = f"Công ty TNHH {rng.choice(BUSINESS_LINES)} {word}"
    elif kind < 0.9:
        name = f"Công ty Cổ phần {rng.choice(BUSINESS_LINES)} {word}"
    else:
        name = f"Hợp tác xã {rng.choice(BUSINESS_LINES)} {word}"
    return Applicant(
        kind=ApplicantKind.ORGANISATION,
        name=name,
        tax_code="03" + "".join(rng.choice("0123456789") for _ in range(8)),
        phone=phone(rng),
        address=address(rng, place),
        representative_name=representative.name,
        representative_id_number=representative.id_number,
        representative_phone=representative.phone,
    )
