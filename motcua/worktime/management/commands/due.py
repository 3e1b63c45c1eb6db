"""`motcua due`: the appointment for a duration; the last line is the ISO 8601 due instant."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.agencies.services import agency_by_code
from motcua.printing.dates import short_datetime
from motcua.worktime.messages import bad_start_message, error_message
from motcua.worktime.services import calendar_for
from motcua.worktime.units import DurationUnit


class Command(BaseCommand):
    help = gettext_lazy(
        "Compute the due instant of a processing time counted from reception. The last "
        "line of output is the due instant in ISO 8601 local time with its offset."
    )

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="reception instant, ISO 8601")
        parser.add_argument("--duration", required=True, help="amount, e.g. 3 or 0.5")
        parser.add_argument("--unit", required=True, choices=DurationUnit.values)
        parser.add_argument("--agency", help="electronic identifier code of the agency")

    def handle(self, *args, **options):
        try:
            start = datetime.fromisoformat(options["start"].strip())
        except ValueError:
            raise CommandError(bad_start_message()) from None
        agency = None
        if options.get("agency"):
            try:
                agency = agency_by_code(options["agency"])
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        cal = calendar_for(agency)
        try:
            effective = cal.start_effective(start)
            due = cal.due(start, options["duration"], options["unit"])
        except ValueError as exc:
            raise CommandError(error_message(exc)) from None
        self.stdout.write(
            _("Counted from %(effective)s, %(duration)s %(unit)s: due %(due)s")
            % {
                "effective": short_datetime(effective),
                "duration": options["duration"],
                "unit": DurationUnit(options["unit"]).label,
                "due": short_datetime(due),
            }
        )
        self.stdout.write(due.isoformat())
