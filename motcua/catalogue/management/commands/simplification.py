"""motcua simplification --agency CODE --from DATE --to DATE."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.catalogue.services.checks import parse_date
from motcua.catalogue.services.simplification import simplification_report
from motcua.worktime.units import DurationUnit


class Command(BaseCommand):
    help = "Procedures an agency simplified in a period and the working days cut."

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="identifier code")
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")

    def handle(self, *args, **options):
        try:
            start, end = parse_date(options["start"]), parse_date(options["end"])
        except ValueError as exc:
            raise CommandError(_("Invalid date: %(value)s") % {"value": exc}) from None
        try:
            report = simplification_report(options["agency"], start, end)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        for line in report.lines:
            unit = DurationUnit(line.unit).label if line.unit else ""
            time = f"{line.old_time} → {line.new_time} {unit}" if line.unit else "—"
            docs = _("required documents: %(before)d → %(after)d") % {
                "before": line.documents_before,
                "after": line.documents_after,
            }
            self.stdout.write(
                f"{line.code}\tv{line.old_version}→v{line.new_version}\t{time}\t{docs}\t{line.name}"
            )
        self.stdout.write(report.summary())
