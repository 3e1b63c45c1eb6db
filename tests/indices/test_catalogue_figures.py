"""Catalogue figures: procedures by level in force, announced in a period, simplified."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from motcua.catalogue.models import (
    AgencyProcedure,
    ChangeKind,
    Channel,
    Decision,
    Procedure,
    ProcedureVersion,
    Process,
    ProcessingTime,
    RequiredDocument,
)
from motcua.indices.catalogue_figures import catalogue_figures
from motcua.indices.periods import parse_period
from motcua.worktime.units import DurationUnit

Q1 = parse_period("2026-Q1")


@pytest.fixture
def announced(world):
    """Decision 12/QĐ-UBND of 10/02/2026 amends 1.001193 (3 -> 2 working days, from 1/3)
    and announces a new province-and-commune procedure 2.000001 handled by commune A,
    whose process is interlinked."""
    decision = Decision.objects.create(number="12/QĐ-UBND", issued_on=datetime.date(2026, 2, 10))
    world.version.valid_to = datetime.date(2026, 2, 28)
    world.version.save(update_fields=["valid_to"])
    amended = ProcedureVersion.objects.create(
        procedure=world.procedure,
        number=2,
        name=world.version.name,
        field=world.version.field,
        at_commune=True,
        decision=decision,
        change_kind=ChangeKind.AMENDED,
        valid_from=datetime.date(2026, 3, 1),
    )
    ProcessingTime.objects.create(
        version=amended, channel=Channel.COUNTER, amount=Decimal(2), unit=DurationUnit.WORKING_DAYS
    )
    for doc in world.documents:
        RequiredDocument.objects.create(
            version=amended, position=doc.position, name=doc.name, originals=1
        )
    new = Procedure.objects.create(code="2.000001")
    ProcedureVersion.objects.create(
        procedure=new,
        number=1,
        name="Thủ tục liên thông mới",
        field=world.version.field,
        at_province=True,
        at_commune=True,
        decision=decision,
        change_kind=ChangeKind.NEW,
        valid_from=datetime.date(2026, 3, 1),
    )
    AgencyProcedure.objects.create(
        agency=world.commune, procedure=new, valid_from=datetime.date(2026, 3, 1)
    )
    Process.objects.create(
        agency=world.commune,
        procedure=new,
        total=5,
        unit=DurationUnit.WORKING_DAYS,
        interlinked=True,
        valid_from=datetime.date(2026, 3, 1),
    )
    return decision


def test_procedures_by_level_in_force(world, announced):
    """Procedures in force on a day by level (province, district, commune, interlinked),
    for an agency's assignments and for the whole catalogue (domain.md §6)."""
    before = catalogue_figures(world.commune, datetime.date(2026, 2, 15))
    assert before.in_force == {
        "total": 1,
        "province": 0,
        "district": 0,
        "commune": 1,
        "interlinked": 0,
    }
    after = catalogue_figures(world.commune, datetime.date(2026, 3, 15))
    assert after.in_force == {
        "total": 2,
        "province": 1,
        "district": 0,
        "commune": 2,
        "interlinked": 1,
    }
    # Commune B does not handle the new procedure; the whole catalogue has both.
    assert catalogue_figures(world.other, datetime.date(2026, 3, 15)).in_force["total"] == 1
    assert catalogue_figures(None, datetime.date(2026, 3, 15)).in_force["total"] == 2


def test_announced_and_simplified_in_the_period(world, announced):
    """Procedures announced new/amended/replaced/abolished by decisions issued in the
    period; simplified procedures and working days cut (catalogue.services.simplification)."""
    figures = catalogue_figures(world.commune, Q1.end, Q1)
    assert figures.announced == {"new": 1, "amended": 1, "replaced": 0, "abolished": 0}
    assert [(d.number, d.new, d.amended) for d in figures.decisions] == [("12/QĐ-UBND", 1, 1)]
    assert figures.simplified == 1
    assert figures.working_days_cut == Decimal(1)
    # Not in the period: nothing announced.
    q4 = catalogue_figures(world.commune, datetime.date(2025, 12, 31), parse_period("2025-Q4"))
    assert q4.announced == {"new": 0, "amended": 0, "replaced": 0, "abolished": 0}
    # The whole catalogue has no simplification figure (it is per agency).
    assert catalogue_figures(None, Q1.end, Q1).simplified is None
