"""THE transition table of a dossier (domain.md §2-§4, ND 61/2018 art. 17-22).

One row per action: the statuses it may start from, the statuses it may lead to, who may do
it (roles, and at which agency: the receiving desk, the agency of an active step, or the
applicant who owns the dossier), what it does to the clock, and the form it produces.
Everything that changes a dossier goes through `services.engine.perform`, which reads this
table and nothing else to decide whether an action is allowed.

`None` among the sources means "no dossier yet": the action creates one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.agencies.models import Role


class Status(models.TextChoices):
    DRAFT = "draft", _("online draft")
    SUBMITTED = "submitted", _("submitted online, awaiting the desk's check")
    INCOMPLETE = "incomplete", _("to be completed before reception")
    RECEIVED = "received", _("received")
    IN_PROCESS = "in_process", _("in processing")
    SUPPLEMENT = "supplement", _("waiting for the applicant's supplement")
    FINANCIAL = "financial", _("waiting for a financial obligation")
    INTERLINKED = "interlinked", _("at another agency")
    RESULT_READY = "result_ready", _("result ready")
    RETURNED = "returned", _("result returned")
    REFUSED = "refused", _("refused at reception")
    WITHDRAWN = "withdrawn", _("withdrawn")
    STOPPED = "stopped", _("stopped")


# TrangThaiHoSo of the national public-service portal (domain.md §3). A draft has not been
# submitted and is not synchronised.
NATIONAL_STATUS: dict[str, int | None] = {
    Status.DRAFT: None,
    Status.SUBMITTED: 1,
    Status.INCOMPLETE: 5,
    Status.RECEIVED: 2,
    Status.IN_PROCESS: 4,
    Status.SUPPLEMENT: 5,
    Status.FINANCIAL: 6,
    Status.INTERLINKED: 4,
    Status.RESULT_READY: 9,
    Status.RETURNED: 10,
    Status.REFUSED: 3,
    Status.WITHDRAWN: 7,
    Status.STOPPED: 8,
}

# The portal's names of those codes (domain.md §3).
NATIONAL_LABELS = {
    1: pgettext_lazy("national status", "Newly registered"),
    2: pgettext_lazy("national status", "Received"),
    3: pgettext_lazy("national status", "Not received"),
    4: pgettext_lazy("national status", "Being processed"),
    5: pgettext_lazy("national status", "Supplement of documents requested"),
    6: pgettext_lazy("national status", "Financial obligation requested"),
    7: pgettext_lazy("national status", "Withdrawn at the citizen's request"),
    8: pgettext_lazy("national status", "Processing stopped"),
    9: pgettext_lazy("national status", "Processed"),
    10: pgettext_lazy("national status", "Result returned"),
}


def national_label(code: int | None) -> str:
    """'Result returned' for 10; '' for a draft (no code)."""
    return str(NATIONAL_LABELS[code]) if code in NATIONAL_LABELS else ""


# Received and not finished: the agency's clock is running (overdue is judged on these).
CLOCK_RUNNING = frozenset({Status.RECEIVED, Status.IN_PROCESS, Status.INTERLINKED})
# Waiting for the applicant: the clock is paused (ND 61/2018 art. 19).
CLOCK_PAUSED = frozenset({Status.SUPPLEMENT, Status.FINANCIAL})
OPEN = CLOCK_RUNNING | CLOCK_PAUSED
CLOSED = frozenset({Status.RETURNED, Status.REFUSED, Status.WITHDRAWN, Status.STOPPED})


class Action(models.TextChoices):
    CREATE_DRAFT = "create_draft", _("save an online draft")
    EDIT_DRAFT = "edit_draft", _("edit the draft")
    SUBMIT = "submit", _("submit online")
    RECEIVE = "receive", _("receive")
    ACCEPT = "accept", _("accept an online dossier")
    REQUEST_COMPLETION = "request_completion", _("ask to complete the dossier before reception")
    REFUSE = "refuse", _("refuse at reception")
    TRANSFER = "transfer", _("transfer to the competent department")
    ASSIGN = "assign", _("assign")
    COMPLETE_STEP = "complete_step", _("complete the step and forward")
    SEND_BACK = "send_back", _("send back to a previous step")
    CONSULT = "consult", _("consult other agencies")
    HAND_OVER = "hand_over", _("hand over to another agency")
    REQUEST_SUPPLEMENT = "request_supplement", _("request a supplement after appraisal")
    RECEIVE_SUPPLEMENT = "receive_supplement", _("receive the supplement")
    REQUEST_FEE = "request_fee", _("request fees")
    RECORD_FEE = "record_fee", _("record the payment")
    PROPOSE_APOLOGY = "propose_apology", _("propose an apology and a new appointment")
    APPROVE_APOLOGY = "approve_apology", _("approve the apology")
    REJECT_APOLOGY = "reject_apology", _("reject the apology")
    APPROVE = "approve", _("approve and sign the result")
    REFUSE_RESULT = "refuse_result", _("refuse after appraisal")
    STOP = "stop", _("stop processing")
    WITHDRAW = "withdraw", _("withdraw at the applicant's request")
    RETURN = "return", _("return the result")
    ATTACH = "attach", _("attach a file")
    REASSIGN_AGENCY = "reassign_agency", _("move to the successor of a merged agency")


class Clock(StrEnum):
    """What an action does to the appointment clock."""

    NONE = "none"
    START = "start"  # reception: the appointment is counted from now
    PAUSE = "pause"  # waiting for the applicant
    RESUME = "resume"  # the paused working time is added to the appointment
    RESTART = "restart"  # complete dossier back after appraisal: counted again from zero
    EXTEND = "extend"  # apology approved: the new appointment replaces the old one
    STOP = "stop"  # finished: judged early / on time / late, or closed without a result


class Scope(StrEnum):
    """Where the actor must hold one of the roles."""

    DESK = "desk"  # the receiving one-stop desk
    STEP = "step"  # the agency of an active step (consulted agencies included)
    DESK_OR_STEP = "desk_or_step"
    SYSTEM = "system"  # only the system itself (mergers)


class Form(StrEnum):
    RECEIPT = "receipt"  # 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả
    SUPPLEMENT = "supplement"  # 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
    REFUSAL = "refusal"  # 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ
    APOLOGY = "apology"  # 04 xin lỗi và hẹn lại ngày trả kết quả / đề nghị gia hạn
    STOP = "stop"  # 05 (2025) Thông báo dừng giải quyết hồ sơ
    CONTROL_SLIP = "control_slip"  # Phiếu kiểm soát quá trình giải quyết hồ sơ


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[Status | None]
    targets: tuple[Status, ...]  # the first is usual; the engine picks among these only
    roles: frozenset[Role]
    scope: Scope
    clock: Clock = Clock.NONE
    form: Form | None = None
    applicant: bool = False  # the applicant (owner of an online dossier) may do it too
    reason_required: bool = False


_STAFF = frozenset({Role.OFFICER, Role.SPECIALIST, Role.LEADER})
_OFFICER = frozenset({Role.OFFICER})
_LEADER = frozenset({Role.LEADER})
_HANDLERS = frozenset({Role.SPECIALIST, Role.LEADER})
_WORKING = frozenset({Status.IN_PROCESS, Status.INTERLINKED})
_BEFORE_RECEPTION = frozenset({None, Status.SUBMITTED, Status.INCOMPLETE})
_UNFINISHED = OPEN | {Status.DRAFT, Status.SUBMITTED, Status.INCOMPLETE, Status.RESULT_READY}

TABLE: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(
            Action.CREATE_DRAFT,
            frozenset({None}),
            (Status.DRAFT,),
            frozenset(),
            Scope.DESK,
            applicant=True,
        ),
        # The applicant fills the draft in over several sittings, or completes a dossier the
        # desk sent back before reception (ND 61/2018 art. 17.2), then submits it.
        Transition(
            Action.EDIT_DRAFT,
            frozenset({Status.DRAFT, Status.INCOMPLETE}),
            (Status.DRAFT, Status.INCOMPLETE),
            frozenset(),
            Scope.DESK,
            applicant=True,
        ),
        Transition(
            Action.SUBMIT,
            frozenset({Status.DRAFT, Status.INCOMPLETE}),
            (Status.SUBMITTED,),
            frozenset(),
            Scope.DESK,
            applicant=True,
        ),
        # Counter and postal dossiers: checked and received in one go (ND 61 art. 17.1.b).
        Transition(
            Action.RECEIVE,
            frozenset({None, Status.INCOMPLETE}),
            (Status.RECEIVED,),
            _OFFICER,
            Scope.DESK,
            Clock.START,
            Form.RECEIPT,
        ),
        Transition(
            Action.ACCEPT,
            frozenset({Status.SUBMITTED}),
            (Status.RECEIVED,),
            _OFFICER,
            Scope.DESK,
            Clock.START,
            Form.RECEIPT,
        ),
        Transition(
            Action.REQUEST_COMPLETION,
            _BEFORE_RECEPTION,
            (Status.INCOMPLETE,),
            _OFFICER,
            Scope.DESK,
            Clock.NONE,
            Form.SUPPLEMENT,
            reason_required=True,
        ),
        Transition(
            Action.REFUSE,
            _BEFORE_RECEPTION,
            (Status.REFUSED,),
            _OFFICER,
            Scope.DESK,
            Clock.NONE,
            Form.REFUSAL,
            reason_required=True,
        ),
        Transition(
            Action.TRANSFER,
            frozenset({Status.RECEIVED}),
            (Status.IN_PROCESS, Status.INTERLINKED),
            _OFFICER,
            Scope.DESK,
            Clock.NONE,
            Form.CONTROL_SLIP,
        ),
        Transition(
            Action.ASSIGN,
            _WORKING,
            (Status.IN_PROCESS, Status.INTERLINKED),
            _HANDLERS,
            Scope.STEP,
        ),
        Transition(
            Action.COMPLETE_STEP,
            _WORKING,
            (Status.IN_PROCESS, Status.INTERLINKED),
            _STAFF,
            Scope.STEP,
        ),
        Transition(
            Action.SEND_BACK,
            _WORKING,
            (Status.IN_PROCESS, Status.INTERLINKED),
            _HANDLERS,
            Scope.STEP,
            reason_required=True,
        ),
        # Also at another agency: a higher level handling a handed-over dossier consults
        # like the competent agency would (ND 61/2018 art. 19.7.b, 19.5).
        Transition(
            Action.CONSULT,
            _WORKING,
            (Status.INTERLINKED,),
            _HANDLERS,
            Scope.STEP,
        ),
        Transition(
            Action.HAND_OVER,
            _WORKING,
            (Status.INTERLINKED,),
            _HANDLERS,
            Scope.STEP,
            reason_required=True,
        ),
        # Only within 3 working days of reception; the time restarts from zero when the
        # complete dossier is back (ND 61/2018 art. 19.4).
        Transition(
            Action.REQUEST_SUPPLEMENT,
            _WORKING,
            (Status.SUPPLEMENT,),
            _HANDLERS,
            Scope.STEP,
            Clock.PAUSE,
            Form.SUPPLEMENT,
            reason_required=True,
        ),
        Transition(
            Action.RECEIVE_SUPPLEMENT,
            frozenset({Status.SUPPLEMENT}),
            (Status.IN_PROCESS, Status.INTERLINKED),
            _OFFICER,
            Scope.DESK,
            Clock.RESTART,
            Form.RECEIPT,
            applicant=True,
        ),
        Transition(
            Action.REQUEST_FEE,
            frozenset({Status.RECEIVED}) | _WORKING,
            (Status.FINANCIAL,),
            _STAFF,
            Scope.DESK_OR_STEP,
            Clock.PAUSE,
        ),
        Transition(
            Action.RECORD_FEE,
            frozenset({Status.FINANCIAL}),
            (Status.IN_PROCESS, Status.INTERLINKED, Status.RECEIVED),
            _OFFICER,
            Scope.DESK,
            Clock.RESUME,
            applicant=True,
        ),
        # At least 1 day before the due date, once per dossier (ND 61/2018 art. 19.9).
        Transition(
            Action.PROPOSE_APOLOGY,
            _WORKING,
            (Status.IN_PROCESS, Status.INTERLINKED),
            _HANDLERS,
            Scope.STEP,
            reason_required=True,
        ),
        Transition(
            Action.APPROVE_APOLOGY,
            _WORKING,
            (Status.IN_PROCESS, Status.INTERLINKED),
            _LEADER,
            Scope.STEP,
            Clock.EXTEND,
            Form.APOLOGY,
        ),
        Transition(
            Action.REJECT_APOLOGY,
            _WORKING,
            (Status.IN_PROCESS, Status.INTERLINKED),
            _LEADER,
            Scope.STEP,
            reason_required=True,
        ),
        Transition(
            Action.APPROVE,
            _WORKING,
            (Status.RESULT_READY,),
            _LEADER,
            Scope.STEP,
            Clock.STOP,
        ),
        Transition(
            Action.REFUSE_RESULT,
            _WORKING,
            (Status.RESULT_READY,),
            _LEADER,
            Scope.STEP,
            Clock.STOP,
            # ND 61/2018 art. 19.8: the reasons go to the applicant on the refusal form.
            Form.REFUSAL,
            reason_required=True,
        ),
        Transition(
            Action.STOP,
            OPEN,
            (Status.STOPPED,),
            _LEADER,
            Scope.DESK_OR_STEP,
            Clock.STOP,
            Form.STOP,
            reason_required=True,
        ),
        Transition(
            Action.WITHDRAW,
            OPEN | {Status.DRAFT, Status.SUBMITTED, Status.INCOMPLETE},
            (Status.WITHDRAWN,),
            _OFFICER,
            Scope.DESK,
            Clock.STOP,
            applicant=True,
        ),
        Transition(
            Action.RETURN,
            frozenset({Status.RESULT_READY}),
            (Status.RETURNED,),
            _OFFICER,
            Scope.DESK,
        ),
        # Files: the applicant's scans while the dossier is theirs to complete, the staff's
        # scans and the electronic result while it is open; the status does not change.
        Transition(
            Action.ATTACH,
            frozenset({Status.DRAFT, Status.SUBMITTED, Status.INCOMPLETE, Status.RESULT_READY})
            | OPEN,
            tuple(
                sorted(
                    {Status.DRAFT, Status.SUBMITTED, Status.INCOMPLETE, Status.RESULT_READY} | OPEN
                )
            ),
            _STAFF,
            Scope.DESK_OR_STEP,
            applicant=True,
        ),
        # A merger moves unfinished dossiers (drafts too) to the successor; the status stays.
        Transition(
            Action.REASSIGN_AGENCY,
            _UNFINISHED,
            tuple(sorted(_UNFINISHED)),
            frozenset(),
            Scope.SYSTEM,
        ),
    )
}


def transition(action: Action | str) -> Transition:
    return TABLE[Action(action)]


def actions_from(status: Status | str | None) -> list[Action]:
    """Actions the table allows from `status`, in table order (permissions not checked)."""
    return [t.action for t in TABLE.values() if status in t.sources]
