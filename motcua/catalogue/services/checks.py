"""Value checks shared by the record and spreadsheet readers; messages are in gettext."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from motcua.core.text import nfc

MAX_AMOUNT = Decimal("99999.99")  # ProcessingTime.amount: 7 digits, 2 decimals


def number_out(value: Decimal | None) -> int | float | None:
    """A stored decimal as the record writes it: 7 not 7.00, 0.5 stays 0.5."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def deep_nfc(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [deep_nfc(item) for item in value]
    if isinstance(value, dict):
        return {nfc(str(key)): deep_nfc(item) for key, item in value.items()}
    return value


def parse_date(value: Any) -> date | None:
    """A date from a date, an ISO string (2025-07-01) or a Vietnamese one (01/07/2025)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
    raise ValueError(value)


class Checker:
    """Collects Vietnamese error messages while reading one record."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, message: str, **params: Any) -> None:
        self.errors.append(message % params if params else message)

    def text(
        self,
        value: Any,
        label: str,
        *,
        max_length: int | None = None,
        required: bool = False,
        strip: bool = False,
    ) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(_("%(label)s is required."), label=label)
            return None
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(_("%(label)s must be text."), label=label)
            return None
        value = nfc(value.strip() if strip else value)
        if max_length is not None and len(value) > max_length:
            self.error(
                _("%(label)s is longer than %(max)d characters."), label=label, max=max_length
            )
            return None
        return value

    def integer(
        self, value: Any, label: str, *, default: int | None = None, maximum: int | None = None
    ) -> int | None:
        if value is None or value == "":
            return default
        try:
            number = Decimal(str(value).strip()) if not isinstance(value, bool) else None
        except InvalidOperation:
            number = None
        if number is None or number != number.to_integral_value() or number < 0:
            self.error(
                _("%(label)s must be a whole number of zero or more (got %(value)s)."),
                label=label,
                value=value,
            )
            return default
        if maximum is not None and number > maximum:
            self.error(_("%(label)s must not exceed %(max)s."), label=label, max=maximum)
            return default
        return int(number)

    def amount(self, value: Any, label: str) -> Decimal | None:
        if value is None or value == "":
            return None
        try:
            number = (
                Decimal(str(value).strip().replace(",", "."))
                if not isinstance(value, bool)
                else None
            )
        except InvalidOperation:
            number = None
        if (
            number is None
            or not number.is_finite()
            or number < 0
            or number > MAX_AMOUNT
            or number != number.quantize(Decimal("0.01"))
        ):
            self.error(
                _(
                    "%(label)s must be a number between 0 and %(max)s with at most two "
                    "decimals (got %(value)s)."
                ),
                label=label,
                max=MAX_AMOUNT,
                value=value,
            )
            return None
        return number

    def date(self, value: Any, label: str) -> date | None:
        try:
            return parse_date(value)
        except (ValueError, TypeError):
            self.error(
                _("%(label)s is not a valid date (YYYY-MM-DD or DD/MM/YYYY): %(value)s."),
                label=label,
                value=value,
            )
            return None

    def items(self, value: Any, label: str, kind: type = dict) -> list:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, kind) for item in value):
            self.error(_("%(label)s must be a list."), label=label)
            return []
        return value
