"""`motcua export`: the operator's side of the exports page (docs/jobs.md).

    motcua export register --agency CODE --from YYYY-MM-DD --to YYYY-MM-DD [--user NAME] [--wait]
    motcua export list [--user NAME] [--limit N]
    motcua export show <id> [-o FILE]

`register` records an export and enqueues it for the consumer (`motcua run_huey`); with
`--user` it is that user's (their permission is checked, they see it on their page), without
it the operator's. `--wait` makes it in this process at once (no consumer needed) and prints
the result. `show -o FILE` copies a done export's file out.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.commands import active_user, domain_errors
from motcua.jobs import services
from motcua.jobs.models import Export, ExportKind, ExportStatus


class Command(BaseCommand):
    help = gettext_lazy("Request, list and show background exports (e.g. agency registers).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        register = sub.add_parser(
            "register", help=str(gettext_lazy("request the dossier register of an agency"))
        )
        register.add_argument("--agency", required=True, help="agency identifier code")
        register.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
        register.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD, included")
        register.add_argument("--user", help="requester (their permission is checked)")
        register.add_argument(
            "--wait", action="store_true", help="make it now in this process and wait"
        )
        listing = sub.add_parser("list", help=str(gettext_lazy("list exports, newest first")))
        listing.add_argument("--user", help="only this user's exports")
        listing.add_argument("--limit", type=int, default=50)
        show = sub.add_parser("show", help=str(gettext_lazy("show one export")))
        show.add_argument("id")
        show.add_argument("-o", "--output", help="write the file of a done export here")

    def handle(self, *args, **options):
        with domain_errors():
            getattr(self, f"_{options['command']}")(options)

    def _line(self, export: Export) -> str:
        params = export.parameters
        who = export.requested_by.username if export.requested_by else "-"
        return "\t".join(
            [
                str(export.pk),
                export.kind,
                ExportStatus(export.status).value,
                export.created_at.isoformat(timespec="seconds"),
                who,
                params.get("agency", ""),
                params.get("date_from", ""),
                params.get("date_to", ""),
            ]
        )

    def _register(self, options) -> None:
        user = active_user(options["user"]) if options["user"] else None
        export = services.request_export(
            user,
            ExportKind.REGISTER,
            operator=user is None,
            enqueue=not options["wait"],
            agency=options["agency"],
            date_from=options["date_from"],
            date_to=options["date_to"],
        )
        if options["wait"]:
            export = services.run_export(export.pk) or export
            self._describe(export)
            if export.status == ExportStatus.FAILED:
                raise CommandError(export.error)
        else:
            export.refresh_from_db()
            self.stdout.write(self._line(export))

    def _list(self, options) -> None:
        qs = Export.objects.select_related("requested_by").order_by("-created_at", "-id")
        if options["user"]:
            qs = qs.filter(requested_by=active_user(options["user"]))
        for export in qs[: max(options["limit"], 0)]:
            self.stdout.write(self._line(export))

    def _get(self, key: str) -> Export:
        try:
            export = Export.objects.select_related("requested_by", "agency").filter(pk=key).first()
        except ValidationError:
            export = None
        if export is None:
            raise CommandError(_("No export %(id)s.") % {"id": key})
        return export

    def _describe(self, export: Export) -> None:
        out = self.stdout.write
        out(self._line(export))
        for label, value in (
            ("started_at", export.started_at),
            ("finished_at", export.finished_at),
        ):
            if value:
                out(f"{label}\t{value.isoformat(timespec='seconds')}")
        if export.status == ExportStatus.DONE:
            out(f"file\t{export.file_name}\t{export.size} bytes\tsha256 {export.sha256}")
        if export.error:
            out(f"error\t{export.error}")

    def _show(self, options) -> None:
        export = self._get(options["id"])
        self._describe(export)
        if options["output"]:
            try:
                source = services.open_export(export)
            except services.ExportNotFound as error:
                raise CommandError(str(error)) from None
            try:
                with source, Path(options["output"]).open("wb") as target:
                    shutil.copyfileobj(source, target)
            except OSError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(f"{options['output']}\t{export.size} bytes")
