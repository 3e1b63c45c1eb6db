"""Units in which the national catalogue states processing times."""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class DurationUnit(TextChoices):
    HOURS = "hours", _("hours")
    WORKING_DAYS = "working_days", _("working days")
    DAYS = "days", _("calendar days")
    MONTHS = "months", _("months")
