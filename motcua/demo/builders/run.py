"""The demo in small steps; each step is idempotent, so the whole is too.

Later issues append steps (dossiers, statistics) to `build_demo`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from motcua.agencies.policy import sync_role_groups
from motcua.demo.builders.accounts import DemoAccount, build_accounts
from motcua.demo.builders.catalogue import CatalogueResult, build_catalogue
from motcua.demo.builders.reform import build_former_district, merge_former_district
from motcua.demo.builders.units import DemoUnits, build_units


@dataclass
class DemoResult:
    units: DemoUnits
    catalogue: CatalogueResult
    merged: int
    accounts: list[DemoAccount]


@transaction.atomic
def build_demo() -> DemoResult:
    sync_role_groups()
    units = build_units()
    district, old_wards = build_former_district(units)
    catalogue = build_catalogue(units, old_wards)
    merged = merge_former_district(units, district, old_wards)
    accounts = build_accounts(units)
    return DemoResult(units=units, catalogue=catalogue, merged=merged, accounts=accounts)
