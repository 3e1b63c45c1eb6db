"""Circular 01/2018/TT-VPCP art. 13-15: each index scored on hand-built dossiers."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from motcua.agencies.services import merge_agency
from motcua.catalogue.models import OnlineLevel
from motcua.indices.circular01 import Classification, classify, dossier_indices, unit_indices
from motcua.indices.periods import parse_period
from motcua.ratings import services as ratings
from tests.indices.conftest import approved, at, other_commune_resolved, rate, returned_online

MARCH = parse_period("2026-03")


def _scores(dossier) -> dict[int, object]:
    return {r.number: r.score for r in dossier_indices(dossier).indices}


def _unit(world, period=MARCH):
    return {r.number: r for r in unit_indices(world.commune, period).indices}


@pytest.fixture
def three(world):
    """Received Mon 2/3 09:00, due Thu 5/3 11:30; results ready early, on time, late."""
    return (
        approved(world, "2026-03-02 09:00", "2026-03-02 10:00"),
        approved(world, "2026-03-02 09:00", "2026-03-05 10:00"),
        approved(world, "2026-03-02 09:00", "2026-03-06 10:00"),
    )


def test_index1_early_on_time_late(world, three):
    """TT 01/2018 art. 13.1: 2 shorter than allowed, 1 equal, 0 longer; art. 15.2.a: the
    unit's score is the sum over the dossiers divided by their number."""
    assert [_scores(d)[1] for d in three] == [2, 1, 0]
    index = _unit(world)[1]
    assert index.score == Decimal("1.0")
    assert index.inputs["early"] == 1 and index.inputs["late"] == 1
    assert index.inputs["dossiers_scored"] == 3


def test_index1_apology_means_longer_than_allowed(world):
    """TT 01/2018 art. 13.1.c: a dossier whose appointment was moved by an apology (ND 61
    art. 19.9) took longer than the time allowed, even when ready by the new date: 0."""
    dossier = world.in_process()
    dossier = world.act(
        dossier, "propose_apology", "specialist", "2026-03-03 10:00", extend_by=2, reason="Chờ"
    )
    dossier = world.act(dossier, "approve_apology", "leader", "2026-03-03 11:00")
    dossier = world.act(dossier, "approve", "leader", "2026-03-06 09:00", result="Giấy khai sinh")
    assert dossier.timeliness in ("early", "on_time")
    assert _scores(dossier)[1] == 0
    assert _unit(world)[1].inputs["apologised"] == 1


def test_index2_worst_step_and_rounding(world, three):
    """TT 01/2018 art. 13.2: each participating agency's time against its own limit; the
    dossier scores as its worst step. Art. 15.2.a: rounded to one decimal (1/3 -> 0.3)."""
    early, on_time, late = three
    # Reception on time, appraisal early: worst is "on time".
    assert _scores(early)[2] == 1
    # The appraisal step ran past its own due instant although the dossier was on time.
    assert _scores(on_time)[2] == 0
    assert _unit(world)[2].score == Decimal("0.3")


def test_indices_3_and_4_come_from_the_ratings(world):
    """TT 01/2018 art. 13.3, 13.4 and art. 14.3.a: collected by the rating form; the unit's
    score averages the rated dossiers (art. 15.2.a), unrated ones have none."""
    first = returned_online(world, "2026-03-02")
    second = returned_online(world, "2026-03-03")
    unrated = returned_online(world, "2026-03-04")
    rate(world, first, contacts=2, bodies=1)
    rate(world, second, contacts=1, bodies=0)
    assert _scores(first)[3] == 2 and _scores(first)[4] == 1
    assert _scores(unrated)[3] is None
    unit = _unit(world)
    assert unit[3].score == Decimal("1.5")
    assert unit[4].score == Decimal("0.5")
    assert unit[3].inputs["dossiers_scored"] == 2
    assert unit[3].inputs["dossiers_resolved"] == 3


def test_index7_conduct_report_or_bad_attitude_scores_zero(world):
    """TT 01/2018 art. 13.7: 2 early without a report on conduct, 1 on time without one,
    0 with a report on harassment or causing trouble (here: feedback about conduct, or the
    applicant's attitude answer 0)."""
    clean = returned_online(world, "2026-03-02")
    reported = returned_online(world, "2026-03-03")
    bad_rating = returned_online(world, "2026-03-04")
    ratings.send_feedback(
        world.users["citizen"],
        kind="complaint",
        text="Cán bộ gây phiền hà khi tiếp nhận hồ sơ",
        dossier=reported,
        about_conduct=True,
        at=at("2026-03-10 09:00"),
    )
    rate(world, bad_rating, attitude=0)
    assert _scores(clean)[7] == 2
    assert _scores(reported)[7] == 0
    assert _scores(bad_rating)[7] == 0
    unit = _unit(world)
    assert unit[7].score == Decimal("0.7")
    assert unit[7].inputs["dossiers_with_conduct_report"] == 1


def test_index9_online_services(world):
    """TT 01/2018 art. 13.9: 2 with >= 20% of procedures online, >= 30% of dossiers online
    and no online dossier late; 1 from 15%; 0 below 15% or with a late online dossier."""
    index = _unit(world)[9]
    assert index.score is None  # nothing received yet: no share to judge
    returned_online(world, "2026-03-02")
    approved(world, "2026-03-02 09:00", "2026-03-02 10:00")
    approved(world, "2026-03-02 09:00", "2026-03-02 10:00")
    # 1 of 3 dossiers online (33%) but the only procedure is not offered online.
    index = _unit(world)[9]
    assert index.inputs["dossiers_online"] == 1 and index.inputs["procedures_online"] == 0
    assert index.score == 0
    world.version.online_level = OnlineLevel.FULL
    world.version.save(update_fields=["online_level"])
    assert _unit(world)[9].score == 2
    # A late online dossier takes the index down to 0.
    late = world.submitted("2026-03-09 08:00")
    late = world.act(late, "accept", "officer", "2026-03-09 08:30")
    late = world.act(late, "transfer", "officer", "2026-03-09 09:00")
    world.act(late, "approve", "leader", "2026-03-16 09:00", result="Giấy khai sinh")
    index = _unit(world)[9]
    assert index.inputs["online_resolved_late"] == 1
    assert index.score == 0


def test_unsupported_indices_are_marked_not_guessed(world, three):
    """TT 01/2018 art. 13.5, 13.6, 13.8: what the records cannot show has no score and
    says why; the total covers the scored indices only (art. 15.2.b) and is provisional."""
    result = unit_indices(world.commune, MARCH)
    by_number = {r.number: r for r in result.indices}
    for number in (5, 6, 8):
        assert by_number[number].supported is False
        assert by_number[number].score is None
        assert by_number[number].reason
    assert result.provisional is True
    expected = sum(r.score for r in result.indices if r.score is not None)
    assert result.total == expected
    assert result.maximum == 2 * len(result.scored)


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        ("18", Classification.EXCELLENT),
        ("15", Classification.EXCELLENT),
        ("14.9", Classification.GOOD),
        ("12", Classification.GOOD),
        ("11.9", Classification.FAIR),
        ("9", Classification.FAIR),
        ("8.9", Classification.AVERAGE),
        ("6", Classification.AVERAGE),
        ("5.9", Classification.WEAK),
        ("0", Classification.WEAK),
    ],
)
def test_classification_thresholds(total, expected):
    """TT 01/2018 art. 15.3.b: >= 15 excellent; 12 to < 15 good; 9 to < 12 fair; 6 to < 9
    average; < 6 weak."""
    assert classify(Decimal(total)) == expected


def test_period_bounds_and_merged_predecessors(world):
    """TT 01/2018 art. 15.2.a counts the dossiers resolved in the period; a unit merged
    into another (domain.md §2) rolls its figures up to the successor."""
    approved(world, "2026-03-02 09:00", "2026-03-02 10:00")
    assert _unit(world, parse_period("2026-02"))[1].score is None
    other = other_commune_resolved(world)
    assert other.agency_id == world.other.pk
    assert _unit(world)[1].inputs["dossiers_scored"] == 1
    merge_agency(world.other_desk, world.commune_desk, datetime.date(2026, 4, 1))
    merge_agency(world.other, world.commune, datetime.date(2026, 4, 1))
    assert _unit(world)[1].inputs["dossiers_scored"] == 2
