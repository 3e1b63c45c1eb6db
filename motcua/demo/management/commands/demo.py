"""`motcua demo`: build the demo city, catalogue and staff accounts (idempotent)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motcua.agencies.models import Role
from motcua.demo.builders.run import build_demo


class Command(BaseCommand):
    help = _("Build the demo data (idempotent) and print the demo staff accounts.")

    def handle(self, *args, **options):
        result = build_demo()
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
