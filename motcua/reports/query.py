"""What a report request names, parsed once for the API, the page and the command."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.agencies.services import agency_by_code
from motcua.reports.policy import may_see_report
from motcua.reports.resolution import DRILL_COLUMNS, GROUP_BY, period


@dataclass(frozen=True)
class ReportQuery:
    agency: Agency
    start: datetime.date
    end: datetime.date
    group_by: str


def parse_day(value: str | None, name: str) -> datetime.date:
    try:
        day = parse_date(value or "")
    except ValueError:
        day = None
    if day is None or not 1900 <= day.year <= 2100:
        raise ValidationError(
            {name: [_("Not a valid date (YYYY-MM-DD): %(value)s.") % {"value": value or ""}]}
        )
    return day


def period_bounds(kind: str, year: int, number: int = 1) -> tuple[datetime.date, datetime.date]:
    """First and last day of a month (number 1-12), quarter (1-4) or year."""
    if not 1900 <= year <= 2100:
        raise ValidationError({"year": [_("Give a year between 1900 and 2100.")]})
    if kind == "year":
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if kind == "quarter":
        if not 1 <= number <= 4:
            raise ValidationError({"quarter": [_("Give a quarter from 1 to 4.")]})
        first = datetime.date(year, 3 * number - 2, 1)
        last_month = 3 * number
        return first, datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
    if kind == "month":
        if not 1 <= number <= 12:
            raise ValidationError({"month": [_("Give a month from 1 to 12.")]})
        return datetime.date(year, number, 1), datetime.date(
            year, number, calendar.monthrange(year, number)[1]
        )
    raise ValidationError({"period": [_("Choose a month, a quarter, a year or a date range.")]})


def report_query(
    user, agency_code: str | None, start: str | None, end: str | None, group_by: str | None
) -> ReportQuery:
    """Parse and authorise. ValidationError on bad input; Agency.DoesNotExist-like
    ValidationError for an unknown code; PermissionDenied when the user may not see it
    (callers answer 404 so that nobody learns which agencies exist)."""
    if not agency_code:
        raise ValidationError({"agency": [_("Give the agency's identifier code.")]})
    try:
        agency = agency_by_code(agency_code.strip())
    except ValidationError as error:
        raise ValidationError({"agency": error.messages}) from None
    if user is not None and not may_see_report(user, agency):
        raise PermissionDenied(_("You may not see the reports of this agency."))
    first, last = parse_day(start, "from"), parse_day(end, "to")
    group_by = group_by or "agency"
    if group_by not in GROUP_BY:
        raise ValidationError(
            {"group_by": [_("Group by one of: %(choices)s.") % {"choices": ", ".join(GROUP_BY)}]}
        )
    try:
        period(first, last)
    except ValidationError as error:
        raise ValidationError({"to": error.messages}) from None
    return ReportQuery(agency, first, last, group_by)


def check_column(column: str | None) -> str:
    if column not in DRILL_COLUMNS:
        raise ValidationError(
            {"column": [_("Choose one of: %(choices)s.") % {"choices": ", ".join(DRILL_COLUMNS)}]}
        )
    return column
