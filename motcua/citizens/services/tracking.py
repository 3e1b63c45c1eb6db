""" "My dossiers": what an applicant sees of their own dossiers and what they may do next.

The list is the owner's dossiers among those they may see (permissions.visible_dossiers),
newest first, in keyset pages (no COUNT). A dossier page tells its history in plain words
(no staff names: the agency speaks), its steps (public.progress), its documents and files,
the forms meant for the applicant (the control slip and the register are the agencies'),
and the actions the applicant may take now (queries.allowed_actions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.dossiers.forms import available_forms
from motcua.dossiers.models import Attachment, AttachmentKind, Dossier, Event, ReturnMethod
from motcua.dossiers.permissions import visible_dossiers
from motcua.dossiers.regime import form_title
from motcua.dossiers.services import queries
from motcua.dossiers.services.engine import perform
from motcua.dossiers.workflow import Action, Form, Status

PAGE_SIZE = 20

# The forms the applicant is given; the control slip and the register stay with the agencies.
APPLICANT_FORMS = (Form.RECEIPT, Form.SUPPLEMENT, Form.REFUSAL, Form.APOLOGY, Form.STOP)

# What each action means for the applicant, in plain words.
PLAIN = {
    Action.CREATE_DRAFT: gettext_lazy("You started the dossier online (draft)."),
    Action.EDIT_DRAFT: gettext_lazy("You changed the dossier."),
    Action.SUBMIT: gettext_lazy("You submitted the dossier online."),
    Action.RECEIVE: gettext_lazy("The one-stop desk received the dossier."),
    Action.ACCEPT: gettext_lazy("The one-stop desk checked and received the dossier."),
    Action.REQUEST_COMPLETION: gettext_lazy(
        "The one-stop desk asked you to complete the dossier before receiving it."
    ),
    Action.REFUSE: gettext_lazy("The one-stop desk refused to receive the dossier."),
    Action.TRANSFER: gettext_lazy("The dossier was sent to the competent department."),
    Action.ASSIGN: gettext_lazy("A specialist was put in charge of the dossier."),
    Action.COMPLETE_STEP: gettext_lazy("A step of the processing was completed."),
    Action.SEND_BACK: gettext_lazy("The dossier went back to an earlier step for review."),
    Action.CONSULT: gettext_lazy("The agency asked other agencies for their opinion."),
    Action.HAND_OVER: gettext_lazy("The dossier was handed over to another agency."),
    Action.REQUEST_SUPPLEMENT: gettext_lazy("The agency asked you for more documents."),
    Action.RECEIVE_SUPPLEMENT: gettext_lazy(
        "The supplement was received; the processing time counts again from now."
    ),
    Action.REQUEST_FEE: gettext_lazy("The agency asked you to pay the fees."),
    Action.RECORD_FEE: gettext_lazy("The payment of the fees was recorded."),
    Action.PROPOSE_APOLOGY: gettext_lazy("The agency found it needs more time."),
    Action.APPROVE_APOLOGY: gettext_lazy(
        "The agency apologised for the delay and gave a new appointment."
    ),
    Action.REJECT_APOLOGY: gettext_lazy("The agency will keep the appointment."),
    Action.APPROVE: gettext_lazy("The result was approved and signed."),
    Action.REFUSE_RESULT: gettext_lazy("The agency refused the request after examining it."),
    Action.STOP: gettext_lazy("The processing was stopped."),
    Action.WITHDRAW: gettext_lazy("The dossier was withdrawn."),
    Action.RETURN: gettext_lazy("The result was returned."),
    Action.ATTACH: gettext_lazy("A file was added to the dossier."),
    Action.REASSIGN_AGENCY: gettext_lazy(
        "The dossier moved to the agency that took over after a merger."
    ),
}
# Reasons the applicant is told; the others are the agencies' internal notes.
_REASON_SHOWN = frozenset(
    {
        Action.REQUEST_COMPLETION,
        Action.REFUSE,
        Action.REQUEST_SUPPLEMENT,
        Action.APPROVE_APOLOGY,
        Action.REFUSE_RESULT,
        Action.STOP,
        Action.WITHDRAW,
    }
)
_APPOINTMENT_SHOWN = frozenset(
    {Action.RECEIVE, Action.ACCEPT, Action.RECEIVE_SUPPLEMENT, Action.APPROVE_APOLOGY}
)


def my_dossiers(user) -> QuerySet[Dossier]:
    """The dossiers `user` applied for (and may see)."""
    if user is None or not user.is_authenticated:
        return Dossier.objects.none()
    return visible_dossiers(user).filter(owner=user)


def get_mine(user, key: str) -> Dossier | None:
    qs = my_dossiers(user).select_related(
        "desk", "agency", "procedure", "procedure_version", "process"
    )
    return queries.by_key(qs, key)


# --- the list, in keyset pages ------------------------------------------------------------


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _cursor(dossier: Dossier) -> str:
    """URL-safe position after a row: its creation instant (microseconds) and id."""
    return f"{(dossier.created_at - _EPOCH) // _MICROSECOND}-{dossier.pk}"


def _parse_cursor(token: str) -> tuple[datetime, int] | None:
    micros, _sep, pk = (token or "").partition("-")
    if not (micros.isascii() and micros.isdigit() and pk.isascii() and pk.isdigit()):
        return None
    try:
        return _EPOCH + int(micros) * _MICROSECOND, int(pk)
    except OverflowError:
        return None


@dataclass
class Page:
    rows: list[Dossier]
    next_cursor: str = ""
    first: bool = True


def page_of(user, after: str = "", size: int | None = None) -> Page:
    """One page of the user's dossiers, newest first; `after` is the previous page's
    `next_cursor` (an unreadable one starts from the top)."""
    size = size or PAGE_SIZE
    qs = my_dossiers(user).select_related("agency", "procedure", "procedure_version")
    cursor = _parse_cursor(after) if after else None
    if cursor is not None:
        at, pk = cursor
        qs = qs.filter(Q(created_at__lt=at) | Q(created_at=at, pk__lt=pk))
    rows = list(qs.order_by("-created_at", "-id")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, _cursor(rows[-1]) if more else "", cursor is None)


# --- one dossier ----------------------------------------------------------------------------


@dataclass
class TimelineItem:
    at: datetime
    text: str
    agency: str = ""
    reason: str = ""
    items: list[str] = field(default_factory=list)
    due_at: datetime | None = None


def timeline(dossier: Dossier) -> list[TimelineItem]:
    result = []
    for event in dossier.events.select_related("agency").order_by("seq"):
        action = Action(event.action)
        data: dict[str, Any] = event.data or {}
        items: list[str] = []
        if action in (Action.REQUEST_COMPLETION, Action.REQUEST_SUPPLEMENT):
            items = [str(m) for m in data.get("missing") or []]
        elif action == Action.ATTACH and data.get("name"):
            items = [str(data["name"])]
        result.append(
            TimelineItem(
                at=event.at,
                text=str(PLAIN.get(action, action.label)),
                agency=event.agency.name if event.agency_id and event.role != "applicant" else "",
                reason=event.reason if action in _REASON_SHOWN else "",
                items=items,
                due_at=event.due_at if action in _APPOINTMENT_SHOWN else None,
            )
        )
    return result


def latest_request(dossier: Dossier) -> Event | None:
    """The event that asked the applicant for documents now (supplement or completion)."""
    if dossier.status == Status.SUPPLEMENT:
        action = Action.REQUEST_SUPPLEMENT
    elif dossier.status == Status.INCOMPLETE:
        action = Action.REQUEST_COMPLETION
    else:
        return None
    return dossier.events.filter(action=action).order_by("-seq").first()


def forms_for_applicant(dossier: Dossier) -> list[dict[str, str]]:
    """The printed forms the applicant may download: number, title, form key."""
    result = []
    for form in available_forms(dossier):
        if form not in APPLICANT_FORMS:
            continue
        title = form_title(dossier.regime, form)
        result.append({"form": form, "number": title.number, "title": title.title})
    return result


def result_available(dossier: Dossier) -> bool:
    """The electronic result is the applicant's once returned, or as soon as it is ready
    when it is delivered online."""
    return dossier.status == Status.RETURNED or (
        dossier.status == Status.RESULT_READY and dossier.return_method == ReturnMethod.ONLINE
    )


def result_files(dossier: Dossier) -> list[Attachment]:
    if not result_available(dossier):
        return []
    return list(dossier.attachments.filter(kind=AttachmentKind.RESULT))


def may_download(dossier: Dossier, attachment: Attachment) -> bool:
    if attachment.dossier_id != dossier.pk:
        return False
    if attachment.kind == AttachmentKind.RESULT:
        return result_available(dossier)
    return True


def files_since_request(dossier: Dossier) -> list[Attachment]:
    """Files the applicant added since the current request for documents."""
    request = latest_request(dossier)
    if request is None:
        return []
    return list(
        dossier.attachments.filter(kind=AttachmentKind.SUPPLEMENT, uploaded_at__gte=request.at)
    )


def answer_supplement(dossier: Dossier, user, *, version: int | None = None) -> Dossier:
    """Send the supplement asked after appraisal (ND 61/2018 art. 19.4): the files uploaded
    since the request go with it, and the processing time counts again from now."""
    if dossier.status != Status.SUPPLEMENT:
        raise ValidationError(_("Nobody is waiting for a supplement to this dossier."))
    if not files_since_request(dossier):
        raise ValidationError(_("Upload the documents asked for before you send them."))
    return perform(dossier, Action.RECEIVE_SUPPLEMENT, user=user, expected_version=version)


def withdraw(dossier: Dossier, user, reason: str, *, version: int | None = None) -> Dossier:
    """The applicant withdraws the dossier (or drops a draft)."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why you withdraw the dossier.")]})
    if Action.WITHDRAW not in queries.allowed_actions(user, dossier):
        raise PermissionDenied(_("This dossier can no longer be withdrawn."))
    return perform(dossier, Action.WITHDRAW, user=user, reason=reason, expected_version=version)
