"""`motcua holidays --year Y`: one line per day off or make-up day, `date<TAB>kind<TAB>name`."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy

from motcua.worktime.messages import error_message
from motcua.worktime.services import days_off


class Command(BaseCommand):
    help = gettext_lazy(
        "List the days off and make-up working days of a year: ISO date, "
        "'off' or 'workday', and the name, separated by tabs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args, **options):
        try:
            rows = days_off(options["year"])
        except ValueError as exc:
            raise CommandError(error_message(exc)) from None
        for day, kind, name in rows:
            self.stdout.write(f"{day.isoformat()}\t{kind}\t{name}")
