"""Dossier codes, lookup secrets and the regime date: the pure parts."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from motcua.dossiers.codes import format_code, new_secret, next_number, secrets_match
from motcua.dossiers.models import Regime
from motcua.dossiers.regime import REGIME_2025_FROM, regime_on


def test_format_code():
    """ND 61/2018 art. 26.2: agency identifier, then YYMMDD and a 4-digit sequence."""
    day = datetime.date(2024, 3, 15)
    assert format_code("000.00.15.H51", day, 1) == "000.00.15.H51-240315-0001"
    assert format_code("000.00.15.H51", day, 9999) == "000.00.15.H51-240315-9999"


def test_regime_boundary():
    """domain.md §2: Decree 61/2018 until 30/6/2025, Decree 118/2025 from 1/7/2025."""
    assert REGIME_2025_FROM == datetime.date(2025, 7, 1)
    assert regime_on(datetime.date(2025, 6, 30)) == Regime.R2018
    assert regime_on(datetime.date(2025, 7, 1)) == Regime.R2025
    assert regime_on(datetime.date(2018, 6, 21)) == Regime.R2018


def test_secrets_are_random_and_unambiguous():
    """Secrets are read off paper: no 0/O or 1/I/L; case does not matter."""
    secrets = {new_secret() for _ in range(200)}
    assert len(secrets) == 200
    assert not set("".join(secrets)) & set("01ILO")
    assert secrets_match("abcd2345", "ABCD2345")
    assert not secrets_match("ABCD2346", "ABCD2345")


@pytest.mark.django_db
def test_a_rolled_back_reception_gives_its_number_back(world):
    """A number handed out outside the reception's transaction could not be given back if
    the reception failed, leaving a gap (domain.md §3)."""
    day = datetime.date(2026, 3, 2)
    with transaction.atomic():
        assert next_number(world.commune_desk, day) == 1
        assert next_number(world.commune_desk, day) == 2
        assert next_number(world.other_desk, day) == 1
    try:
        with transaction.atomic():
            assert next_number(world.commune_desk, day) == 3
            raise RuntimeError("reception failed")
    except RuntimeError:
        pass
    with transaction.atomic():
        assert next_number(world.commune_desk, day) == 3
