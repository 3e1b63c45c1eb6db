"""Charts of the resolution figures (issue 6 §4), server-rendered as inline SVG.

Two halves, both plain functions without a request:

- the series, read from `reports.resolution.resolution` and nothing else (the one
  definition of every figure): the on-time rate per month of a year (one report per month,
  its total row; months after today are absent, not zero), the channel mix of a report's
  total row (online / counter and post, with shares) and the volumes per row of a grouped
  report (newly received, resolved);
- the geometry: a series turned into bars, texts and grid lines with their coordinates in
  a fixed viewBox, plus the rows of the data table that goes with each chart (screen
  readers and tests read the numbers there). `reports/_chart.html` draws one chart;
  `reports/_charts.html` the report page's block. No JavaScript.

Used by the oversight report page, the indices page (the Decision 766 ranking) and the
public transparency page (motcua/portal/transparency.py).
"""

from __future__ import annotations

import calendar
import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.reports.resolution import COLUMN_LABELS, Report, resolution

if TYPE_CHECKING:  # pragma: no cover
    from motcua.indices.decision766 import Ranking

Number = int | float | Decimal


# --------------------------------------------------------------------------- the series


@dataclass(frozen=True)
class Month:
    """One month of a year as the resolution report counts it: [first, last], `last` cut
    at today for the current month."""

    year: int
    month: int
    first: datetime.date
    last: datetime.date
    total: dict[str, Any]  # the total row of resolution(agency, first, last, "agency")

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.month:02d}/{self.year}"


def month_spans(year: int, today: datetime.date) -> list[tuple[int, datetime.date, datetime.date]]:
    """(month, first day, last day) of each month of `year` that has begun by `today`; the
    current month ends today."""
    spans = []
    for month in range(1, 13):
        first = datetime.date(year, month, 1)
        if first > today:
            break
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        spans.append((month, first, min(last, today)))
    return spans


def monthly(agency: Agency, year: int, today: datetime.date | None = None) -> list[Month]:
    """The resolution report's total row for each month of `year` so far (one report per
    month, grouped by agency as the report page does)."""
    today = today or timezone.localdate()
    return [
        Month(year, month, first, last, resolution(agency, first, last, "agency").total)
        for month, first, last in month_spans(year, today)
    ]


def percent(part: int, whole: int) -> float | None:
    """part / whole in %, one decimal (half up, as the on-time rate); None when whole is 0."""
    if not whole:
        return None
    value = Decimal(100 * part) / Decimal(whole)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Point:
    key: str
    label: str
    value: float | None


def on_time_series(months: Sequence[Month]) -> list[Point]:
    """The on-time rate of each month (None when nothing was resolved that month)."""
    return [Point(m.key, m.label, m.total["on_time_rate"]) for m in months]


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    count: int
    share: float | None  # % of the newly received, one decimal


def channel_mix(total: dict[str, Any]) -> list[Share]:
    """Newly received dossiers by channel: online, and at the counter or by post."""
    whole = total["received_total"]
    return [
        Share(key, str(COLUMN_LABELS[key]), total[key], percent(total[key], whole))
        for key in ("received_online", "received_offline")
    ]


def online_share(total: dict[str, Any]) -> float | None:
    """The share of the newly received dossiers that came in online (%)."""
    return channel_mix(total)[0].share


@dataclass(frozen=True)
class Volume:
    key: str
    label: str
    received: int
    resolved: int


def unit_volumes(rows: Sequence[dict[str, Any]]) -> list[Volume]:
    """Newly received and resolved per row of a grouped report, in the report's order."""
    return [
        Volume(row["key"], row["label"], row["received_total"], row["resolved_total"])
        for row in rows
    ]


# --------------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    short: str = ""  # the axis label, when the full label is too long

    @property
    def axis(self) -> str:
        return self.short or self.label


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Number | None, ...]
    unit: str = ""  # "%" or ""


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int  # CSS class chart__bar--s<series>
    title: str  # "label: value" (the bar's tooltip)
    highlight: bool = False


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "middle"  # SVG text-anchor
    kind: str = "value"  # CSS class chart__text--<kind>: value, axis, tick, inside
    title: str = ""  # the full text when `text` was shortened
    strong: bool = False


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class LegendItem:
    css: int  # the colour index (chart__key--s<css>)
    text: str


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: list[str]
    current: bool = False


@dataclass
class Chart:
    """A chart ready to draw: everything in viewBox units, every text already formatted."""

    id: str
    title: str
    kind: str  # vertical, horizontal, stacked
    category_name: str  # header of the data table's first column
    categories: list[Category]
    series: list[Series]
    width: int = 640
    height: int = 240
    bars: list[Bar] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    grid: list[Line] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    top: float = 0  # the value at the end of the axis
    highlight: str | None = None
    empty: bool = False

    @property
    def rows(self) -> list[TableRow]:
        """The data table: one row per category, one cell per series."""
        return [
            TableRow(
                category.label,
                [fmt(s.values[i], s.unit) for s in self.series],
                category.key == self.highlight,
            )
            for i, category in enumerate(self.categories)
        ]


def fmt(value: Number | None, unit: str = "") -> str:
    """A value as the page shows it, in the active language: 95,5% (vi) / 95.5% (en),
    integers without decimals, "–" for no value."""
    if value is None:
        return "–"
    number = float(value)
    if number.is_integer():
        text = str(int(number))
    else:
        text = formats.number_format(round(number, 1), decimal_pos=1)
    return f"{text}{unit}"


_STEPS = (1, 2, 2.5, 5, 10)


def axis(highest: float, fixed: float | None = None, ticks: int = 4) -> tuple[float, float]:
    """(end of the axis, step between grid lines): `fixed` when given (100 for rates),
    otherwise a round number at or above `highest` cut in about `ticks` steps of 1, 2, 2.5
    or 5 × 10^n (at least 1: counts are whole)."""
    if fixed is not None:
        return float(fixed), float(fixed) / ticks
    if highest <= 0:
        return 1.0, 1.0
    raw = highest / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in _STEPS if m * magnitude >= raw - 1e-9)
    step = max(step, 1.0)
    return step * math.ceil(highest / step - 1e-9), step


def _r(value: float) -> float:
    return round(value, 1)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _values(series: Sequence[Series]) -> list[float]:
    return [float(v) for s in series for v in s.values if v is not None]


def _is_empty(categories: Sequence[Category], series: Sequence[Series], fixed) -> bool:
    values = _values(series)
    return not categories or not values or (fixed is None and max(values) <= 0)


def vertical_bars(
    chart_id: str,
    title: str,
    category_name: str,
    categories: Sequence[Category],
    series: Sequence[Series],
    *,
    maximum: float | None = None,
    width: int = 640,
    height: int = 240,
) -> Chart:
    """Columns side by side per category (a month…), value above each; a missing value
    (None) draws no column and shows "–"."""
    chart = Chart(
        chart_id, title, "vertical", category_name, list(categories), list(series), width, height
    )
    chart.legend = [LegendItem(i, s.name) for i, s in enumerate(series)] if len(series) > 1 else []
    if _is_empty(categories, series, maximum):
        chart.empty = True
        return chart
    left, right, top_pad, bottom = 44, 8, 22, 26
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    base = top_pad + plot_h
    top, step = axis(max(_values(series)), maximum)
    chart.top = top
    value = 0.0
    while value <= top + 1e-9:
        y = _r(base - value / top * plot_h)
        chart.grid.append(Line(left, y, width - right, y))
        chart.texts.append(Text(left - 6, _r(y + 4), fmt(value), "end", "tick"))
        value += step
    band = plot_w / len(categories)
    group = band * 0.72
    bar_w = group / len(series)
    for i, category in enumerate(categories):
        x0 = left + i * band + (band - group) / 2
        for j, s in enumerate(series):
            x = x0 + j * bar_w
            v = s.values[i]
            shown = fmt(v, s.unit)
            if v is None:
                chart.texts.append(Text(_r(x + bar_w / 2), _r(base - 4), shown))
                continue
            h = min(float(v), top) / top * plot_h
            chart.bars.append(
                Bar(
                    _r(x + 1),
                    _r(base - h),
                    _r(max(bar_w - 2, 1)),
                    _r(h),
                    j,
                    f"{category.label} – {s.name}: {shown}",
                )
            )
            chart.texts.append(Text(_r(x + bar_w / 2), _r(base - h - 5), shown))
        chart.texts.append(
            Text(_r(left + i * band + band / 2), height - 8, category.axis, kind="axis")
        )
    return chart


def horizontal_bars(
    chart_id: str,
    title: str,
    category_name: str,
    categories: Sequence[Category],
    series: Sequence[Series],
    *,
    maximum: float | None = None,
    highlight: str | None = None,
    width: int = 640,
) -> Chart:
    """One row per category (a unit…), a bar per series, label on the left, value at the
    end of the bar; the `highlight` category is drawn in the highlight colour, its label
    in bold. The height grows with the rows."""
    label_w, right, top_pad, bottom, bar_h, gap = 220, 58, 6, 22, 14, 10
    row_h = len(series) * bar_h + gap
    height = top_pad + max(len(categories), 1) * row_h + bottom
    chart = Chart(
        chart_id,
        title,
        "horizontal",
        category_name,
        list(categories),
        list(series),
        width,
        height,
        highlight=highlight,
    )
    chart.legend = [LegendItem(i, s.name) for i, s in enumerate(series)] if len(series) > 1 else []
    if _is_empty(categories, series, maximum):
        chart.empty = True
        return chart
    plot_w = width - label_w - right
    plot_bottom = top_pad + len(categories) * row_h
    top, step = axis(max(_values(series)), maximum)
    chart.top = top
    value = 0.0
    while value <= top + 1e-9:
        x = _r(label_w + value / top * plot_w)
        chart.grid.append(Line(x, top_pad, x, plot_bottom))
        chart.texts.append(Text(x, plot_bottom + 15, fmt(value), "middle", "tick"))
        value += step
    for i, category in enumerate(categories):
        y0 = top_pad + i * row_h + gap / 2
        current = highlight is not None and category.key == highlight
        label = _short(category.axis, 30)
        chart.texts.append(
            Text(
                label_w - 6,
                _r(y0 + len(series) * bar_h / 2 + 4),
                label,
                "end",
                "axis",
                category.label if label != category.label else "",
                current,
            )
        )
        for j, s in enumerate(series):
            y = y0 + j * bar_h
            v = s.values[i]
            shown = fmt(v, s.unit)
            w = 0.0 if v is None else min(float(v), top) / top * plot_w
            if v is not None:
                chart.bars.append(
                    Bar(
                        label_w,
                        _r(y + 1),
                        _r(w),
                        bar_h - 2,
                        j,
                        f"{category.label} – {s.name}: {shown}",
                        current,
                    )
                )
            chart.texts.append(Text(_r(label_w + w + 4), _r(y + bar_h - 3), shown, "start"))
    return chart


def stacked_bar(
    chart_id: str,
    title: str,
    category_name: str,
    categories: Sequence[Category],
    counts: Series,
    shares: Series,
    *,
    width: int = 640,
) -> Chart:
    """One bar of 100% cut into the categories' shares (the channel mix); each part's
    share written inside when it fits, the counts and shares in the legend."""
    height = 44
    chart = Chart(
        chart_id,
        title,
        "stacked",
        category_name,
        list(categories),
        [counts, shares],
        width,
        height,
    )
    chart.legend = [
        LegendItem(i, f"{c.label}: {fmt(counts.values[i])} ({fmt(shares.values[i], '%')})")
        for i, c in enumerate(categories)
    ]
    if _is_empty(categories, [counts], None):
        chart.empty = True
        return chart
    chart.top = 100.0
    x = 0.0
    for i, category in enumerate(categories):
        share = float(shares.values[i] or 0)
        w = share / 100 * width
        if w <= 0:
            continue
        shown = fmt(shares.values[i], "%")
        chart.bars.append(
            Bar(_r(x), 4, _r(w), 36, i, f"{category.label}: {fmt(counts.values[i])} ({shown})")
        )
        if w >= 56:
            chart.texts.append(Text(_r(x + w / 2), 27, shown, "middle", "inside"))
        x += w
    return chart


# --------------------------------------------------------------------------- the charts


def on_time_chart(months: Sequence[Month], chart_id: str = "chart-on-time") -> Chart:
    points = on_time_series(months)
    year = months[0].year if months else None
    title = (
        _("On-time rate per month, %(year)s") % {"year": year}
        if year
        else _("On-time rate per month")
    )
    return vertical_bars(
        chart_id,
        title,
        _("Month"),
        [Category(p.key, p.label, str(int(p.key[-2:]))) for p in points],
        [Series(_("On-time rate"), tuple(p.value for p in points), "%")],
        maximum=100,
    )


def channel_chart(total: dict[str, Any], chart_id: str = "chart-channels") -> Chart:
    mix = channel_mix(total)
    return stacked_bar(
        chart_id,
        _("Newly received by channel"),
        _("Channel of reception"),
        [Category(s.key, s.label) for s in mix],
        Series(_("Dossiers"), tuple(s.count for s in mix)),
        Series(_("Share"), tuple(s.share for s in mix), "%"),
    )


VOLUME_TITLES = {
    "agency": lambda: _("Received and resolved per unit"),
    "level": lambda: _("Received and resolved per level"),
    "field": lambda: _("Received and resolved per field"),
    "procedure": lambda: _("Received and resolved per procedure"),
}
CATEGORY_NAMES = {
    "agency": lambda: _("Unit"),
    "level": lambda: _("Level"),
    "field": lambda: _("Field"),
    "procedure": lambda: _("Procedure"),
}


def volume_chart(
    rows: Sequence[dict[str, Any]], group_by: str = "agency", chart_id: str = "chart-volumes"
) -> Chart:
    volumes = unit_volumes(rows)
    return horizontal_bars(
        chart_id,
        VOLUME_TITLES.get(group_by, VOLUME_TITLES["agency"])(),
        CATEGORY_NAMES.get(group_by, CATEGORY_NAMES["agency"])(),
        [Category(v.key, v.label) for v in volumes],
        [
            Series(str(COLUMN_LABELS["received_total"]), tuple(v.received for v in volumes)),
            Series(str(COLUMN_LABELS["resolved_total"]), tuple(v.resolved for v in volumes)),
        ],
    )


def ranking_chart(ranking: Ranking, chart_id: str = "chart-ranking") -> Chart:
    """The Decision 766 ranking as horizontal bars of each unit's share of its supported
    maximum, best first, the ranked agency highlighted; a unit without any value has no
    bar ("–")."""
    rows = ranking.rows
    return horizontal_bars(
        chart_id,
        _("Ranking on the service-quality index"),
        _("Unit"),
        [Category(r.unit.agency.code, f"{r.rank}. {r.unit.agency.name}") for r in rows],
        [Series(_("Share of the supported maximum"), tuple(r.unit.percent for r in rows), "%")],
        maximum=100,
        highlight=ranking.agency.code if ranking.agency is not None else None,
    )


def report_charts(report: Report, today: datetime.date | None = None) -> list[Chart]:
    """The report page's charts: the on-time rate per month of the period's end year, the
    channel mix and the volumes per row of the shown report."""
    months = monthly(report.agency, report.end.year, today)
    return [
        on_time_chart(months),
        channel_chart(report.total),
        volume_chart(report.rows, report.group_by),
    ]
