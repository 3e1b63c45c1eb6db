"""Calendar data an administrator maintains. The arithmetic lives in calendar.py."""

from datetime import time

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class DayOverride(models.Model):
    """A government decision on one day: an extra day off or a make-up working day.

    Applied on top of the statutory holidays from the `holidays` package, so the
    calendar follows what the Prime Minister actually decided each year.
    """

    class Kind(models.TextChoices):
        OFF = "off", _("day off")
        WORKDAY = "workday", _("make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}: {self.name}"


class WorkSchedule(models.Model):
    """Working hours and weekdays of an agency (two sessions a day: morning, afternoon)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    morning_start = models.TimeField(_("morning starts"), default="07:30")
    morning_end = models.TimeField(_("morning ends"), default="11:30")
    afternoon_start = models.TimeField(_("afternoon starts"), default="13:30")
    afternoon_end = models.TimeField(_("afternoon ends"), default="17:00")
    # ISO weekday numbers (1 = Monday ... 7 = Sunday), comma-separated.
    weekdays = models.CharField(_("working weekdays"), max_length=13, default="1,2,3,4,5")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("work schedule")
        verbose_name_plural = _("work schedules")

    def __str__(self) -> str:
        return self.name

    def weekday_numbers(self) -> tuple[int, ...]:
        """ISO weekday numbers; ValueError when the field is malformed."""
        numbers = tuple(sorted({int(part) for part in self.weekdays.split(",") if part.strip()}))
        if not numbers or not all(1 <= n <= 7 for n in numbers):
            raise ValueError(self.weekdays)
        return numbers

    def session_times(self) -> tuple[time, time, time, time]:
        """The four session bounds as `time` (defaults are strings until reloaded)."""
        values = (self.morning_start, self.morning_end, self.afternoon_start, self.afternoon_end)
        return tuple(v if isinstance(v, time) else time.fromisoformat(v) for v in values)

    def clean(self) -> None:
        errors = {}
        try:
            self.weekday_numbers()
        except ValueError:
            errors["weekdays"] = _(
                "Enter ISO weekday numbers from 1 (Monday) to 7 (Sunday), separated by commas."
            )
        try:
            times = self.session_times()
        except (TypeError, ValueError):
            times = None  # a field error already reported by clean_fields()
        if times and not (times[0] < times[1] <= times[2] < times[3]):
            errors["afternoon_start"] = _(
                "Sessions must follow each other: the morning ends after it starts, the "
                "afternoon starts no earlier than the morning ends and ends after it starts."
            )
        if errors:
            raise ValidationError(errors)
