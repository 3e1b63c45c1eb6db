"""Shared pieces of the indices: rounding, ratios, and the dossiers a unit resolved."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from motcua.dossiers.models import Dossier
from motcua.indices.periods import Period


def round1(value: Decimal | float | int | None) -> Decimal | None:
    """One decimal, half up (Circular 01/2018 art. 15.2.a: "làm tròn ... một chữ số")."""
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def round2(value: Decimal | float | int | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def ratio(part: int, whole: int) -> Decimal | None:
    """part / whole as a Decimal, None when there is nothing to divide by."""
    if not whole:
        return None
    return Decimal(part) / Decimal(whole)


def resolved_in(ids: set[int], period: Period) -> QuerySet[Dossier]:
    """Dossiers of the unit (competent agency in `ids`) whose result was ready in the
    period, approved or refused after appraisal: the dossiers "giải quyết" in the period."""
    return Dossier.objects.filter(agency_id__in=ids, **period.range_q("finished_at")).exclude(
        timeliness=""
    )


def received_in(ids: set[int], period: Period) -> QuerySet[Dossier]:
    """Dossiers of the unit received (appointment given) in the period."""
    return Dossier.objects.filter(agency_id__in=ids, **period.range_q("received_at"))
