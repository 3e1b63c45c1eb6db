"""PostgreSQL only: a dossier's open span as a range, for the GiST index that finds the
dossiers open at an instant (reports migration 0002 creates the index on exactly this
expression; keep the two identical or the planner will not use the index)."""

from django.contrib.postgres.fields import DateTimeRangeField
from django.db.models import F, Func, Value
from django.db.models.functions import Least


def open_span() -> Func:
    """(received_at, min(finished_at, closed_at)]: the instants at which the dossier is
    "received before and neither finished nor closed before" (resolution._open_at).
    LEAST ignores NULLs on PostgreSQL; both NULL gives an unbounded upper end."""
    return Func(
        F("received_at"),
        Least(F("finished_at"), F("closed_at")),
        Value("(]"),
        function="tstzrange",
        output_field=DateTimeRangeField(),
    )
