"""Per-day counters of the resolution report's additive columns.

One row per (competent agency, day, procedure version): how many dossiers were received
online / offline, resolved early / on time / late, returned, withdrawn, refused and stopped
that day (Vietnam time). Derived data: the engine keeps it in the transaction that writes
the dossier and its event (reports.counters.record), the history import and the seeder add
to it, and `motcua report counters` rebuilds or checks it from the dossiers. Summing a year
of a province is a few hundred thousand small rows instead of millions of dossiers.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalogue.models import Procedure, ProcedureVersion


class DailyCount(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    procedure_version = models.ForeignKey(
        ProcedureVersion, on_delete=models.PROTECT, related_name="+"
    )
    # The version's procedure, stored so that grouping by procedure needs no join.
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="+")
    received_online = models.IntegerField(default=0)
    received_offline = models.IntegerField(default=0)
    resolved_early = models.IntegerField(default=0)
    resolved_on_time = models.IntegerField(default=0)
    resolved_late = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)
    refused = models.IntegerField(default=0)
    stopped = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("daily report counter")
        verbose_name_plural = _("daily report counters")
        constraints = [
            # Also the index of every report query: agency IN (...) AND day BETWEEN.
            models.UniqueConstraint(
                fields=["agency", "day", "procedure_version"], name="dailycount_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day} {self.procedure_version_id}"
