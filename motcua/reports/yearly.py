"""The yearly report on administrative procedures (issue 6 §3): a Vietnamese narrative in
the style of the People's Committees' yearly reports, every number taken from the data
(reports.resolution, indices.catalogue_figures, indices.decision766), with the resolution
table as its appendix.

The text is Vietnamese whatever the reader's language: it is an administrative document,
like the printed forms.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from motcua.agencies.models import Agency
from motcua.agencies.services import lineage_ids
from motcua.dossiers.models import Apology, ApologyStatus, Dossier
from motcua.indices.catalogue_figures import CatalogueFigures, catalogue_figures
from motcua.indices.decision766 import ranking
from motcua.indices.periods import Period
from motcua.printing.dates import vn_date
from motcua.reports.resolution import Report, resolution
from motcua.worktime.calendar import TZ


@dataclass
class YearlyReport:
    agency: Agency
    year: int
    as_of: datetime.date
    report: Report
    catalogue: CatalogueFigures
    interlinked: int
    apologies: int
    rank: tuple[int, int] | None = None  # (rank, of) on the Decision 766 index
    index_percent: Decimal | None = None
    paragraphs: list[str] = field(default_factory=list)


def n(value: int | Decimal | None) -> str:
    """16103 -> '16.103' (Vietnamese thousands separator); decimals with a comma."""
    if value is None:
        return "0"
    if isinstance(value, Decimal) and value != value.to_integral_value():
        whole, frac = f"{value:.2f}".rstrip("0").split(".")
        return f"{int(whole):,}".replace(",", ".") + "," + frac
    return f"{int(value):,}".replace(",", ".")


def yearly_report(agency: Agency, year: int, today: datetime.date | None = None) -> YearlyReport:
    first = datetime.date(year, 1, 1)
    last = min(datetime.date(year, 12, 31), today or datetime.date.today())
    if last < first:
        last = first
    report = resolution(agency, first, last, "agency")
    period = Period(first, last, str(year))
    ids = lineage_ids(agency)
    since = datetime.datetime.combine(first, datetime.time(), tzinfo=TZ)
    until = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time(), tzinfo=TZ)
    received = Q(agency_id__in=ids, received_at__gte=since, received_at__lt=until)
    interlinked = Dossier.objects.filter(received, interlinked=True).count()
    apologies = Apology.objects.filter(
        dossier__agency_id__in=ids,
        status=ApologyStatus.APPROVED,
        decided_at__gte=since,
        decided_at__lt=until,
    ).count()
    result = YearlyReport(
        agency=agency,
        year=year,
        as_of=last,
        report=report,
        catalogue=catalogue_figures(None if agency.parent_id is None else agency, last, period),
        interlinked=interlinked,
        apologies=apologies,
    )
    ranked = ranking(agency, period)
    for row in ranked.rows:
        if row.unit.agency.pk == agency.pk and row.unit.percent is not None:
            result.rank = (row.rank, len(ranked.rows))
            result.index_percent = row.unit.percent
    result.paragraphs = narrative(result)
    return result


def narrative(y: YearlyReport) -> list[str]:
    t, c = y.report.total, y.catalogue
    in_force = c.in_force
    # Since the two-tier local government (1/7/2025) there is no district level: a level
    # with no procedure is left out rather than written as "cấp huyện 0 TTHC".
    levels = [
        f"cấp {name} {n(in_force.get(key))} TTHC"
        for key, name in (("province", "tỉnh"), ("district", "huyện"), ("commune", "xã"))
        if key != "district" or in_force.get(key)
    ]
    text = [
        f"Tính đến {vn_date(y.as_of)}, trên địa bàn {y.agency.name} có tổng số "
        f"{n(in_force.get('total'))} TTHC, trong đó: {', '.join(levels)}; "
        f"{n(in_force.get('interlinked'))} TTHC thực hiện liên thông.",
    ]
    announced = c.announced or {}
    if any(announced.values()):
        text.append(
            f"Trong năm {y.year}, đã công bố {n(announced.get('new'))} TTHC mới ban hành, "
            f"{n(announced.get('amended'))} TTHC sửa đổi, bổ sung, "
            f"{n(announced.get('replaced'))} TTHC thay thế và {n(announced.get('abolished'))} "
            "TTHC bãi bỏ."
        )
    text.append(
        f"Tổng số hồ sơ tiếp nhận giải quyết trong năm {y.year}: "
        f"{n(t['carried_over'] + t['received_total'])} hồ sơ (kỳ trước chuyển sang "
        f"{n(t['carried_over'])} hồ sơ, tiếp nhận mới {n(t['received_total'])} hồ sơ, trong đó "
        f"trực tuyến {n(t['received_online'])} hồ sơ, trực tiếp và qua dịch vụ bưu chính công "
        f"ích {n(t['received_offline'])} hồ sơ)."
    )
    rate = t["on_time_rate"]
    text.append(
        f"Đã giải quyết {n(t['resolved_total'])} hồ sơ, trong đó giải quyết trước hạn "
        f"{n(t['resolved_early'])} hồ sơ, đúng hạn {n(t['resolved_on_time'])} hồ sơ, quá hạn "
        f"{n(t['resolved_late'])} hồ sơ"
        + (f"; tỷ lệ giải quyết đúng hạn đạt {n(Decimal(str(rate)))}%" if rate is not None else "")
        + f". Đang giải quyết {n(t['in_progress_total'])} hồ sơ (trong hạn "
        f"{n(t['in_progress_within'])} hồ sơ, quá hạn {n(t['in_progress_overdue'])} hồ sơ). "
        f"Đã trả kết quả {n(t['returned'])} hồ sơ; công dân rút {n(t['withdrawn'])} hồ sơ; dừng "
        f"giải quyết {n(t['stopped'])} hồ sơ; từ chối tiếp nhận {n(t['refused'])} hồ sơ."
    )
    text.append(
        f"Số hồ sơ giải quyết liên thông: {n(y.interlinked)} hồ sơ. Đã ban hành "
        f"{n(y.apologies)} văn bản xin lỗi và hẹn lại ngày trả kết quả đối với hồ sơ quá hạn."
    )
    if c.simplified is not None:
        text.append(
            f"Đã đơn giản hóa {n(c.simplified)} TTHC, cắt giảm "
            f"{n(c.working_days_cut)} ngày làm việc so với thời hạn quy định."
        )
    if y.rank is not None:
        text.append(
            f"Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg) đạt "
            f"{n(y.index_percent)}% số điểm của các thành phần có dữ liệu, xếp thứ {y.rank[0]}/"
            f"{y.rank[1]} đơn vị cùng cấp."
        )
    return text
