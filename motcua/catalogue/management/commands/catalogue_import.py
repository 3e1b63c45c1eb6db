"""motcua catalogue_import FILE: import procedures from a .json or .xlsx file."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.catalogue.services.checks import parse_date
from motcua.catalogue.services.excel import import_workbook
from motcua.catalogue.services.importer import import_records


class Command(BaseCommand):
    help = "Import catalogue records from a JSON array or an .xlsx sheet (see docs)."

    def add_arguments(self, parser):
        parser.add_argument("file", help=".json (array of records) or .xlsx")
        parser.add_argument(
            "--effective", help="valid_from (YYYY-MM-DD) for records that do not give one"
        )
        parser.add_argument("--sheet", help="sheet name of an .xlsx file (default: the first)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            effective = parse_date(options["effective"])
        except ValueError:
            raise CommandError(
                _("Invalid date: %(value)s") % {"value": options["effective"]}
            ) from None
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        if path.suffix.lower() == ".xlsx":
            report = import_workbook(
                path, effective=effective, source=path.name, sheet=options["sheet"]
            )
        elif path.suffix.lower() == ".json":
            try:
                records = json.loads(path.read_text(encoding="utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise CommandError(_("Invalid JSON: %(error)s") % {"error": exc}) from None
            if not isinstance(records, list):
                raise CommandError(_("The JSON file must hold an array of records."))
            report = import_records(records, effective=effective, source=path.name)
        else:
            raise CommandError(_("Only .json and .xlsx files can be imported."))
        for issue in report.errors:
            self.stderr.write(str(issue))
        self.stdout.write(report.summary())
        if not report.ok:
            count = len(report.errors)
            raise CommandError(
                ngettext(
                    "%(count)d record was not imported.",
                    "%(count)d records were not imported.",
                    count,
                )
                % {"count": count}
            )
