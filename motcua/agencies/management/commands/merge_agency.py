"""`motcua merge_agency SOURCE TARGET --date YYYY-MM-DD`: the operator's door to merge_agency."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.agencies.services import agency_by_code, merge_agency


class Command(BaseCommand):
    help = _("Merge an agency into its successor from a date (its history is kept).")

    def add_arguments(self, parser):
        parser.add_argument("source", help="identifier code of the unit that closes")
        parser.add_argument("target", help="identifier code of the successor")
        parser.add_argument("--date", required=True, help="effective date, YYYY-MM-DD")
        parser.add_argument("--legal-basis", default="")

    def handle(self, *args, source, target, date, legal_basis, **options):
        try:
            effective = datetime.date.fromisoformat(date)
        except ValueError:
            message = _("Invalid date %(value)s: use YYYY-MM-DD.") % {"value": date}
            raise CommandError(message) from None
        try:
            merge = merge_agency(
                agency_by_code(source), agency_by_code(target), effective, legal_basis=legal_basis
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(str(merge))
