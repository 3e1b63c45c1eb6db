"""Public transparency figures per agency (công khai kết quả giải quyết TTHC; issue 6 §4).

Anyone, without signing in, sees for an agency and a year: dossiers newly received (and the
share online), resolved (early, on time, late) with the on-time rate, in progress (and
overdue), for the year so far and for each month so far, and per child unit for a province
or a district. Only aggregate numbers: every figure is a column of the resolution report
(`reports.resolution.resolution`, the one definition) and the charts are
`reports.charts`'; no dossier, applicant, officer or dossier code is ever read here.

The page (`portal.views.transparency_agency`), the API
(`GET /api/v1/public/agencies/{code}/figures?year=`) and the operator's
`motcua report resolution --agency CODE --from YYYY-01-01 --to YYYY-12-31` give the same
numbers.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, Level
from motcua.core.text import fold
from motcua.core.validity import valid_on_q
from motcua.reports import charts
from motcua.reports.resolution import resolution

# The report's columns shown to the public, in the order of the form.
FIGURES = (
    "received_total",
    "received_online",
    "received_offline",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "on_time_rate",
    "in_progress_total",
    "in_progress_overdue",
)
FIRST_YEAR = 2000
# Units whose figures are split per child unit on their page.
SPLIT_LEVELS = (Level.PROVINCE, Level.DISTRICT)
_YEAR = re.compile(r"\d{4}")


def _public(queryset):
    """Agencies with a public page: every unit but the internal divisions (their dossiers
    count under the agency they belong to)."""
    return queryset.exclude(level=Level.DIVISION)


def public_agencies(query: str = "", today: datetime.date | None = None) -> list[Agency]:
    """The agencies in operation today, in tree order; with `query`, those where every word
    of it begins a word of the name or the code (accents and case ignored: "xa a" finds
    "UBND xã A", not "UBND xã B")."""
    today = today or timezone.localdate()
    agencies = list(
        _public(Agency.objects.filter(valid_on_q(today), merged_into__isnull=True)).order_by("path")
    )
    asked = fold(query or "").split()
    if not asked:
        return agencies

    def matches(agency: Agency) -> bool:
        words = fold(f"{agency.name} {agency.code}").split()
        return all(any(word.startswith(a) for word in words) for a in asked)

    return [a for a in agencies if matches(a)]


def public_agency(code: str | None) -> Agency | None:
    """The agency with this identifier code if it has a public page (a unit merged or closed
    since keeps its page: its past years are still public); None otherwise."""
    code = (code or "").strip()
    if not code or not code.isprintable() or len(code) > 40:
        return None
    return _public(Agency.objects.filter(code=code)).first()


def parse_year(text: str | None, today: datetime.date | None = None) -> int:
    """The year asked for: empty means the current year; otherwise four digits from 2000 to
    the current year (a year that has not begun has no figures)."""
    today = today or timezone.localdate()
    text = (text or "").strip()
    if not text:
        return today.year
    if not _YEAR.fullmatch(text):
        raise ValidationError(
            {"year": [_("Give the year as four digits, e.g. %(year)d.") % {"year": today.year}]},
            code="year",
        )
    year = int(text)
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationError(
            {
                "year": [
                    _("Figures are published for the years %(first)d to %(last)d.")
                    % {"first": FIRST_YEAR, "last": today.year}
                ]
            },
            code="year",
        )
    return year


def figures(row: dict[str, Any]) -> dict[str, Any]:
    """The public figures of one row of the resolution report, plus the online share."""
    return {**{key: row[key] for key in FIGURES}, "online_share": charts.online_share(row)}


@dataclass
class MonthFigures:
    month: int
    first: datetime.date
    last: datetime.date
    figures: dict[str, Any]


@dataclass
class UnitFigures:
    code: str
    name: str
    figures: dict[str, Any]
    public: bool = False  # has its own public page (not an internal division)


@dataclass
class AgencyFigures:
    agency: Agency
    year: int
    first: datetime.date
    as_of: datetime.date  # the last day counted: 31/12, or today for the current year
    total: dict[str, Any]
    months: list[MonthFigures] = field(default_factory=list)
    units: list[UnitFigures] = field(default_factory=list)
    charts: list[charts.Chart] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """What the API returns (and nothing else)."""
        return {
            "agency": {
                "code": self.agency.code,
                "name": self.agency.name,
                "level": self.agency.level,
            },
            "year": self.year,
            "first": self.first,
            "as_of": self.as_of,
            "total": self.total,
            "months": [
                {"month": m.month, "first": m.first, "last": m.last, **m.figures}
                for m in self.months
            ],
            "units": [{"code": u.code, "name": u.name, **u.figures} for u in self.units],
        }


def agency_figures(agency: Agency, year: int, today: datetime.date | None = None) -> AgencyFigures:
    """The year so far of `agency` (its subtree and the units merged into it), counted as
    the resolution report counts it: as of 31/12 for a past year, as of today for the
    current one; the months so far; per child unit for a province or a district."""
    today = today or timezone.localdate()
    first = datetime.date(year, 1, 1)
    as_of = max(first, min(datetime.date(year, 12, 31), today))
    report = resolution(agency, first, as_of, "agency")
    months = charts.monthly(agency, year, today)
    result = AgencyFigures(
        agency=agency,
        year=year,
        first=first,
        as_of=as_of,
        total=figures(report.total),
        months=[MonthFigures(m.month, m.first, m.last, figures(m.total)) for m in months],
    )
    if agency.level in SPLIT_LEVELS:
        codes = [row["key"] for row in report.rows]
        public = set(_public(Agency.objects.filter(code__in=codes)).values_list("code", flat=True))
        result.units = [
            UnitFigures(row["key"], row["label"], figures(row), row["key"] in public)
            for row in report.rows
        ]
    result.charts = [charts.on_time_chart(months), charts.channel_chart(report.total)]
    if len(report.rows) > 1 and agency.level in SPLIT_LEVELS:
        result.charts.append(charts.volume_chart(report.rows, "agency"))
    return result
