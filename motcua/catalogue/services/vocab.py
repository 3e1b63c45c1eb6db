"""Vocabulary of the national catalogue record format and its mapping to the models.

Every mapping between the Vietnamese labels of the record format (see
docs/catalogue-format.md) and the model values lives here, in both directions, so the
importer, the exporter and the Excel reader cannot drift apart.
"""

from motcua.catalogue.models import ChangeKind, Channel, OnlineLevel
from motcua.core.text import fold
from motcua.worktime.units import DurationUnit

# Level label -> ProcedureVersion boolean flag, in the order the export lists them.
LEVEL_FLAGS: dict[str, str] = {
    "Cấp Bộ": "at_ministry",
    "Cấp Tỉnh": "at_province",
    "Cấp Huyện": "at_district",
    "Cấp Xã": "at_commune",
    "Cơ quan khác": "at_other",
}
# Short names used by search filters and the API (?level=commune).
LEVEL_KEYS: dict[str, str] = {
    "ministry": "at_ministry",
    "province": "at_province",
    "district": "at_district",
    "commune": "at_commune",
    "other": "at_other",
}
# Folded spellings accepted on input (the source also writes "Cấp Bộ/Trung ương").
_LEVEL_ALIASES: dict[str, str] = {
    **{fold(label): label for label in LEVEL_FLAGS},
    "cap bo/trung uong": "Cấp Bộ",
    "cap trung uong": "Cấp Bộ",
    "cap phuong": "Cấp Xã",
    **{key: label for key, label in zip(LEVEL_KEYS, LEVEL_FLAGS, strict=True)},
}

CHANNEL_LABELS: dict[int, str] = {
    Channel.COUNTER: "Trực tiếp",
    Channel.ONLINE: "Trực tuyến",
    Channel.POSTAL: "Dịch vụ bưu chính",
}
_CHANNEL_ALIASES: dict[str, int] = {
    **{fold(label): channel for channel, label in CHANNEL_LABELS.items()},
    "buu chinh": Channel.POSTAL,
    "buu chinh cong ich": Channel.POSTAL,
    "dich vu buu chinh cong ich": Channel.POSTAL,
    "counter": Channel.COUNTER,
    "online": Channel.ONLINE,
    "postal": Channel.POSTAL,
    "1": Channel.COUNTER,
    "2": Channel.ONLINE,
    "3": Channel.POSTAL,
}

# Source unit code -> (DurationUnit value or "" for unspecified, Vietnamese label or None).
UNIT_CODES: dict[str, tuple[str, str | None]] = {
    "WORKING_DAY": (DurationUnit.WORKING_DAYS, "Ngày làm việc"),
    "ngày": (DurationUnit.DAYS, "Ngày"),
    "HOUR": (DurationUnit.HOURS, "Giờ"),
    "MONTH": (DurationUnit.MONTHS, "Tháng"),
    "OTHER": ("", None),
}
UNIT_TO_CODE: dict[str, str] = {unit: code for code, (unit, _label) in UNIT_CODES.items()}
_UNIT_ALIASES: dict[str, str] = {
    **{fold(code): code for code in UNIT_CODES},
    **{fold(label): code for code, (_unit, label) in UNIT_CODES.items() if label},
    **{unit: code for code, (unit, _label) in UNIT_CODES.items() if unit},
    "ngay lam viec": "WORKING_DAY",
    "working_day": "WORKING_DAY",
    "day": "ngày",
    "days": "ngày",
    "gio": "HOUR",
    "thang": "MONTH",
    "khac": "OTHER",
}

ONLINE_LEVELS: dict[str, str] = {
    "full": OnlineLevel.FULL,
    "partial": OnlineLevel.PARTIAL,
    "toan trinh": OnlineLevel.FULL,
    "mot phan": OnlineLevel.PARTIAL,
}

CHANGE_KINDS: tuple[str, ...] = tuple(ChangeKind.values)


def level_label(value: str) -> str | None:
    """The canonical level label for an input spelling, or None if unknown."""
    return _LEVEL_ALIASES.get(fold(value))


def channel_of(value: str | int) -> int | None:
    return _CHANNEL_ALIASES.get(fold(str(value)))


def unit_code_of(value: str) -> str | None:
    """The canonical source unit code (WORKING_DAY, ngày, HOUR, MONTH, OTHER) or None."""
    return _UNIT_ALIASES.get(fold(value))
