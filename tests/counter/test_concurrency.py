"""A double click sends the same intake form twice at the same instant: one dossier.

Only meaningful on PostgreSQL (SQLite serialises writers; see tests/dossiers/
test_concurrency.py, whose run_together this reuses).
"""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from motcua.counter.services import take_in
from motcua.dossiers.models import Dossier
from tests.dossiers.test_concurrency import run_together

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: concurrent connections on one unique index",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_two_simultaneous_submissions_of_one_form_record_one_dossier(world):
    officer = world.users["officer"]
    token = uuid.uuid4().hex
    results = run_together(
        [lambda: take_in(officer, world.intake(), "receive", token=token) for _ in range(4)]
    )
    assert [kind for kind, _value in results] == ["ok"] * 4, results
    recorded = [value for _kind, value in results]
    assert Dossier.objects.count() == 1
    assert {r.dossier.pk for r in recorded} == {Dossier.objects.get().pk}
    assert sorted(r.replayed for r in recorded) == [False, True, True, True]
