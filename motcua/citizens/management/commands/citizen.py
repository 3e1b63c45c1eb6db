"""`motcua citizen`: what the account pages do, for operators.

motcua citizen create --name "Trần Thị Lan" [--phone 0912345678] [--email a@b.vn]
                      [--id-number 079190001234] [--address "..."]   (password on stdin)
motcua citizen show <username, e-mail or phone>
motcua citizen unlock <username, e-mail or phone> [--address 1.2.3.4]
"""

from __future__ import annotations

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.citizens.services import accounts, throttle
from motcua.core.commands import error_text


class Command(BaseCommand):
    help = gettext_lazy("Create, show and unlock citizens' accounts.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        create = sub.add_parser("create", help=str(gettext_lazy("create a citizen's account")))
        create.add_argument("--name", required=True)
        create.add_argument("--phone", default="")
        create.add_argument("--email", default="")
        create.add_argument("--id-number", dest="id_number", default="")
        create.add_argument("--address", default="")
        show = sub.add_parser("show", help=str(gettext_lazy("an account and its profile")))
        show.add_argument("identifier")
        unlock = sub.add_parser(
            "unlock", help=str(gettext_lazy("forget the failed sign-ins of an identifier"))
        )
        unlock.add_argument("identifier")
        unlock.add_argument("--address", default="")

    def handle(self, *args, **options):
        getattr(self, f"_{options['command']}")(options)

    def _create(self, options) -> None:
        password = sys.stdin.readline().rstrip("\n")
        details = accounts.AccountDetails(
            full_name=options["name"],
            phone=options["phone"],
            email=options["email"],
            id_number=options["id_number"],
            address=options["address"],
        )
        try:
            user = accounts.sign_up(details, password)
        except ValidationError as error:
            raise CommandError(error_text(error)) from None
        self.stdout.write(_("Account %(username)s created.") % {"username": user.username})

    def _show(self, options) -> None:
        user = accounts.find_user(options["identifier"])
        if user is None:
            raise CommandError(_("No account matches this identifier."))
        details = accounts.details_of(user)
        for label, value in (
            (_("Username"), user.get_username()),
            (_("Full name"), details.full_name),
            (_("E-mail"), details.email),
            (_("Phone"), details.phone),
            (_("Citizen ID"), details.id_number),
            (_("Address"), details.address),
            (_("Organisation"), details.organisation_name),
            (_("Staff"), _("yes") if accounts.is_staff_member(user) else _("no")),
        ):
            self.stdout.write(f"{label}: {value}")

    def _unlock(self, options) -> None:
        throttle.unlock(options["identifier"], options["address"])
        self.stdout.write(_("Failed sign-ins forgotten."))
