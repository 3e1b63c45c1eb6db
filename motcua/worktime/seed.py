"""The government's yearly calendar decisions shipped with motcua (data/day_overrides.json).

Used by migration 0002 and by tests; administrators edit the resulting DayOverride rows.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

SEED_FILE = Path(__file__).resolve().parent / "data" / "day_overrides.json"


def seed_rows() -> list[dict[str, Any]]:
    """Seed rows with `date` parsed: date, kind ("off" | "workday"), name, legal_basis."""
    data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    return [{**row, "date": date.fromisoformat(row["date"])} for row in data["overrides"]]


def apply_seed(model: Any) -> int:
    """Create the seed rows missing from `model`; rows an administrator changed are kept."""
    created = 0
    for row in seed_rows():
        _, was_created = model.objects.get_or_create(
            date=row["date"],
            defaults={k: row[k] for k in ("kind", "name", "legal_basis")},
        )
        created += was_created
    return created


def remove_seed(model: Any) -> None:
    model.objects.filter(date__in=[row["date"] for row in seed_rows()]).delete()
