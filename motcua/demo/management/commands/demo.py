"""`motcua demo`: build the demo city, catalogue, staff accounts and dossiers (idempotent)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motcua.agencies.models import Role
from motcua.demo.builders.accounts import build_citizens
from motcua.demo.builders.dossiers import DossierResult
from motcua.demo.builders.run import DEFAULT_DOSSIERS, build_demo
from motcua.dossiers.workflow import Status


class Command(BaseCommand):
    help = _("Build the demo data (idempotent) and print the demo staff accounts.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--dossiers",
            type=int,
            default=DEFAULT_DOSSIERS,
            metavar="N",
            help=_(
                "How many demo dossiers to build over the last 18 months (default %(default)s; "
                "0: none). Nothing is added when the demo province already has dossiers."
            ),
        )

    def handle(self, *args, **options):
        result = build_demo(dossiers=max(0, options["dossiers"]), progress=self._progress)
        units, catalogue = result.units, result.catalogue
        out = self.stdout
        out.write(_("Demo province: %(name)s") % {"name": units.province.name})
        out.write(
            _(
                "%(communes)d communes and wards, %(departments)d departments; "
                "%(procedures)d procedures (%(commune)d at commune level, %(province)d at "
                "province level); %(assignments)d assignments; %(processes)d internal "
                "processes; %(merged)d mergers recorded in this run."
            )
            % {
                "communes": len(units.communes),
                "departments": len(units.departments),
                "procedures": catalogue.imported,
                "commune": catalogue.commune_procedures,
                "province": catalogue.province_procedures,
                "assignments": catalogue.assignments,
                "processes": catalogue.processes,
                "merged": result.merged,
            }
        )
        out.write(
            self.style.WARNING(
                _(
                    "Agency identifier codes are ILLUSTRATIVE demo values, not the real codes "
                    "of these units. The passwords below are public: never use them in "
                    "production."
                )
            )
        )
        header = (_("Username"), _("Password"), _("Role"), _("Agency"))
        rows = [
            (
                account.username,
                account.password if account.password_current else _("(changed)"),
                str(Role(account.role).label),
                f"{account.agency.name} ({account.agency.code})",
            )
            for account in result.accounts
        ]
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(3)]
        line = "  ".join(f"{{:<{w}}}" for w in widths) + "  {}"
        out.write(line.format(*header))
        out.write(line.format(*("-" * w for w in widths), "-" * len(header[3])))
        for row in rows:
            out.write(line.format(*row))
        out.write(_("Citizens' accounts (sign in at /dang-nhap/ with the username or the phone):"))
        for c in build_citizens():  # already built with the staff accounts; reads them
            password = c.password if c.password_current else _("(changed)")
            extra = f"  ({c.organisation_name})" if c.organisation_name else ""
            out.write(f"  {c.username}  {password}  {c.full_name}  {c.phone}{extra}")
        self._dossiers(result.dossiers)

    def _progress(self, done: int, total: int) -> None:
        self.stdout.write(
            _("Dossiers: %(done)d of %(total)d built…") % {"done": done, "total": total}
        )

    def _dossiers(self, result: DossierResult) -> None:
        out = self.stdout
        total = sum(result.by_status.values())
        if result.created:
            out.write(
                _("Demo dossiers: %(created)d built in this run (%(seconds)d s).")
                % {"created": result.created, "seconds": round(result.seconds)}
            )
        elif total:
            out.write(
                _("Demo dossiers: the demo province already has %(total)d; none added.")
                % {"total": total}
            )
        else:
            out.write(_("Demo dossiers: none (--dossiers 0)."))
            return
        out.write(_("Dossiers by status:"))
        width = max(len(str(status.label)) for status in Status)
        for status in Status:
            count = result.by_status.get(status.value, 0)
            if count:
                out.write(f"  {str(status.label):<{width}}  {count:>6}")
        label = _("Total")
        out.write(f"  {label:<{width}}  {total:>6}")
        out.write(
            _(
                "%(late)d resolved late, %(apologies)d with an apology and a new appointment, "
                "%(interlinked)d interlinked with other agencies."
            )
            % {
                "late": result.late,
                "apologies": result.apologies,
                "interlinked": result.interlinked,
            }
        )
        if result.failed:
            out.write(
                self.style.WARNING(
                    _("%(count)d planned dossiers could not be built; the first: %(first)s")
                    % {"count": len(result.failed), "first": result.failed[0]}
                )
            )
