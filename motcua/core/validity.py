"""Date validity of rows with `valid_from` / `valid_to` (both inclusive, null = open end).

Agencies, procedure versions, assignments and processes all carry such a range; these are
the only definitions of "in force", so every query agrees on the ends.
"""

from datetime import date

from django.db.models import Q


def not_closed_before_q(day: date, prefix: str = "") -> Q:
    """Rows still open on `day` or later (valid_to is null or not before `day`)."""
    return Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})


def valid_during_q(start: date, end: date, prefix: str = "") -> Q:
    """Rows whose range overlaps start..end."""
    started = Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": end})
    return started & not_closed_before_q(start, prefix)


def valid_on_q(on: date, prefix: str = "") -> Q:
    """Rows in force on the day `on`."""
    return valid_during_q(on, on, prefix)
