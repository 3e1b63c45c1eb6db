"""The non-immediate path: a real SqliteHuey queue, executed without a consumer process."""

from __future__ import annotations

import pytest
from huey.storage import SqliteStorage

from motcua.jobs import services
from motcua.jobs.models import Export, ExportStatus
from motcua.jobs.tasks import run_export_task
from tests.dossiers.forms.pdf import text


# Committed for real: the task's db wrapper closes old connections, as in a consumer.
@pytest.mark.django_db(transaction=True)
def test_export_through_a_real_sqlite_queue(world, immediate_huey, tmp_path):
    huey = immediate_huey
    assert run_export_task.huey is huey
    huey.immediate = False
    saved = huey.storage
    huey.storage = SqliteStorage(huey.name, filename=str(tmp_path / "huey.sqlite3"))
    try:
        dossier = world.receive("2026-03-02 09:00")
        export = services.request_export(  # enqueued on commit (autocommit here)
            world.users["officer"],
            "register",
            agency=world.commune_desk.code,
            date_from="2026-03-01",
            date_to="2026-03-31",
        )
        assert Export.objects.get(pk=export.pk).status == ExportStatus.QUEUED
        assert huey.pending_count() == 1

        task = huey.dequeue()  # what the consumer does, in this process
        assert task.name == "run_export_task"
        assert task.args == (str(export.pk),)
        huey.execute(task)
        assert huey.result(task.id) == ExportStatus.DONE
        assert huey.pending_count() == 0

        export.refresh_from_db()
        assert export.status == ExportStatus.DONE
        with services.open_export(export) as handle:
            assert dossier.code in text(handle.read())
    finally:
        huey.storage = saved
