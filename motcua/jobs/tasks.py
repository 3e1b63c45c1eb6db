"""Huey tasks (the consumer `motcua run_huey` finds this module by autodiscovery).

Each task is a thin call into services; it never raises, so Huey never retries it.
"""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from motcua.jobs import services


@db_task(retries=0)
def run_export_task(export_id: str) -> str | None:
    """Render and store one export; returns its final status (kept by Huey's result store)."""
    export = services.run_export(export_id)
    return None if export is None else export.status
