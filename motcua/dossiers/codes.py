"""Dossier codes `<agency identifier>-YYMMDD-NNNN` (ND 61/2018 art. 26) and lookup secrets.

The sequence is a counter row per agency and day, incremented with a single UPDATE inside
the caller's transaction: the row lock serialises concurrent intake across processes and
servers, and a rolled-back reception rolls its number back too, so numbers have no gaps.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.db import transaction
from django.db.models import F

from motcua.agencies.models import Agency
from motcua.dossiers.models import DossierCounter

# No 0/O, 1/I/L: the secret is read off paper and typed in.
SECRET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
SECRET_LENGTH = 8


def format_code(agency_code: str, day: date, number: int) -> str:
    return f"{agency_code}-{day:%y%m%d}-{number:04d}"


def next_number(agency: Agency, day: date) -> int:
    """The next sequence number of `agency` on `day`; must run inside the reception's
    transaction so that the number is released if the reception fails."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("dossier numbers are only given inside a transaction")
    DossierCounter.objects.bulk_create(
        [DossierCounter(agency=agency, day=day, last=0)], ignore_conflicts=True
    )
    counter = DossierCounter.objects.filter(agency=agency, day=day)
    counter.update(last=F("last") + 1)
    return counter.values_list("last", flat=True).get()


def allocate_code(agency: Agency, day: date) -> str:
    return format_code(agency.code, day, next_number(agency, day))


def new_secret() -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))


def secrets_match(given: str, expected: str) -> bool:
    """Constant-time comparison, forgiving case and surrounding spaces."""
    return secrets.compare_digest(
        (given or "").strip().upper().encode(), (expected or "").upper().encode()
    )
