"""`motcua report`: the reports of the pages, for operators (no user: the operator sees all).

    motcua report resolution --agency 000.00.00.H51 --from 2026-03-01 --to 2026-03-31 \\
        [--group-by agency|level|field|procedure] [--format csv|xlsx|pdf|json] [-o FILE]

    motcua report yearly --agency 000.00.00.H51 --year 2025 [--format pdf|docx|txt] [-o FILE]

    motcua report counters --check | --rebuild

Without -o, csv, json and txt go to standard output; xlsx, pdf and docx need -o. `counters --check`
exits 1 when the per-day counters differ from the dossiers.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.commands import domain_errors
from motcua.reports import counters, exports
from motcua.reports.query import report_query
from motcua.reports.resolution import GROUP_BY, resolution
from motcua.reports.steps import GROUP_BY as STEP_GROUP_BY
from motcua.reports.steps import step_timeliness
from motcua.reports.yearly import yearly_report


class Command(BaseCommand):
    help = gettext_lazy("Compute a report: the resolution of administrative procedures.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="report", required=True)
        res = sub.add_parser("resolution", help=str(gettext_lazy("the resolution report")))
        res.add_argument("--agency", required=True, help="agency identifier code")
        res.add_argument("--from", dest="start", required=True, help="first day YYYY-MM-DD")
        res.add_argument("--to", dest="end", required=True, help="last day YYYY-MM-DD")
        res.add_argument("--group-by", default="agency", choices=GROUP_BY)
        res.add_argument("--format", default="csv", choices=exports.FORMATS)
        res.add_argument("-o", "--output", help="file to write")

        steps = sub.add_parser(
            "steps", help=str(gettext_lazy("timeliness of the steps per department or officer"))
        )
        steps.add_argument("--agency", required=True, help="agency identifier code")
        steps.add_argument("--from", dest="start", required=True, help="first day YYYY-MM-DD")
        steps.add_argument("--to", dest="end", required=True, help="last day YYYY-MM-DD")
        steps.add_argument("--group-by", default="agency", choices=STEP_GROUP_BY)

        yearly = sub.add_parser(
            "yearly",
            help=str(gettext_lazy("the yearly report (narrative and appendix), PDF or DOCX")),
        )
        yearly.add_argument("--agency", required=True, help="agency identifier code")
        yearly.add_argument("--year", type=int, required=True)
        yearly.add_argument("--format", default="pdf", choices=(*exports.YEARLY_FORMATS, "txt"))
        yearly.add_argument("-o", "--output", help="file to write (PDF, DOCX: required)")

        kept = sub.add_parser(
            "counters",
            help=str(gettext_lazy("check or rebuild the per-day counters behind the reports")),
        )
        action = kept.add_mutually_exclusive_group(required=True)
        action.add_argument("--check", action="store_true")
        action.add_argument("--rebuild", action="store_true")

    def handle(self, *args, **options):
        if options["report"] == "counters":
            return self._counters(options)
        if options["report"] == "steps":
            return self._steps(options)
        if options["report"] == "yearly":
            return self._yearly(options)
        with domain_errors():
            query = report_query(
                None, options["agency"], options["start"], options["end"], options["group_by"]
            )
            report = resolution(query.agency, query.start, query.end, query.group_by)
        fmt = options["format"]
        content = exports.render(report, fmt)
        output = options.get("output")
        if output:
            Path(output).write_bytes(content)
            self.stdout.write(_("Written to %(path)s.") % {"path": output})
            return
        if fmt in ("xlsx", "pdf"):
            raise CommandError(_("Give -o FILE for the %(format)s format.") % {"format": fmt})
        self.stdout.flush()
        text = content.decode("utf-8-sig") if fmt == "csv" else content.decode()
        self.stdout.write(text, ending="" if text.endswith("\n") else "\n")

    def _counters(self, options) -> None:
        if options["rebuild"]:
            rows = counters.rebuild()
            self.stdout.write(_("Counters rebuilt: %(rows)d rows.") % {"rows": rows})
            return
        differences = counters.check()
        for key, column, kept, fresh in differences[:50]:
            self.stdout.write(f"{key[0]}\t{key[1]}\t{key[2]}\t{column}\t{kept}\t{fresh}")
        self.stdout.write(
            _("%(count)d counters differ from the dossiers.") % {"count": len(differences)}
        )
        if differences:
            self.stderr.write(_("Run `motcua report counters --rebuild`."))
            raise SystemExit(1)

    def _steps(self, options) -> None:
        with domain_errors():
            query = report_query(None, options["agency"], options["start"], options["end"], None)
            report = step_timeliness(query.agency, query.start, query.end, options["group_by"])
        columns = ("key", "label", "ahead", "on_time", "behind", "total", "on_time_rate")
        self.stdout.write("\t".join(columns))
        for row in [*report["rows"], report["total"]]:
            self.stdout.write("\t".join("" if row[c] is None else str(row[c]) for c in columns))

    def _yearly(self, options) -> None:
        year = options["year"]
        with domain_errors():
            query = report_query(
                None, options["agency"], f"{year:04d}-01-01", f"{year:04d}-12-31", None
            )
            report = yearly_report(query.agency, year)
        if options["format"] == "txt":
            text = "\n\n".join(report.paragraphs) + "\n"
            if options.get("output"):
                Path(options["output"]).write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text, ending="")
            return
        fmt = options["format"]
        if not options.get("output"):
            raise CommandError(_("Give -o FILE for the %(format)s format.") % {"format": fmt})
        Path(options["output"]).write_bytes(exports.yearly_document(report, fmt))
        self.stdout.write(_("Written to %(path)s.") % {"path": options["output"]})
