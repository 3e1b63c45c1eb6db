"""Periods of the indices (a month, a quarter, a year or any range of days) and the units
they are computed for.

A period is a range of calendar days, both ends inclusive; as instants it is
[start 00:00, day after end 00:00) in Vietnam time, so a dossier finished at 23:59 on the
last day counts and one finished at 00:00 the next day does not.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.agencies.services import lineage_ids
from motcua.worktime.calendar import TZ

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    label: str

    @property
    def since(self) -> datetime.datetime:
        return datetime.datetime.combine(self.start, datetime.time(), tzinfo=TZ)

    @property
    def until(self) -> datetime.datetime:
        """The first instant after the period (exclusive bound)."""
        return datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time(), tzinfo=TZ
        )

    def range_q(self, field: str) -> dict:
        """Filter keywords: `field` inside the period."""
        return {f"{field}__gte": self.since, f"{field}__lt": self.until}


def _checked_year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise ValidationError(_("Give a year between 2000 and 2100."), code="period")
    return year


def parse_period(text: str) -> Period:
    """'2025' (year), '2025-Q3' (quarter) or '2025-07' (month)."""
    text = (text or "").strip()
    if m := _YEAR.match(text):
        year = _checked_year(int(m[1]))
        return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), text)
    if m := _QUARTER.match(text):
        year, quarter = _checked_year(int(m[1])), int(m[2])
        start = datetime.date(year, 3 * quarter - 2, 1)
        end = _month_end(year, 3 * quarter)
        return Period(start, end, f"{year}-Q{quarter}")
    if m := _MONTH.match(text):
        year, month = _checked_year(int(m[1])), int(m[2])
        if not 1 <= month <= 12:
            raise ValidationError(_("A month is between 1 and 12."), code="period")
        return Period(datetime.date(year, month, 1), _month_end(year, month), f"{year}-{month:02d}")
    raise ValidationError(
        _("Give the period as a year (2025), a quarter (2025-Q3) or a month (2025-07)."),
        code="period",
    )


def _month_end(year: int, month: int) -> datetime.date:
    first_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


def _date(value: str | datetime.date, name: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError({name: [_("Give a date as YYYY-MM-DD.")]}, code="period") from None


def period_from(
    period: str | None = None,
    start: str | datetime.date | None = None,
    end: str | datetime.date | None = None,
) -> Period:
    """The period named by `period`, or the range `start`..`end` (both required then)."""
    if period:
        return parse_period(period)
    if not start or not end:
        raise ValidationError(
            _("Give a period (2025, 2025-Q3, 2025-07) or both a start and an end date."),
            code="period",
        )
    first, last = _date(start, "from"), _date(end, "to")
    if last < first:
        raise ValidationError(_("The end of the period is before its start."), code="period")
    if (last - first).days > 3700:
        raise ValidationError(_("A period covers at most ten years."), code="period")
    _checked_year(first.year)
    _checked_year(last.year)
    return Period(first, last, f"{first.isoformat()}..{last.isoformat()}")


def unit_ids(agency: Agency) -> set[int]:
    """The unit an index is computed for: the agency's subtree and every unit merged into
    it (agencies.services.lineage_ids), so a successor's figures include its predecessors'."""
    return lineage_ids(agency)
