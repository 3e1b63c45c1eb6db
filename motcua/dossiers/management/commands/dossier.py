"""`motcua dossier`: what an officer does on a page, for operators.

    motcua dossier show <code>
    motcua dossier list [--status S ...] [--agency CODE] [--overdue] [--due-within HOURS]
    motcua dossier create <file.json> --as <username>      (the API's POST /dossiers/ body)
    motcua dossier act <code> <action> --as <username> [--reason R] [--set key=value ...]
                                                          [--json '{"missing": [...]}']
    motcua dossier form <code> <form> -o out.pdf [--event SEQ]    (a printed form, A5)
    motcua dossier register <agency code> --from D --to D -o out.pdf   (A4 landscape)

Input is parsed by the same serializers as the API and handled by the same engine.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.agencies.services import agency_by_code
from motcua.core.commands import active_user, domain_errors, error_text
from motcua.dossiers.models import Dossier
from motcua.dossiers.serializers import ActionInput, DossierCreateInput
from motcua.dossiers.services import queries
from motcua.dossiers.services.engine import StaleDossier, perform
from motcua.dossiers.services.intake import prepare
from motcua.dossiers.workflow import Action, Form, Status
from motcua.printing.dates import short_datetime


class Command(BaseCommand):
    help = gettext_lazy("Show, list, create and act on dossiers as a given staff member.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        show = sub.add_parser(
            "show", help=str(gettext_lazy("a dossier with its steps and history"))
        )
        show.add_argument("code")
        listing = sub.add_parser("list", help=str(gettext_lazy("dossiers matching filters")))
        listing.add_argument("--status", action="append", default=[], choices=Status.values)
        listing.add_argument("--agency")
        listing.add_argument("--overdue", action="store_true")
        listing.add_argument("--due-within", type=float, dest="due_within")
        listing.add_argument("--limit", type=int, default=50)
        create = sub.add_parser("create", help=str(gettext_lazy("record a dossier from JSON")))
        create.add_argument("file", help="JSON body as for POST /api/v1/dossiers/")
        create.add_argument("--as", dest="username", required=True)
        act = sub.add_parser("act", help=str(gettext_lazy("take an action")))
        act.add_argument("code")
        act.add_argument(
            "action", choices=[a for a in Action.values if a != Action.REASSIGN_AGENCY]
        )
        act.add_argument("--as", dest="username", required=True)
        act.add_argument("--reason", default="")
        act.add_argument("--json", default="{}", help="action input as a JSON object")
        act.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
        act.add_argument("--expected-version", type=int, dest="expected_version")
        form = sub.add_parser("form", help=str(gettext_lazy("print a form of a dossier (PDF)")))
        form.add_argument("code")
        form.add_argument("form", choices=[f.value for f in Form])
        form.add_argument("-o", "--output", required=True, help="PDF file to write")
        form.add_argument("--event", type=int, help="seq of the event whose form to print")
        register = sub.add_parser(
            "register", help=str(gettext_lazy("print the dossier register of an agency (PDF)"))
        )
        register.add_argument("agency", help="agency identifier code")
        register.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        register.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD, included")
        register.add_argument("-o", "--output", required=True, help="PDF file to write")

    def handle(self, *args, **options):
        with domain_errors(StaleDossier):
            getattr(self, f"_{options['command']}")(options)

    # --- subcommands ----------------------------------------------------------------------

    def _dossier(self, code: str) -> Dossier:
        dossier = queries.by_key(Dossier.objects.all(), code)
        if dossier is None:
            raise CommandError(_("No dossier %(key)s.") % {"key": code})
        return dossier

    def _show(self, options) -> None:
        d = self._dossier(options["code"])
        out = self.stdout.write
        out(f"{d.key}  {Status(d.status).label} ({_('national status')} {d.national_status})")
        out(f"{d.procedure.code} {d.procedure_version.name}")
        out(_("Applicant: %(name)s") % {"name": d.applicant_name})
        out(
            _("Received %(received)s, appointment %(due)s, result %(finished)s %(timeliness)s")
            % {
                "received": short_datetime(d.received_at, "-"),
                "due": short_datetime(d.due_at, "-"),
                "finished": short_datetime(d.finished_at, "-"),
                "timeliness": d.get_timeliness_display(),
            }
        )
        out(_("Steps:"))
        for s in d.steps.select_related("agency", "assignee").order_by("stage", "order", "id"):
            indent = "    " if s.parent_id else "  "
            due = _("due")
            out(
                f"{indent}[{s.id}] {s.stage}. {s.name} · {s.agency.code} · {s.role} · "
                f"{s.get_status_display()} · {due} {short_datetime(s.due_at, '-')} "
                f"{s.get_timeliness_display()}"
            )
        out(_("History:"))
        for e in d.events.order_by("seq"):
            out(
                f"  {e.seq}. {short_datetime(e.at, '-')} {e.action} {e.status_before or '-'} → "
                f"{e.status_after} ({e.national_status}) {e.actor_name} {e.reason}".rstrip()
            )

    def _list(self, options) -> None:
        agency = None
        if options.get("agency"):
            agency = agency_by_code(options["agency"])
        filters = queries.Filters(
            status=tuple(options["status"]),
            agency=agency,
            overdue=options["overdue"],
            due_within_hours=options.get("due_within"),
        )
        rows = queries.filter_dossiers(Dossier.objects.all(), filters).order_by("-id")
        for d in rows.select_related("procedure")[: options["limit"]]:
            self.stdout.write(
                "\t".join(
                    (
                        d.key,
                        d.status,
                        short_datetime(d.due_at, "-"),
                        d.procedure.code,
                        d.applicant_name,
                    )
                )
            )

    def _create(self, options) -> None:
        user = active_user(options["username"])
        try:
            body = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from None
        serializer = DossierCreateInput(data=body)
        if not serializer.is_valid():
            raise CommandError(error_text(serializer.errors))
        outcome = serializer.validated_data["outcome"]
        if outcome in ("draft", "submit"):
            raise CommandError(_("Online drafts and submissions are made by the applicant."))
        action = {
            "receive": Action.RECEIVE,
            "request_completion": Action.REQUEST_COMPLETION,
            "refuse": Action.REFUSE,
        }[outcome]
        dossier = perform(
            prepare(serializer.to_intake()),
            action,
            user=user,
            reason=serializer.validated_data.get("reason", ""),
            missing=serializer.validated_data.get("missing", []),
        )
        self.stdout.write(dossier.key)

    def _act(self, options) -> None:
        user = active_user(options["username"])
        dossier = self._dossier(options["code"])
        try:
            body = json.loads(options["json"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        if not isinstance(body, dict):
            raise CommandError(_("--json must be a JSON object."))
        for item in options["set"]:
            key, sep, value = item.partition("=")
            if not sep:
                raise CommandError(_("--set takes KEY=VALUE, got “%(item)s”.") % {"item": item})
            body[key] = value
        body["reason"] = options["reason"]
        if options.get("expected_version") is not None:
            body["expected_version"] = options["expected_version"]
        serializer = ActionInput(data=body)
        if not serializer.is_valid():
            raise CommandError(error_text(serializer.errors))
        dossier = perform(
            dossier,
            options["action"],
            user=user,
            reason=options["reason"],
            expected_version=serializer.validated_data.get("expected_version"),
            **serializer.payload(),
        )
        self.stdout.write(
            "\t".join(
                (
                    dossier.key,
                    dossier.status,
                    short_datetime(dossier.due_at, "-"),
                    f"v{dossier.row_version}",
                )
            )
        )

    def _write(self, path: str, content: bytes) -> None:
        try:
            Path(path).write_bytes(content)
        except OSError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{path}\t{len(content)} bytes")

    def _form(self, options) -> None:
        from motcua.dossiers.forms import render_form  # PDF engine: only when printing

        dossier = self._dossier(options["code"])
        event = None
        if options.get("event") is not None:
            event = dossier.events.filter(seq=options["event"]).first()
            if event is None:
                raise CommandError(
                    _("Dossier %(code)s has no event %(seq)s.")
                    % {"code": dossier.key, "seq": options["event"]}
                )
        self._write(options["output"], render_form(dossier, options["form"], event=event))

    def _register(self, options) -> None:
        from motcua.dossiers.forms import render_register

        agency = agency_by_code(options["agency"])
        days = []
        for name in ("start", "end"):
            try:
                days.append(date.fromisoformat(options[name]))
            except ValueError:
                raise CommandError(
                    _("Not a valid date (YYYY-MM-DD): %(value)s.") % {"value": options[name]}
                ) from None
        self._write(options["output"], render_register(agency, *days))
