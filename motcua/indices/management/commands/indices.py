"""`motcua indices`: the indices and catalogue figures, as the /chi-so/ page shows them.

motcua indices circular01 --agency CODE (--period 2026-Q1 | --from D --to D)
motcua indices dossier <dossier code>                 (per-dossier indices, art. 14.1)
motcua indices decision766 --agency CODE --period 2026-Q1
motcua indices ranking --agency CODE --period 2026
motcua indices catalogue [--agency CODE] [--on D] [--period P | --from D --to D]
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.agencies.services import agency_by_code
from motcua.core.commands import domain_errors
from motcua.dossiers.models import Dossier
from motcua.indices.catalogue_figures import catalogue_figures
from motcua.indices.circular01 import dossier_indices, unit_indices
from motcua.indices.decision766 import ranking, unit_766
from motcua.indices.labels import labelled
from motcua.indices.periods import period_from
from motcua.indices.satisfaction import satisfaction


def _period_args(parser, required_agency: bool = True) -> None:
    parser.add_argument("--agency", required=required_agency, help="agency code")
    parser.add_argument("--period", help="2026, 2026-Q1 or 2026-03")
    parser.add_argument("--from", dest="start", help="YYYY-MM-DD")
    parser.add_argument("--to", dest="end", help="YYYY-MM-DD")


def _inputs(inputs: dict) -> str:
    return "; ".join(f"{label} {value}" for label, value in labelled(inputs))


class Command(BaseCommand):
    help = gettext_lazy(
        "Service-quality indices (Circular 01/2018, Decision 766) and catalogue figures."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        _period_args(sub.add_parser("circular01", help="Circular 01/2018 indices of a unit"))
        dossier = sub.add_parser("dossier", help="per-dossier indices")
        dossier.add_argument("code")
        _period_args(sub.add_parser("decision766", help="Decision 766 index of a unit"))
        _period_args(sub.add_parser("ranking", help="units at the same level, ranked"))
        catalogue = sub.add_parser("catalogue", help="catalogue figures")
        _period_args(catalogue, required_agency=False)
        catalogue.add_argument("--on", help="YYYY-MM-DD (default: period end or today)")

    def handle(self, *args, **options):
        with domain_errors():
            getattr(self, f"_{options['command']}")(options)

    def _period(self, options):
        return period_from(options.get("period"), options.get("start"), options.get("end"))

    def _circular01(self, options) -> None:
        agency, period = agency_by_code(options["agency"]), self._period(options)
        result = unit_indices(agency, period)
        out = self.stdout.write
        out(f"{agency.name} ({agency.code}) {period.start:%d/%m/%Y}-{period.end:%d/%m/%Y}")
        for r in result.indices:
            score = "—" if r.score is None else str(r.score)
            out(f"{r.number}. {r.name}: {score}  [{r.source}]")
            if r.inputs:
                out(f"   {_inputs(r.inputs)}")
            if r.reason:
                out(f"   {r.reason}")
        out(
            _("Total %(total)s of %(maximum)s: %(label)s")
            % {
                "total": result.total,
                "maximum": result.maximum,
                "label": result.classification_label,
            }
        )
        stats = satisfaction(agency, period)
        out(_("Ratings: %(count)d") % {"count": stats.ratings})
        for c in stats.criteria:
            out(f"   {c.key}: {'—' if c.average is None else c.average}")

    def _dossier(self, options) -> None:
        dossier = Dossier.objects.filter(code=options["code"].strip()).first()
        if dossier is None:
            raise CommandError(_("No dossier %(key)s.") % {"key": options["code"]})
        for r in dossier_indices(dossier).indices:
            score = "—" if r.score is None else str(r.score)
            self.stdout.write(f"{r.number}. {r.name}: {score}  {r.reason}".rstrip())

    def _decision766(self, options) -> None:
        agency, period = agency_by_code(options["agency"]), self._period(options)
        unit = unit_766(agency, period)
        ranked = ranking(agency, period)
        out = self.stdout.write
        out(f"{agency.name} ({agency.code}) {period.start:%d/%m/%Y}-{period.end:%d/%m/%Y}")
        for c in unit.components:
            points = "—" if c.points is None else str(c.points)
            out(f"{c.name}: {points} / {c.maximum}")
            out(f"   {c.formula}")
            if c.inputs:
                out(f"   {_inputs(c.inputs)}")
            if c.reason:
                out(f"   {c.reason}")
        out(
            _("Total %(total)s of %(maximum)s; rank %(rank)s of %(count)d")
            % {
                "total": unit.total,
                "maximum": unit.maximum,
                "rank": ranked.position,
                "count": ranked.count,
            }
        )

    def _ranking(self, options) -> None:
        agency, period = agency_by_code(options["agency"]), self._period(options)
        for row in ranking(agency, period).rows:
            percent = "—" if row.unit.percent is None else f"{row.unit.percent}%"
            self.stdout.write(
                f"{row.rank}. {row.unit.agency.name} ({row.unit.agency.code}): "
                f"{row.unit.total} / {row.unit.maximum} ({percent})"
            )

    def _catalogue(self, options) -> None:
        agency = agency_by_code(options["agency"]) if options.get("agency") else None
        period = None
        if options.get("period") or options.get("start") or options.get("end"):
            period = self._period(options)
        if options.get("on"):
            try:
                day = datetime.date.fromisoformat(options["on"])
            except ValueError:
                raise CommandError(_("Give a date as YYYY-MM-DD.")) from None
        else:
            day = period.end if period else timezone.localdate()
        f = catalogue_figures(agency, day, period)
        out = self.stdout.write
        out(
            _("In force on %(day)s:") % {"day": f"{day:%d/%m/%Y}"}
            + " "
            + ", ".join(f"{key} {value}" for key, value in f.in_force.items())
        )
        if period is not None:
            out(_("Announced:") + " " + ", ".join(f"{k} {v}" for k, v in f.announced.items()))
            for line in f.decisions:
                out(
                    f"   {line.number} ({line.issued_on}): new {line.new}, amended "
                    f"{line.amended}, replaced {line.replaced}, abolished {line.abolished}"
                )
            if f.simplified is not None:
                out(
                    _("Simplified: %(count)d, working days cut: %(days)s")
                    % {"count": f.simplified, "days": f.working_days_cut}
                )
