"""Translated, user-facing messages for the calendar's errors (commands and API)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def error_message(exc: Exception) -> str:
    """A message for an operator or a citizen, in the active language."""
    code = getattr(exc, "code", None)
    params = getattr(exc, "params", {})
    if code == "range":
        return _("The date is outside the working calendar (%(first)s to %(last)s).") % {
            "first": params.get("first_year"),
            "last": params.get("last_year"),
        }
    if code == "half_day":
        return _("Working days must be a multiple of 0.5 (half a day is one session).")
    if code == "whole_number":
        return _("Calendar days and months must be a whole number.")
    if code == "negative":
        return _("A duration cannot be negative.")
    if code == "too_large":
        return _("The duration is too large.")
    if code == "unit":
        return _("Unknown unit: use hours, working_days, days or months.")
    if code == "not_a_number":
        return _("The duration must be a number.")
    return str(exc)


def bad_start_message() -> str:
    return _("The start must be a date and time in ISO 8601 form, e.g. 2025-04-25T16:20.")


TIMELINESS_LABELS = {
    "early": gettext_lazy("early"),
    "on_time": gettext_lazy("on time"),
    "late": gettext_lazy("late"),
}
DEADLINE_STATE_LABELS = {
    "within": gettext_lazy("within deadline"),
    "overdue": gettext_lazy("overdue"),
}
