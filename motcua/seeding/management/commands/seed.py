"""`motcua seed dossiers --count N`: synthetic dossiers in bulk, for benchmarks only.

    motcua seed dossiers --count 1000000 [--years 5] [--seed 1] [--batch 50000]
                         [--defer-indexes]

Run after `motcua demo --dossiers 0` (the demo province, its catalogue and assignments).
The generator is motcua.seeding.generator; this command only parses and reports.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.seeding.generator import Tally, seed_dossiers


class Command(BaseCommand):
    help = gettext_lazy("Generate synthetic dossiers in bulk (benchmarks only).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        dossiers = sub.add_parser(
            "dossiers", help=str(gettext_lazy("synthetic dossiers over the last years"))
        )
        dossiers.add_argument("--count", type=int, required=True)
        dossiers.add_argument("--years", type=int, default=5)
        dossiers.add_argument("--seed", type=int, default=1)
        dossiers.add_argument("--batch", type=int, default=50_000)
        dossiers.add_argument(
            "--defer-indexes",
            action="store_true",
            help=str(
                gettext_lazy(
                    "PostgreSQL: drop the secondary indexes during the load and rebuild them "
                    "at the end (much faster for millions of rows)"
                )
            ),
        )

    def handle(self, *args, **options):
        count, years, batch = options["count"], options["years"], options["batch"]
        if count < 0 or years < 1 or batch < 1:
            raise CommandError(_("--count must not be negative; --years and --batch at least 1."))

        def progress(tally: Tally) -> None:
            self.stdout.write(
                _("%(dossiers)d dossiers, %(events)d events, %(rate).0f dossiers/s")
                % {"dossiers": tally.dossiers, "events": tally.events, "rate": tally.rate}
            )

        tally = seed_dossiers(
            count=count,
            years=years,
            seed=options["seed"],
            batch=batch,
            progress=progress,
            defer_indexes=options["defer_indexes"],
        )
        if tally.dossiers == 0:
            self.stdout.write(
                _(
                    "No dossier generated: no agency handles a procedure with a processing time "
                    "(run `motcua demo --dossiers 0` first)."
                )
                if count
                else _("No dossier generated.")
            )
            return
        self.stdout.write(
            _(
                "Done: %(dossiers)d dossiers and %(events)d events in %(seconds).1f s "
                "(%(rate).0f dossiers/s)."
            )
            % {
                "dossiers": tally.dossiers,
                "events": tally.events,
                "seconds": tally.seconds,
                "rate": tally.rate,
            }
        )
        for status, n in sorted(tally.by_status.items(), key=lambda item: -item[1]):
            self.stdout.write(f"  {status}: {n}")
