"""Validation and conversion of duration amounts (pure helpers for calendar.py)."""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# More than a century of anything: larger amounts are input errors, not durations.
_MAX_AMOUNT = Decimal(1_000_000)


class DurationError(ValueError):
    """An amount that no rule can turn into a due date. `code` names the rule broken."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def parse_amount(amount: Decimal | int | float | str) -> Decimal:
    """Exact decimal value of a non-negative, finite amount (floats go through str)."""
    if isinstance(amount, bool):
        raise DurationError("not_a_number", f"not a duration amount: {amount!r}", amount=amount)
    try:
        value = Decimal(str(amount)) if isinstance(amount, float) else Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        raise DurationError(
            "not_a_number", f"not a duration amount: {amount!r}", amount=amount
        ) from None
    if not value.is_finite():
        raise DurationError("not_a_number", f"not a finite amount: {amount!r}", amount=amount)
    if value < 0:
        raise DurationError("negative", f"a duration cannot be negative: {value}", amount=value)
    if value > _MAX_AMOUNT:
        raise DurationError("too_large", f"duration too large: {value}", amount=value)
    return value


def half_days(value: Decimal) -> int:
    """Number of sessions in `value` working days; only multiples of 0.5 are allowed."""
    sessions = value * 2
    if sessions != sessions.to_integral_value():
        raise DurationError(
            "half_day", f"working days must be a multiple of 0.5, got {value}", amount=value
        )
    return int(sessions)


def hours_us(value: Decimal) -> int:
    """`value` hours in microseconds, rounded to the nearest second (half up).

    Hours given as fractions (1/60 h = 1 minute) have no exact decimal form; a due
    instant to the second is as precise as an appointment can be.
    """
    seconds = (value * 3600).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(seconds) * 1_000_000


def whole_number(value: Decimal, unit: str) -> int:
    """Calendar days and months are counted in whole units."""
    if value != value.to_integral_value():
        raise DurationError(
            "whole_number", f"{unit} must be a whole number, got {value}", amount=value, unit=unit
        )
    return int(value)


def add_months(day: date, months: int) -> date:
    """The corresponding day `months` later; the month's last day when it has no such day.

    Civil Code 2015 art. 148(3): a term in months ends on the corresponding day of the
    last month, or on that month's last day when it has no corresponding day.
    """
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    if year > 9999:
        raise OverflowError("date out of range")
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))
