"""The demo in small steps; each step is idempotent, so the whole is too.

Later issues append steps (statistics) to `build_demo`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from motcua.agencies.policy import sync_role_groups
from motcua.demo.builders.accounts import DemoAccount, build_accounts
from motcua.demo.builders.catalogue import CatalogueResult, build_catalogue
from motcua.demo.builders.dossiers import DossierResult, build_dossiers
from motcua.demo.builders.reform import build_former_district, merge_former_district
from motcua.demo.builders.units import DemoUnits, build_units

DEFAULT_DOSSIERS = 3000


@dataclass
class DemoResult:
    units: DemoUnits
    catalogue: CatalogueResult
    merged: int
    accounts: list[DemoAccount]
    dossiers: DossierResult


def build_demo(
    *,
    dossiers: int = DEFAULT_DOSSIERS,
    today: datetime.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoResult:
    """The units, catalogue, merger and accounts in one transaction, then `dossiers`
    dossiers (0: none) over the 18 months before `today` (default: today) in another."""
    with transaction.atomic():
        sync_role_groups()
        units = build_units()
        district, old_wards = build_former_district(units)
        catalogue = build_catalogue(units, old_wards)
        merged = merge_former_district(units, district, old_wards)
        accounts = build_accounts(units)
    made = build_dossiers(
        units, count=dossiers, today=today or timezone.localdate(), progress=progress
    )
    return DemoResult(
        units=units,
        catalogue=catalogue,
        merged=merged,
        accounts=accounts,
        dossiers=made,
    )
