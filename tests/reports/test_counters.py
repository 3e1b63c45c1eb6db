"""The per-day report counters (issue 6 §6: "counters maintained in the same transaction as
the events, and a command that rebuilds them") against the dossiers they summarise."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from motcua.agencies.services import lineage_ids
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.engine import perform
from motcua.reports import counters
from motcua.reports.models import DailyCount
from motcua.reports.resolution import (
    COLUMNS,
    GROUP_BY,
    Period,
    _open_dossiers,
    resolution,
    resolution_dossiers,
)
from motcua.reports.spans import open_span
from tests.dossiers.conftest import at

PERIODS = [
    ("2026-03-09", "2026-03-13"),  # the hand-computed scenario's week
    ("2026-03-01", "2026-03-31"),
    ("2026-03-12", "2026-03-12"),
    ("2025-01-01", "2026-12-31"),
]


def test_the_engine_keeps_the_counters_equal_to_the_dossiers(scenario):
    assert DailyCount.objects.exists()
    assert counters.check() == []
    assert counters.stored() == counters.aggregate()


@pytest.mark.parametrize("group_by", GROUP_BY)
@pytest.mark.parametrize(("first", "last"), PERIODS)
def test_every_number_equals_its_drill_down(scenario, group_by, first, last):
    """The report sums counters and counts the open dossiers; the drill-down filters the
    dossiers with each column's Q. They must agree on every cell (domain.md §5)."""
    first, last = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    province = scenario.world.province
    report = resolution(province, first, last, group_by)
    for row in [*report.rows, report.total]:
        for column in COLUMNS:
            qs = resolution_dossiers(province, first, last, row["key"], column, group_by)
            assert qs.count() == row[column], (row["key"], column)


def test_an_action_moves_the_counters_in_its_transaction(scenario):
    """Result returned: one more `returned` on the day of the return, nothing else."""
    w = scenario.world
    dossier = Dossier.objects.get(pk=scenario.dossiers["interlinked"].pk)
    assert dossier.status == "result_ready"
    before = counters.stored()
    w.act(dossier, "return", "officer", "2026-03-20 09:00")
    after = counters.stored()
    changed = {
        (key, c): after.get(key, {}).get(c, 0) - before.get(key, {}).get(c, 0)
        for key in set(before) | set(after)
        for c in counters.FIELDS
        if after.get(key, {}).get(c, 0) != before.get(key, {}).get(c, 0)
    }
    assert list(changed.values()) == [1]
    ((key, column),) = changed
    assert column == "returned" and key[1] == datetime.date(2026, 3, 20)
    assert counters.check() == []


def test_a_failed_action_changes_no_counter(scenario):
    w = scenario.world
    dossier = Dossier.objects.get(pk=scenario.dossiers["stopped"].pk)
    before = counters.stored()
    with pytest.raises(ValidationError):
        perform(dossier, "return", user=w.users["officer"], at=at("2026-03-20 09:00"))
    assert counters.stored() == before


def test_rebuild_repairs_damaged_counters(scenario):
    good = counters.stored()
    DailyCount.objects.update(received_online=7)
    DailyCount.objects.filter(pk=DailyCount.objects.order_by("pk").first().pk).delete()
    assert counters.check() != []
    assert counters.rebuild() == len(good)
    assert counters.stored() == good
    assert counters.check() == []


def test_add_is_an_upsert_that_adds(scenario):
    key = next(iter(counters.stored()))
    start = counters.stored()[key].get("stopped", 0)
    counters.add({key: {"stopped": 2}})
    counters.add({key: {"stopped": 3}})
    assert counters.stored()[key]["stopped"] == start + 5
    counters.add({key: {"stopped": -5}})
    assert counters.stored()[key].get("stopped", 0) == start


def test_signature_of_nothing_and_of_a_draft_is_empty(scenario):
    assert counters.signature(None) == {}
    assert counters.signature(Dossier()) == {}


def test_command_checks_and_rebuilds(scenario, capsys):
    call_command("report", "counters", "--check")
    assert "0" in capsys.readouterr().out
    DailyCount.objects.update(returned=99)
    with pytest.raises(SystemExit) as exit_:
        call_command("report", "counters", "--check")
    assert exit_.value.code == 1
    call_command("report", "counters", "--rebuild")
    capsys.readouterr()
    assert counters.check() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GiST index is PostgreSQL's")
def test_the_open_dossiers_query_can_use_the_span_index(scenario):
    """The open-at-an-instant condition is written so that the GiST index
    `dossier_open_span` (reports migration 0002) matches it."""
    instant = Period(datetime.date(2026, 3, 9), datetime.date(2026, 3, 13)).end
    # Only the span condition, so that no other index could serve it: the plan shows
    # whether the expression matches the index's (a planner on a tiny table may still
    # prefer the agency index for the real query, which is its right).
    qs = (
        Dossier.objects.filter(received_at__isnull=False)
        .annotate(span=open_span())
        .filter(span__contains=instant)
        .values("pk")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "dossier_open_span" in plan, plan
    assert (
        len(
            _open_dossiers(
                lineage_ids(scenario.world.province),
                Period(datetime.date(2026, 3, 9), datetime.date(2026, 3, 13)),
            ).values("pk")
        )
        > 0
    )


def test_a_running_period_judges_overdue_now_not_at_its_end(scenario, monkeypatch):
    """domain.md §5 (counted as of the period end) read for a period not yet over: the
    dossier due later in the period is within its deadline today, not overdue."""
    w = scenario.world
    dossier = w.in_process("2026-03-02 09:00")  # due a few working days later
    first, last = datetime.date(2026, 3, 1), datetime.date(2026, 12, 31)
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: at("2026-03-03 10:00"))  # made on 3/3
    report = resolution(w.commune, first, last, "agency")
    within = resolution_dossiers(w.commune, first, last, "total", "in_progress_within")
    overdue = resolution_dossiers(w.commune, first, last, "total", "in_progress_overdue")
    assert dossier.pk in set(within.values_list("pk", flat=True))
    assert dossier.pk not in set(overdue.values_list("pk", flat=True))
    assert report.total["in_progress_within"] == within.count()
    assert report.total["in_progress_overdue"] == overdue.count()
    # Made today (November 2026), long after its appointment, the dossier is overdue.
    monkeypatch.setattr(timezone, "now", real_now)
    overdue = resolution_dossiers(w.commune, first, last, "total", "in_progress_overdue")
    assert dossier.pk in set(overdue.values_list("pk", flat=True))
