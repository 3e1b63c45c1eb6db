"""`motcua ratings`: feedback and ratings for operators, as the staff pages show them.

motcua ratings list [--agency CODE] [--status received|answered] [--limit N]
motcua ratings list --ratings [--agency CODE] [--limit N]     (ratings of dossiers)
motcua ratings show <feedback id>
motcua ratings show --dossier <dossier code>                  (the rating of a dossier)
motcua ratings answer <feedback id> --as <username> --text "…"
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.agencies.services import agency_by_code, lineage_ids_of
from motcua.core.commands import active_user, domain_errors
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import queries
from motcua.printing.dates import short_datetime
from motcua.ratings import services
from motcua.ratings.criteria import CRITERIA
from motcua.ratings.models import Feedback, FeedbackStatus, Rating


class Command(BaseCommand):
    help = gettext_lazy("List, show and answer citizens' feedback; list and show ratings.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        listing = sub.add_parser("list", help=str(gettext_lazy("feedback (or ratings)")))
        listing.add_argument("--agency", help="agency code: its subtree and merged units")
        listing.add_argument("--status", choices=FeedbackStatus.values)
        listing.add_argument("--ratings", action="store_true", help="list ratings instead")
        listing.add_argument("--limit", type=int, default=50)
        show = sub.add_parser("show", help=str(gettext_lazy("one feedback, or a rating")))
        show.add_argument("id", nargs="?", type=int, help="feedback id")
        show.add_argument("--dossier", help="dossier code: show its rating")
        answer = sub.add_parser("answer", help=str(gettext_lazy("answer a feedback")))
        answer.add_argument("id", type=int)
        answer.add_argument("--as", dest="username", required=True)
        answer.add_argument("--text", required=True)

    def handle(self, *args, **options):
        with domain_errors():
            getattr(self, f"_{options['command']}")(options)

    def _units_q(self, code: str | None) -> Q:
        if not code:
            return Q()
        agency = agency_by_code(code)
        ids = lineage_ids_of({agency.path})
        return Q(agency__in=ids) | Q(desk__in=ids)

    def _list(self, options) -> None:
        out = self.stdout.write
        units = self._units_q(options.get("agency"))
        if options["ratings"]:
            rows = Rating.objects.filter(units).select_related("dossier", "agency")
            for r in rows.order_by("-id")[: options["limit"]]:
                scores = " ".join(f"{c.key}={getattr(r, c.field)}" for c in CRITERIA)
                out(f"{r.dossier.key}\t{short_datetime(r.rated_at)}\t{r.agency.code}\t{scores}")
            return
        rows = Feedback.objects.filter(units).select_related("agency", "dossier")
        if options.get("status"):
            rows = rows.filter(status=options["status"])
        for f in rows.order_by("-id")[: options["limit"]]:
            text = " ".join(f.text.split())
            out(
                "\t".join(
                    (
                        str(f.pk),
                        short_datetime(f.created_at),
                        f.status,
                        f.kind,
                        f.agency.code,
                        f.dossier.key if f.dossier else "-",
                        text[:80],
                    )
                )
            )

    def _show(self, options) -> None:
        out = self.stdout.write
        if options.get("dossier"):
            dossier = queries.by_key(Dossier.objects.all(), options["dossier"])
            if dossier is None:
                raise CommandError(_("No dossier %(key)s.") % {"key": options["dossier"]})
            rating = services.rating_of(dossier)
            if rating is None:
                raise CommandError(_("This dossier has not been rated."))
            out(f"{dossier.key}  {short_datetime(rating.rated_at)}  {rating.agency.code}")
            for c in CRITERIA:
                score = getattr(rating, c.field)
                out(f"  {c.key}: {score} ({c.label_of(score)}) [{c.source}]")
            if rating.comment:
                out(f"  {rating.comment}")
            return
        if options.get("id") is None:
            raise CommandError(_("Give a feedback id or --dossier CODE."))
        f = self._feedback(options["id"])
        out(f"#{f.pk} {f.get_kind_display()} · {f.get_status_display()}")
        out(f"{short_datetime(f.created_at)} · {f.agency.code} {f.agency.name}")
        if f.dossier:
            out(_("Dossier: %(key)s") % {"key": f.dossier.key})
        if f.about_conduct:
            out(_("About an officer's conduct."))
        out(f.text)
        if f.answered_at:
            name = f.answered_by.get_username() if f.answered_by else "-"
            out(
                _("Answer (%(when)s, %(name)s):")
                % {"when": short_datetime(f.answered_at), "name": name}
            )
            out(f.answer)

    def _feedback(self, pk: int) -> Feedback:
        f = (
            Feedback.objects.select_related("agency", "dossier", "answered_by")
            .filter(pk=pk)
            .first()
        )
        if f is None:
            raise CommandError(_("No feedback #%(id)s.") % {"id": pk})
        return f

    def _answer(self, options) -> None:
        user = active_user(options["username"])
        f = services.answer_feedback(user, self._feedback(options["id"]), options["text"])
        self.stdout.write(f"#{f.pk} {f.status}")
