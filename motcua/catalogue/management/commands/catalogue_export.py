"""motcua catalogue_export [--agency CODE] [--all-versions] [--on DATE] [-o FILE]."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.catalogue.services.checks import parse_date
from motcua.catalogue.services.exporter import export_json


class Command(BaseCommand):
    help = "Export the catalogue as JSON records (the format catalogue_import reads)."

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="identifier code: only procedures it handles")
        parser.add_argument("--all-versions", action="store_true", help="every version")
        parser.add_argument("--on", help="versions in force on this date (default today)")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        try:
            on = parse_date(options["on"])
        except ValueError:
            raise CommandError(_("Invalid date: %(value)s") % {"value": options["on"]}) from None
        try:
            text = export_json(
                agency=options["agency"], all_versions=options["all_versions"], on=on
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
