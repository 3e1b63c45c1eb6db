"""The synthetic dossiers are consistent: statuses vs dates, codes, counters, timeliness."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import connection

from motcua.dossiers.models import ClockPause, Dossier, DossierCounter, Event
from motcua.dossiers.workflow import OPEN, Status
from motcua.reports import counters
from motcua.seeding.generator import classify, seed_dossiers
from motcua.worktime.calendar import TZ
from motcua.worktime.services import calendar_for
from tests.dossiers.conftest import build_world

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=TZ)
CODE = re.compile(r"^(?P<desk>.+)-(?P<day>\d{6})-(?P<n>\d{4})$")


@pytest.fixture
def seeded(django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world(django_user_model)
    tally = seed_dossiers(count=600, years=1, seed=3, batch=250, now=NOW)
    return world, tally


def test_counts_and_mix(seeded):
    world, tally = seeded
    assert Dossier.objects.count() == tally.dossiers
    assert tally.dossiers >= 590  # only receptions after NOW are dropped
    assert Event.objects.count() == tally.events
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert Status.RETURNED in statuses
    returned = Dossier.objects.filter(status=Status.RETURNED).count()
    assert returned > 0.7 * tally.dossiers
    channels = {c: Dossier.objects.filter(channel=c).count() for c in (1, 2, 3)}
    assert channels[1] > channels[2] > channels[3] > 0


def test_statuses_agree_with_dates(seeded):
    for d in Dossier.objects.all():
        assert d.created_at <= NOW
        if d.status in (Status.SUBMITTED, Status.INCOMPLETE):
            assert d.received_at is None and d.due_at is None and d.code
        if d.status == Status.REFUSED:
            assert d.received_at is None and d.closed_at is not None
        if d.received_at is not None:
            assert d.received_at <= NOW and d.due_at is not None
            assert d.original_due_at is not None and d.received_at < d.original_due_at
            assert calendar_for(d.agency).in_session(d.received_at)
        if d.status in OPEN:
            assert d.finished_at is None and d.closed_at is None
        if d.status == Status.RESULT_READY:
            assert d.finished_at is not None and d.returned_at is None
        if d.status == Status.RETURNED:
            assert d.received_at <= d.finished_at <= d.returned_at == d.closed_at <= NOW
            assert d.outcome in ("approved", "refused")
        if d.status in (Status.WITHDRAWN, Status.STOPPED):
            assert d.finished_at is None and d.received_at < d.closed_at <= NOW
        if d.status == Status.SUPPLEMENT:
            assert d.paused_since is not None
            assert ClockPause.objects.filter(dossier=d, ended_at__isnull=True).exists()


def test_timeliness_is_the_calendars_judgement(seeded):
    """Early / on time / late as WorkingCalendar.classify judges the finish against the
    appointment in force (domain.md §4; ND 61/2018 art. 19)."""
    finished = Dossier.objects.filter(finished_at__isnull=False)
    assert finished.exists()
    seen = set()
    for d in finished:
        cal = calendar_for(d.agency)
        assert d.timeliness == cal.classify(d.finished_at, d.due_at).value
        assert classify(int(d.finished_at.timestamp()), int(d.due_at.timestamp())) == d.timeliness
        seen.add(d.timeliness)
    assert seen == {"early", "on_time", "late"}
    for d in Dossier.objects.filter(received_at__isnull=False, supplement_count=0)[:200]:
        cal = calendar_for(d.agency)
        assert d.original_due_at == cal.due(d.received_at, d.time_amount, d.time_unit)


def test_codes_unique_gap_free_and_counters(seeded):
    """Codes <desk>-YYMMDD-NNNN (ND 61/2018 art. 26): 1..n per desk and day, counter = n."""
    numbers = defaultdict(list)
    for code, desk_code, created in Dossier.objects.exclude(code=None).values_list(
        "code", "desk__code", "created_at"
    ):
        m = CODE.match(code)
        assert m and m["desk"] == desk_code
        assert m["day"] == created.astimezone(TZ).strftime("%y%m%d")
        numbers[(desk_code, m["day"])].append(int(m["n"]))
    for nums in numbers.values():
        assert sorted(nums) == list(range(1, len(nums) + 1))
    counters = {
        (c.agency.code, c.day.strftime("%y%m%d")): c.last
        for c in DossierCounter.objects.select_related("agency")
    }
    assert counters == {key: len(nums) for key, nums in numbers.items()}


def test_event_log_is_a_chain(seeded):
    by_dossier = defaultdict(list)
    for e in Event.objects.order_by("dossier_id", "seq"):
        by_dossier[e.dossier_id].append(e)
    dossiers = {d.pk: d for d in Dossier.objects.all()}
    for pk, events in by_dossier.items():
        d = dossiers[pk]
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        assert d.row_version == len(events)
        for before, after in zip(events, events[1:], strict=False):
            assert after.status_before == before.status_after
            assert before.at <= after.at
        assert events[-1].status_after == d.status
        if d.due_at is not None:
            assert events[-1].due_at == d.due_at
    assert set(by_dossier) == set(dossiers)


def test_seeded_dossiers_are_in_the_report_counters(seeded):
    """The per-day counters of the reports equal the seeded dossiers (seeding writes in
    bulk, outside the engine, and counts each batch itself)."""
    assert counters.check() == []
    received = sum(
        v.get("received_online", 0) + v.get("received_offline", 0)
        for v in counters.stored().values()
    )
    assert received == Dossier.objects.filter(received_at__isnull=False).count() > 0


def test_seeding_again_continues_the_numbering(seeded):
    before = Dossier.objects.count()
    tally = seed_dossiers(count=100, years=1, seed=4, batch=1000, now=NOW)
    assert Dossier.objects.count() == before + tally.dossiers
    codes = list(Dossier.objects.exclude(code=None).values_list("code", flat=True))
    assert len(codes) == len(set(codes))


def test_command_runs(django_user_model, settings, capsys):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    build_world(django_user_model)
    call_command("seed", "dossiers", "--count", "50", "--years", "1", "--batch", "20")
    out = capsys.readouterr().out
    n = Dossier.objects.count()
    assert n > 0
    assert f"{n} " in out.splitlines()[-1 - len(set(Dossier.objects.values_list("status")))]


def _index_definitions() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
            [["dossiers_dossier", "dossiers_event", "dossiers_clockpause"]],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and index DDL")
def test_deferred_indexes_come_back_identical(django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    build_world(django_user_model)
    before = _index_definitions()
    tally = seed_dossiers(count=120, years=1, seed=5, batch=50, now=NOW, defer_indexes=True)
    assert tally.dossiers > 0
    assert _index_definitions() == before
    assert counters.check() == []
