"""What the public sees of a dossier (lookup by code and secret): progress, no personal data.

No applicant name, ID, address, documents or staff names leave this module. The REST API
(`GET /api/v1/lookup/`) and the public lookup page (`/tra-cuu/`) both call `lookup_progress`.
"""

from __future__ import annotations

from typing import Any

from motcua.dossiers.models import Dossier, StepStatus
from motcua.dossiers.services import queries
from motcua.dossiers.workflow import Status


def progress(dossier: Dossier) -> dict[str, Any]:
    steps = [
        {
            "name": step.name,
            "agency": step.agency.name,
            "status": step.status,
            "due_at": step.due_at,
            "finished_at": step.finished_at,
        }
        for step in dossier.steps.select_related("agency").order_by("stage", "order", "id")
        if step.status != StepStatus.SKIPPED
    ]
    return {
        "code": dossier.code,
        "procedure": dossier.procedure.code,
        "procedure_name": dossier.procedure_version.name,
        "agency": dossier.agency.name,
        "status": dossier.status,
        "status_label": str(Status(dossier.status).label),
        "national_status": dossier.national_status,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "finished_at": dossier.finished_at,
        "returned_at": dossier.returned_at,
        "steps": steps,
    }


def lookup_progress(code: str, secret: str) -> dict[str, Any] | None:
    """The progress of the dossier whose receipt carries `code` and `secret`, or None when
    either does not match (an unknown code and a wrong secret look the same)."""
    dossier = queries.lookup(code, secret)
    if dossier is None:
        return None
    return progress(dossier)
