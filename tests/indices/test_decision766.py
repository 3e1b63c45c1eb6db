"""Decision 766/QĐ-TTg (2022) service-quality index: components and ranking."""

from __future__ import annotations

from decimal import Decimal

import pytest

from motcua.indices.decision766 import TOTAL, ranking, unit_766
from motcua.indices.periods import parse_period
from tests.indices.conftest import approved, attach, other_commune_resolved, rate, returned_online

Q1 = parse_period("2026-Q1")


def _components(world, agency=None):
    unit = unit_766(agency or world.commune, Q1)
    return unit, {c.key: c for c in unit.components}


def _supplemented_twice(world):
    dossier = world.in_process("2026-03-02 09:00")
    for ask, back in (
        ("2026-03-02 10:00", "2026-03-02 14:00"),
        ("2026-03-03 09:00", "2026-03-03 10:00"),
    ):
        dossier = world.act(
            dossier, "request_supplement", "specialist", ask, reason="Thiếu", missing=["Giấy"]
        )
        dossier = world.act(dossier, "receive_supplement", "officer", back)
    return world.act(dossier, "approve", "leader", "2026-03-03 15:00", result="Giấy khai sinh")


def test_timeliness_second_supplement_counts_late(world):
    """QĐ 766/QĐ-TTg, timeliness (20 points): on time = result ready by the appointment with
    the supplement time removed; a second supplement request counts as late."""
    approved(world, "2026-03-02 09:00", "2026-03-02 10:00")  # early
    approved(world, "2026-03-02 09:00", "2026-03-06 10:00")  # late
    twice = _supplemented_twice(world)
    assert twice.supplement_count == 2 and twice.timeliness in ("early", "on_time")
    unit, c = _components(world)
    timeliness = c["timeliness"]
    assert timeliness.inputs["dossiers_resolved"] == 3
    assert timeliness.inputs["on_time"] == 1
    assert timeliness.inputs["on_time_but_second_supplement"] == 1
    assert timeliness.points == Decimal("6.67")  # 20 x 1/3
    assert "20" in timeliness.formula


def test_online_payment_satisfaction_digitisation(world):
    """QĐ 766/QĐ-TTg: online services 12 (share of dossiers received online), online
    payment 10 (share of paid fees paid online), satisfaction 18 (ratings' scores over
    the best possible), digitisation 22 (digitised documents and electronic results)."""
    online = returned_online(world, "2026-03-02")
    rate(world, online, when="2026-03-03 09:00", contacts=1, bodies=1)  # 10 of 12
    counter = world.in_process("2026-03-02 09:00")
    counter = world.act(counter, "request_fee", "officer", "2026-03-02 10:00", amount_vnd=8000)
    counter = world.act(
        counter, "record_fee", "officer", "2026-03-02 11:00", amount_vnd=8000, method="online"
    )
    attach(world, counter, "officer", "2026-03-02 11:10", digitised=True)
    counter = world.act(counter, "approve", "leader", "2026-03-02 15:00", result="Giấy khai sinh")
    attach(world, counter, "officer", "2026-03-02 15:10", kind="result")
    unit, c = _components(world)
    assert c["online"].inputs == {"dossiers_received": 2, "dossiers_online": 1}
    assert c["online"].points == Decimal("6.00")
    assert c["payment"].inputs == {"fees_paid": 1, "fees_paid_online": 1}
    assert c["payment"].points == Decimal("10.00")
    assert c["satisfaction"].inputs["sum_of_scores"] == 10
    assert c["satisfaction"].points == Decimal("15.00")  # 18 x 10/12
    assert c["digitisation"].inputs["with_digitised_document"] == 1
    assert c["digitisation"].inputs["with_electronic_result"] == 1
    assert c["digitisation"].points == Decimal("11.00")  # 22 x (1/2 + 1/2) / 2
    # Transparency is not supported: marked, with the reason, outside the maximum.
    assert c["transparency"].supported is False and c["transparency"].points is None
    assert c["transparency"].reason
    assert unit.maximum == TOTAL - 18
    assert unit.total == sum(x.points for x in unit.components if x.points is not None)


def test_no_data_is_not_scored(world):
    """QĐ 766/QĐ-TTg: a component without data in the period (no fee paid, no rating) has no
    value and leaves the supported maximum, rather than scoring 0 or full marks."""
    approved(world, "2026-03-02 09:00", "2026-03-02 10:00")
    unit, c = _components(world)
    assert c["payment"].points is None and c["payment"].reason
    assert c["satisfaction"].points is None
    assert unit.maximum == 20 + 12 + 22


def test_ranking_of_units_at_the_same_level(world):
    """QĐ 766/QĐ-TTg ranks the units on their index: commune A (all on time) is 1st of 2
    communes, commune B (late) 2nd; the same share shares the rank."""
    approved(world, "2026-03-02 09:00", "2026-03-02 10:00")
    other_commune_resolved(world, approved_at="2026-03-09 10:00")  # late
    ranked = ranking(world.commune, Q1)
    assert ranked.count == 2
    assert ranked.position == 1
    assert [row.unit.agency for row in ranked.rows] == [world.commune, world.other]
    assert ranking(world.other, Q1).position == 2
    # Same figures: same rank.
    approved(world, "2026-03-02 09:00", "2026-03-09 10:00")
    other_commune_resolved(world, approved_at="2026-03-02 10:00")
    ranked = ranking(world.commune, Q1)
    assert [row.rank for row in ranked.rows] == [1, 1]


@pytest.mark.django_db
def test_periods():
    """Periods are calendar ranges: a quarter, a month, a year; bad text is refused."""
    from django.core.exceptions import ValidationError

    assert (Q1.start.isoformat(), Q1.end.isoformat()) == ("2026-01-01", "2026-03-31")
    feb = parse_period("2024-02")
    assert feb.end.day == 29
    assert parse_period("2025").end.isoformat() == "2025-12-31"
    for bad in ("2025-Q5", "2025-13", "next year", "1999"):
        with pytest.raises(ValidationError):
            parse_period(bad)
