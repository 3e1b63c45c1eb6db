"""`motcua grant_role USER AGENCY ROLE [--revoke]`: give or take a staff role in an agency."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.agencies.models import Role
from motcua.agencies.policy import grant_role, revoke_role
from motcua.agencies.services import agency_by_code


class Command(BaseCommand):
    help = _("Grant (or with --revoke, take back) a staff role in an agency.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("agency", help="identifier code of the agency")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args, username, agency, role, revoke, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(username=username)
        except user_model.DoesNotExist:
            raise CommandError(_("No user is called %(name)s.") % {"name": username}) from None
        try:
            unit = agency_by_code(agency)
            if revoke:
                revoke_role(user, unit, role)
            else:
                grant_role(user, unit, role)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        roles = ", ".join(str(r) for r in user.staff_roles.select_related("agency"))
        self.stdout.write(roles or _("%(name)s holds no role.") % {"name": username})
