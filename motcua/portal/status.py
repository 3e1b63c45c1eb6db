"""Dossier statuses and steps in plain words for whoever holds the receipt.

The labels of `dossiers.workflow.Status` are the officers' terms; the public pages (lookup,
and any citizen page that wants them) say what a status means for the applicant.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.dossiers.models import StepStatus
from motcua.dossiers.workflow import Status

PLAIN_STATUS = {
    Status.DRAFT: _("Not yet submitted."),
    Status.SUBMITTED: _("Submitted online; the one-stop desk has not checked it yet."),
    Status.INCOMPLETE: _("The desk asked for the dossier to be completed before receiving it."),
    Status.RECEIVED: _("Received by the one-stop desk; it is being sent to the agency."),
    Status.IN_PROCESS: _("Being processed by the competent agency."),
    Status.INTERLINKED: _("Being processed; another agency is taking part."),
    Status.SUPPLEMENT: _(
        "Waiting for the applicant: more documents were asked for. The time does not "
        "count until they are sent."
    ),
    Status.FINANCIAL: _(
        "Waiting for the applicant to pay the fees. The time does not count until they are paid."
    ),
    Status.RESULT_READY: _("The result is ready to be collected."),
    Status.RETURNED: _("The result has been returned."),
    Status.REFUSED: _("Not received: the reasons are on the refusal notice."),
    Status.WITHDRAWN: _("Withdrawn at the applicant's request."),
    Status.STOPPED: _("Processing was stopped: the reasons are on the notice."),
}

# Statuses that mean the applicant has something to do (highlighted on the page).
NEEDS_APPLICANT = frozenset({Status.INCOMPLETE, Status.SUPPLEMENT, Status.FINANCIAL})

STEP_LABELS = {
    StepStatus.DONE: pgettext_lazy("public step", "Done"),
    StepStatus.ACTIVE: pgettext_lazy("public step", "In progress"),
    StepStatus.WAITING: pgettext_lazy("public step", "Waiting for other agencies"),
    StepStatus.PENDING: pgettext_lazy("public step", "Not started"),
}


def plain_status(status: str) -> str:
    return str(PLAIN_STATUS.get(status, ""))
