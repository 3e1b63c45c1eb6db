"""`motcua import dossiers <file.jsonl>`: historical dossiers of a previous one-stop system.

    motcua import dossiers old.jsonl [--dry-run] [--rejects rejects.jsonl]

One JSON object per line (docs/import-format.md). Every line is checked on its own; good
lines are imported (each in its own transaction), lines already imported are skipped, bad
ones are listed with their reasons (and written to --rejects as JSON lines). The exit status
is 1 when any line was rejected. The work is done by motcua.history.services.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.history.services import ImportReport, import_lines


class Command(BaseCommand):
    @property
    def help(self) -> str:  # translated when asked (argparse needs a str)
        return _("Import data from other systems.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        dossiers = sub.add_parser(
            "dossiers", help=str(gettext_lazy("historical dossiers, one JSON object per line"))
        )
        dossiers.add_argument("file", help="JSON Lines file (UTF-8)")
        dossiers.add_argument(
            "--dry-run", action="store_true", help=str(gettext_lazy("check only, write nothing"))
        )
        dossiers.add_argument(
            "--rejects", help=str(gettext_lazy("write the rejected lines' reasons to this file"))
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No file %(path)s.") % {"path": path})
        report = ImportReport()
        rejects = open(options["rejects"], "w", encoding="utf-8") if options["rejects"] else None
        try:
            with path.open(encoding="utf-8-sig") as lines:
                for result in import_lines(lines, dry_run=options["dry_run"]):
                    report.add(result)
                    if result.outcome != "rejected":
                        continue
                    self.stdout.write(
                        _("Line %(line)s %(code)s: %(reasons)s")
                        % {
                            "line": result.line,
                            "code": result.code or "—",
                            "reasons": "; ".join(result.reasons),
                        }
                    )
                    if rejects is not None:
                        line = {"line": result.line, "code": result.code, "reasons": result.reasons}
                        rejects.write(json.dumps(line, ensure_ascii=False) + "\n")
        except UnicodeDecodeError:
            raise CommandError(_("%(path)s is not UTF-8 text.") % {"path": path}) from None
        finally:
            if rejects is not None:
                rejects.close()
        summary = _(
            "%(imported)s imported, %(skipped)s already imported (skipped), %(rejected)s rejected."
        ) % {
            "imported": report.imported,
            "skipped": report.skipped,
            "rejected": len(report.rejected),
        }
        if options["dry_run"]:
            summary = _("Dry run, nothing written: %(summary)s") % {"summary": summary}
        self.stdout.write(summary)
        if report.rejected:
            raise CommandError(
                _("%(count)s line(s) rejected.") % {"count": len(report.rejected)}, returncode=1
            )
