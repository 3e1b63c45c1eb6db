"""Concurrent intake and concurrent actions on one dossier, on a real database server.

Threads each use their own database connection and close it at the end. SQLite serialises
writers on one file lock and the test database is an in-memory one, so these tests only
mean something on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from motcua.dossiers.models import Dossier, DossierCounter, Event
from motcua.dossiers.services.engine import StaleDossier, perform
from motcua.dossiers.services.intake import prepare
from motcua.dossiers.workflow import Status
from tests.dossiers.conftest import at

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: row locks and concurrent connections (SQLite serialises "
        "writers and tests run on a private in-memory database)",
    ),
    pytest.mark.django_db(transaction=True),
]


def run_together(jobs: list[Callable[[], Any]]) -> list[tuple[str, Any]]:
    """Run the jobs in threads released at the same instant; ("ok", result) or
    ("error", exception) per job, in order."""
    barrier = threading.Barrier(len(jobs))
    results: list[tuple[str, Any]] = [("error", RuntimeError("not run"))] * len(jobs)

    def worker(i: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = ("ok", job())
        except Exception as exc:  # noqa: BLE001 - reported to the test
            results[i] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung (deadlock?)"
    return results


def test_parallel_receptions_get_consecutive_codes(world):
    """ND 61/2018 art. 26.2.b and domain.md §3: the day's sequence has no gaps and no
    duplicates, even with 20 officers' receptions at the same desk at the same moment."""
    when = at("2026-03-02 09:00")

    def receive() -> str:
        dossier = prepare(world.intake(), at=when)
        return perform(dossier, "receive", user=world.users["officer"], at=when).code

    results = run_together([receive] * 20)
    errors = [value for kind, value in results if kind == "error"]
    assert not errors, errors
    codes = sorted(value for _kind, value in results)
    assert codes == [f"000.01.70.H51-260302-{n:04d}" for n in range(1, 21)]
    assert DossierCounter.objects.get(agency=world.commune_desk).last == 20
    assert Dossier.objects.filter(status=Status.RECEIVED).count() == 20


def _conflict(world, dossier, first: tuple, second: tuple, expected_version: int | None):
    def act(action: str, who: str, payload: dict) -> Dossier:
        return perform(
            dossier,
            action,
            user=world.users[who],
            at=at("2026-03-03 10:00"),
            expected_version=expected_version,
            **payload,
        )

    return run_together([lambda: act(*first), lambda: act(*second)])


@pytest.mark.parametrize("rounds", [5])
def test_two_officers_transferring_at_once_one_wins_the_other_is_told(world, rounds):
    """No lost update: with the version they read, the loser gets StaleDossier."""
    for _ in range(rounds):
        dossier = world.receive("2026-03-02 09:00")
        version = dossier.row_version
        results = _conflict(
            world, dossier, ("transfer", "officer", {}), ("transfer", "officer2", {}), version
        )
        kinds = sorted(kind for kind, _value in results)
        assert kinds == ["error", "ok"], results
        error = next(value for kind, value in results if kind == "error")
        assert isinstance(error, StaleDossier), error
        fresh = Dossier.objects.get(pk=dossier.pk)
        assert fresh.row_version == version + 1
        assert fresh.status == Status.IN_PROCESS
        assert Event.objects.filter(dossier=dossier, action="transfer").count() == 1
        winner = next(value for kind, value in results if kind == "ok")
        assert Event.objects.get(dossier=dossier, seq=fresh.row_version).actor_id == (
            Event.objects.filter(dossier=dossier, action="transfer").get().actor_id
        )
        assert winner.row_version == fresh.row_version


def test_conflicting_decisions_without_a_version_one_wins_the_other_is_refused(world):
    """Approve and refuse at the same moment: the row lock serialises them; the second sees
    a dossier whose result is already ready and is refused, never overwriting it."""
    for _ in range(3):
        dossier = world.in_process("2026-03-02 09:00")
        version = dossier.row_version
        results = _conflict(
            world,
            dossier,
            ("approve", "leader", {"result": "Giấy khai sinh"}),
            ("refuse_result", "leader", {"reason": "Không đủ điều kiện"}),
            None,
        )
        kinds = sorted(kind for kind, _value in results)
        assert kinds == ["error", "ok"], results
        error = next(value for kind, value in results if kind == "error")
        assert isinstance(error, ValidationError) and error.code == "transition", error
        assert dossier.code in str(error)  # "... is not possible for dossier <code> while ..."
        fresh = Dossier.objects.get(pk=dossier.pk)
        assert fresh.row_version == version + 1
        assert fresh.status == Status.RESULT_READY
        decisions = Event.objects.filter(dossier=dossier, action__in=["approve", "refuse_result"])
        assert decisions.count() == 1
        expected = {"approve": "approved", "refuse_result": "refused"}[decisions.get().action]
        assert fresh.outcome == expected
