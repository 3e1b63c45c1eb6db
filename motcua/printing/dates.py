"""Dates and instants the way Vietnamese administrative documents write them.

Decree 30/2020/NĐ-CP (Appendix I, II.5) on the format of administrative documents: day, month
and year in Arabic numerals; a day below 10 and the months 1 and 2 take a leading zero, so that
nothing can be written in front of them afterwards ("ngày 05 tháng 01 năm 2025", but
"ngày 15 tháng 3 năm 2024"). The law texts in shared/reference follow the same rule.
Instants (time received, appointment) add hours and minutes before the date, as the forms of
Circular 01/2018/TT-VPCP print them: "09 giờ 30 phút, ngày 15 tháng 3 năm 2024".

Aware datetimes are shown in the working calendar's time zone (Vietnam has one), whatever
time zone a request may have activated; naive ones are taken as already local.
"""

from datetime import date, datetime

from motcua.worktime.sessions import TZ


def _local(value: datetime) -> datetime:
    return value.astimezone(TZ) if value.tzinfo is not None else value


def vn_date(value: date | datetime | None) -> str:
    """'ngày 15 tháng 3 năm 2024'; '' for None (an empty field on a form)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = _local(value).date()
    elif not isinstance(value, date):
        raise TypeError(f"vn_date expects a date or datetime, not {type(value).__name__}")
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def vn_datetime(value: datetime | None) -> str:
    """'09 giờ 30 phút, ngày 15 tháng 3 năm 2024'; '' for None."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime):
        raise TypeError(f"vn_datetime expects a datetime, not {type(value).__name__}")
    local = _local(value)
    return f"{local.hour:02d} giờ {local.minute:02d} phút, {vn_date(local)}"


def short_datetime(value: datetime | None, empty: str = "") -> str:
    """'02/03/2026 09:00' in Vietnam time: table cells, messages and command output; `empty`
    for None."""
    if value is None:
        return empty
    return _local(value).strftime("%d/%m/%Y %H:%M")
