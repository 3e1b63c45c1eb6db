"""The printed forms of a dossier (Circular 01/2018/TT-VPCP, Circular 03/2025/TT-VPCP) as PDF.

    render_form(dossier, form, *, event=None) -> bytes    A5 portrait
    render_register(agency, start, end) -> bytes          A4 landscape (Sổ theo dõi hồ sơ)
    available_forms(dossier) -> list[str]                 the forms that exist for it now

Numbers and titles come from `regime.form_title(dossier.regime, form)`: the regime fixed
when the dossier got its code decides (2018: 01-06, control slip 05, register 06; 2025:
01-07, stop notice 05, control slip 06, register 07). Everything printed comes from the
dossier, its events, steps, documents and apologies; a value the data does not hold is
left as a dotted blank for the clerk, never made up. Form labels are Vietnamese by law.

Which event a form prints
-------------------------
A form exists when an event of the dossier's history produced it (`Event.form`, set by the
transition table), except the control slip, which exists once the dossier was received.
Without `event` the latest producing event is printed: after a supplement is received
(`receive_supplement`, form 01 again) the receipt shows that moment and its new
appointment; `event=` prints an earlier one (the first receipt, an earlier form 02...).
- 01 receipt: `receive` / `accept` / `receive_supplement`. Documents: the dossier's
  `ReceivedDocument` lines that existed at that event (the first N by id, N = the length of
  the event's `data["documents"]` snapshot), without the lines re-ticked away at reception
  (position 0). Appointment: the event's `due_at`. Receiver: the event's officer (the
  reception's officer when the applicant sent the supplement online).
- 02 supplement request: `request_completion` (the desk, before reception) or
  `request_supplement` (the competent agency, after appraisal): `data["missing"]`, reason,
  who asked.
- 03 refusal at reception: `refuse`, its reason.
- 04 apology: `approve_apology`; the `Apology` named in `data["apology"]` (reason, previous
  and new appointment); signed by the approving leader.
- 05 stop notice (2025 only): `stop`, its reason.

Control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ): one row per handover
-------------------------------------------------------------------------------
The log of events is the source of truth for *when* and *who*; the step plan tells *to
which agency* the dossier went next. Steps can be sent back and done again, so a row never
reads a step's current `finished_at`/`timeliness`: it is judged on the event itself,
`classify(event.at, event.step_due_at)` with the agency's working calendar (the same rule
`steps.finish` applies). Rows, in `seq` order:

| event | Bên giao (agency, person) | Bên nhận (agency) | result |
|---|---|---|---|
| transfer | the desk, the officer | the next stage after the reception step | reception step |
| complete_step (process step) | the step's agency, the actor | the next stage after it | the step |
| complete_step (consultation) | the consulted agency | the consulting agency | the answer |
| consult | the consulting step's agency | every consulted agency | - |
| hand_over | the step's agency | the agency handed over to | the step |
| send_back | the sender's agency | the agency of the stage sent back to | - |
| approve / refuse_result | the step's agency, the leader | the next stage (the desk) | the step |
| request_supplement | the agency | the applicant | - |
| receive_supplement | the applicant | the desk | - |
| approve_apology | the agency, the leader | the desk (updates the appointment) | - |
| return | the desk, the officer | the applicant | the return step |
| stop / withdraw / reassign_agency | who did it | - | - (a note) |

"The next stage" is the lowest stage above the giver's among the top-level steps that were
reached or are still to come (skipped steps never started are left out). The taker's person
is whoever acted next at the taking agency (the first later event there), the applicant for
the applicant. While the dossier is open (and no `event` limits the slip), the handovers
still to come follow as rows with blank time and names, one per open top-level step, its
due time in the notes, so the paper can be filled in by hand.

Register (Sổ theo dõi hồ sơ)
----------------------------
Dossiers received (`received_at`, local dates, both ends included) whose desk or competent
agency is in the agency's subtree or lineage (merged units), in reception order: one query
with select_related, at most REGISTER_MAX_ROWS rows (REGISTER_MAX_ROWS_HTTP through the
API: WeasyPrint takes 20-40 ms a row). The form number is the one in force on
the last day of the range.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, Role
from motcua.agencies.policy import agencies_in_scope
from motcua.agencies.services import administrative_unit, lineage_ids
from motcua.core.text import nfc
from motcua.dossiers.models import (
    Apology,
    ApologyStatus,
    Dossier,
    DossierStep,
    Event,
    Outcome,
    ReceivedDocument,
    Regime,
    ReturnMethod,
    StepKind,
    StepStatus,
)
from motcua.dossiers.regime import FormTitle, form_title, regime_on
from motcua.dossiers.workflow import CLOCK_RUNNING, Action, Form, Status
from motcua.printing.dates import short_datetime
from motcua.printing.render import render_pdf
from motcua.worktime.services import calendar_for
from motcua.worktime.sessions import TZ

REGISTER = "register"
REGISTER_MAX_ROWS = 5000
# WeasyPrint lays out a register row in 20-40 ms: 500 rows stay well inside a web worker's
# timeout (gunicorn: 30 s); longer registers are for `motcua dossier register`.
REGISTER_MAX_ROWS_HTTP = 500
REGISTER_YEARS = (1990, 2100)  # reception dates a register may cover
FORMS: tuple[str, ...] = tuple(f.value for f in Form)

TEMPLATES = {form: f"dossiers/forms/{form}.html" for form in FORMS}
REGISTER_TEMPLATE = "dossiers/forms/register.html"

TIMELINESS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}
UNIT_LABELS = {
    "working_days": "ngày làm việc",
    "days": "ngày",
    "months": "tháng",
    "hours": "giờ làm việc",
}
STATUS_LABELS = {
    Status.DRAFT: "Bản nháp",
    Status.SUBMITTED: "Mới đăng ký",
    Status.INCOMPLETE: "Chờ hoàn thiện hồ sơ",
    Status.RECEIVED: "Đã tiếp nhận",
    Status.IN_PROCESS: "Đang giải quyết",
    Status.SUPPLEMENT: "Chờ bổ sung hồ sơ",
    Status.FINANCIAL: "Chờ thực hiện nghĩa vụ tài chính",
    Status.INTERLINKED: "Đang giải quyết (liên thông)",
    Status.RESULT_READY: "Đã có kết quả",
    Status.RETURNED: "Đã trả kết quả",
    Status.REFUSED: "Từ chối tiếp nhận",
    Status.WITHDRAWN: "Rút hồ sơ",
    Status.STOPPED: "Dừng giải quyết",
}
RETURN_METHODS = {
    ReturnMethod.COUNTER: "Tại Bộ phận Một cửa",
    ReturnMethod.ONLINE: "Trực tuyến",
    ReturnMethod.POST: "Qua dịch vụ bưu chính công ích",
}
_STAFF_ROLES = {Role.OFFICER, Role.SPECIALIST, Role.LEADER}
_PLACE_PREFIXES = ("ủy ban nhân dân ", "uỷ ban nhân dân ", "ubnd ")


class FormUnavailable(ValidationError):
    """The form does not exist for this dossier: unknown, not produced, or not under its
    regime. The API answers 404."""


# --- small helpers ------------------------------------------------------------------------


def public_url() -> str:
    return getattr(settings, "MOTCUA_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")


def lookup_url(dossier: Dossier) -> str:
    """The public lookup page of the dossier (code and secret, as on the receipt)."""
    query = urlencode({"code": dossier.code or "", "secret": dossier.secret})
    return f"{public_url()}/tra-cuu/?{query}"


def statutory_time(amount: Decimal | None, unit: str) -> str:
    """'03 ngày làm việc', '0,5 ngày làm việc', '15 ngày', '04 giờ làm việc'; '' if unknown."""
    if amount is None or unit not in UNIT_LABELS:
        return ""
    value = Decimal(amount)
    if value == value.to_integral_value():
        number = f"{int(value):02d}"
    else:
        number = format(value.normalize(), "f").replace(".", ",")
    return f"{number} {UNIT_LABELS[unit]}"


def place_of(agency: Agency) -> str:
    """The place on the date line: the administrative unit's name without "Ủy ban nhân dân"
    ("Ủy ban nhân dân phường Sài Gòn" -> "Phường Sài Gòn"); '' (a blank) when its name does
    not say it."""
    name = nfc(administrative_unit(agency).name).strip()
    for prefix in _PLACE_PREFIXES:
        if name.casefold().startswith(prefix):
            rest = name[len(prefix) :].strip()
            return rest[:1].upper() + rest[1:]
    return ""


def _issuer(agency: Agency) -> dict[str, Any]:
    parent = agency.parent
    return {
        "agency_parent": parent.name if parent is not None else "",
        "agency_name": agency.name,
        "place": place_of(agency),
    }


def _desk_label(desk: Agency) -> str:
    """Name and address of the desk where results are collected."""
    parent = desk.parent
    name = desk.desk_name if (desk.desk_name and not desk.is_desk) else desk.name
    address = desk.desk_address or desk.address
    if not address and parent is not None:
        address = parent.desk_address or parent.address
    return f"{name}, {address}" if address else name


def _submitter(dossier: Dossier) -> str:
    return dossier.representative_name or dossier.applicant_name


def _applicant(dossier: Dossier) -> dict[str, str]:
    return {
        "name": dossier.applicant_name,
        "representative": dossier.representative_name,
        "address": dossier.applicant_address,
        "phone": dossier.applicant_phone or dossier.representative_phone,
        "email": dossier.applicant_email,
    }


def _request(dossier: Dossier) -> str:
    return dossier.summary or dossier.procedure_version.name


def _title(dossier: Dossier, form: str) -> FormTitle:
    title = form_title(dossier.regime, form)
    if title is None:
        raise FormUnavailable(
            _(
                "The %(regime)s regime has no such form: the stop notice exists only for "
                "dossiers received from 1/7/2025 (Circular 03/2025)."
            )
            % {"regime": dossier.regime},
            code="regime",
        )
    return title


def _is_staff_event(event: Event | None) -> bool:
    return event is not None and event.role in _STAFF_ROLES


def _authority(dossier: Dossier, event: Event) -> Agency:
    """The agency speaking in a letter to the applicant: the actor's agency, or the
    competent agency when the actor acted at the desk (or was not staff)."""
    if event.agency_id and event.agency_id != dossier.desk_id:
        return event.agency
    return dossier.agency


# --- which forms exist --------------------------------------------------------------------


def form_events(dossier: Dossier) -> dict[str, list[int]]:
    """Form -> the `seq` of the events that produced it, in order (one query)."""
    found: dict[str, list[int]] = {}
    rows = dossier.events.exclude(form="").order_by("seq").values_list("form", "seq")
    for form, seq in rows:
        found.setdefault(form, []).append(seq)
    if dossier.received_at is not None:
        found.setdefault(Form.CONTROL_SLIP, [])
    return {
        form: found[form]
        for form in FORMS
        if form in found and form_title(dossier.regime, form) is not None
    }


def available_forms(dossier: Dossier) -> list[str]:
    """The forms that exist for `dossier` now, in the order of workflow.Form."""
    return list(form_events(dossier))


def _events(dossier: Dossier):
    return dossier.events.select_related("agency", "agency__parent", "step", "step__agency")


def _producing_event(dossier: Dossier, form: str, event: Event | None) -> Event | None:
    if event is not None:
        if event.dossier_id != dossier.pk or event.form != form:
            raise FormUnavailable(
                _("Event %(seq)s of dossier %(code)s did not produce this form.")
                % {"seq": event.seq, "code": dossier.key},
                code="event",
            )
        return _events(dossier).get(pk=event.pk)
    if form == Form.CONTROL_SLIP:
        if dossier.received_at is None:
            raise FormUnavailable(
                _("Dossier %(code)s has not been received: it has no control slip yet.")
                % {"code": dossier.key},
                code="not_produced",
            )
        return None
    found = _events(dossier).filter(form=form).order_by("-seq").first()
    if found is None:
        raise FormUnavailable(
            _("Dossier %(code)s has no such form: no step of its history produced it.")
            % {"code": dossier.key},
            code="not_produced",
        )
    return found


# --- the forms ----------------------------------------------------------------------------


@dataclass
class FormDocument:
    template: str
    context: dict[str, Any]


def render_form(dossier: Dossier, form: str, *, event: Event | None = None) -> bytes:
    """Form `form` (a workflow.Form value) of `dossier` as an A5 PDF.

    `event`: print the form as that event produced it (default: the latest such event).
    Raises FormUnavailable (a ValidationError) when the form does not exist for it.
    """
    doc = form_document(dossier, form, event=event)
    return render_pdf(doc.template, doc.context, page="A5")


def form_document(dossier: Dossier, form: str, *, event: Event | None = None) -> FormDocument:
    """The template and context of a form (render_form without the PDF)."""
    if form not in FORMS:
        raise FormUnavailable(_("Unknown form “%(form)s”.") % {"form": form}, code="unknown")
    title = _title(dossier, form)
    produced = _producing_event(dossier, form, event)
    context: dict[str, Any] = {
        "form_number": title.number,
        "title": title.title,
        "code": dossier.code or "",
        "applicant": _applicant(dossier),
        "request": _request(dossier),
        "procedure": dossier.procedure_version.name,
        "procedure_code": dossier.procedure.code,
        "qr_url": lookup_url(dossier) if dossier.code else "",
        "lookup_page": f"{public_url()}/tra-cuu/",
        "qr_caption": (
            f"Quét mã QR hoặc tra cứu tại {public_url()}/tra-cuu/ với mã hồ sơ {dossier.code} "
            f"và mã tra cứu {dossier.secret}."
        ),
    }
    builder = _BUILDERS[form]
    builder(dossier, produced, context)
    return FormDocument(TEMPLATES[form], context)


def _receipt(dossier: Dossier, event: Event, ctx: dict[str, Any]) -> None:
    desk = dossier.desk
    reception = (
        dossier.events.filter(action__in=[Action.RECEIVE, Action.ACCEPT]).order_by("seq").first()
    )
    if _is_staff_event(event):
        receiver = event.actor_name
    else:
        receiver = reception.actor_name if reception is not None else ""
    day, number = _book_entry(dossier)
    if dossier.return_method == ReturnMethod.POST:
        collect = f"{RETURN_METHODS[ReturnMethod.POST]}, địa chỉ: {dossier.return_address}"
    elif dossier.return_method == ReturnMethod.ONLINE:
        collect = f"{RETURN_METHODS[ReturnMethod.ONLINE]} (Cổng Dịch vụ công)"
    else:
        collect = _desk_label(desk)
    ctx.update(_issuer(desk))
    ctx.update(
        issued_on=event.at,
        desk_name=desk.name,
        documents=_documents_at(dossier, event),
        sets=f"{dossier.sets:02d}",
        statutory_time=statutory_time(dossier.time_amount, dossier.time_unit),
        received_at=dossier.received_at,
        supplement_at=event.at if event.action == Action.RECEIVE_SUPPLEMENT else None,
        due_at=event.due_at,
        collect=collect,
        book=str(day.year) if day else "",
        book_number=number,
        book_day=day,
        secret=dossier.secret,
        signatures=[
            {"title": "Người nộp hồ sơ", "name": _submitter(dossier)},
            {"title": "Người tiếp nhận hồ sơ", "name": receiver},
        ],
    )


def _book_entry(dossier: Dossier) -> tuple[date | None, str]:
    """The day and the sequence number (NNNN) of the dossier code: its line in the desk's
    register of that year."""
    parts = (dossier.code or "").rsplit("-", 2)
    if len(parts) != 3:
        return None, ""
    try:
        day = datetime.strptime(parts[1], "%y%m%d").date()
    except ValueError:
        return None, parts[2]
    return day, parts[2]


def _documents_at(dossier: Dossier, event: Event) -> list[dict[str, Any]]:
    lines = list(ReceivedDocument.objects.filter(dossier=dossier).order_by("id"))
    snapshot = event.data.get("documents") if isinstance(event.data, dict) else None
    if isinstance(snapshot, list):
        lines = lines[: len(snapshot)]
    kept = sorted((d for d in lines if d.position > 0), key=lambda d: (d.position, d.id))
    return [
        {
            "number": i,
            "name": d.name,
            "originals": d.originals,
            "copies": d.copies,
            "note": d.note,
        }
        for i, d in enumerate(kept, start=1)
    ]


def _supplement(dossier: Dossier, event: Event, ctx: dict[str, Any]) -> None:
    before_reception = event.action == Action.REQUEST_COMPLETION
    issuer = dossier.desk if before_reception else _authority(dossier, event)
    contact = issuer.phone or dossier.desk.phone
    deadline = event.data.get("deadline") if not before_reception else None
    ctx.update(_issuer(issuer))
    ctx.update(
        issued_on=event.at,
        asked_at=event.at,
        after_appraisal=not before_reception,
        missing=[str(m) for m in event.data.get("missing", [])],
        reason=event.reason,
        asked_by=event.actor_name,
        asked_by_agency=issuer.name,
        contact_phone=contact,
        window_end=datetime.fromisoformat(deadline) if deadline else None,
        received_at=dossier.received_at,
        signatures=[{"title": "Người hướng dẫn", "name": event.actor_name}],
    )


def _refusal(dossier: Dossier, event: Event, ctx: dict[str, Any]) -> None:
    """At reception the desk refuses (art. 18); after appraisal the competent agency does,
    on the same form, through the desk (art. 19.8)."""
    after_appraisal = event.action == Action.REFUSE_RESULT
    speaker = _authority(dossier, event) if after_appraisal else dossier.desk
    signer = "Lãnh đạo cơ quan giải quyết" if after_appraisal else "Người tiếp nhận hồ sơ"
    ctx.update(_issuer(speaker))
    ctx.update(
        issued_on=event.at,
        desk_name=dossier.desk.name,
        speaker_name=speaker.name,
        after_appraisal=after_appraisal,
        received_at=dossier.received_at,
        reason=event.reason,
        signatures=[{"title": signer, "name": event.actor_name}],
    )


def _apology(dossier: Dossier, event: Event, ctx: dict[str, Any]) -> None:
    apology = None
    if isinstance(event.data.get("apology"), int):
        apology = Apology.objects.filter(dossier=dossier, pk=event.data["apology"]).first()
    if apology is None:  # an event without the id: the approval decided at that instant
        apology = (
            Apology.objects.filter(
                dossier=dossier, status=ApologyStatus.APPROVED, decided_at=event.at
            )
            .order_by("-id")
            .first()
        )
    authority = _authority(dossier, event)
    previous = apology.previous_due_at if apology else _instant(event.data.get("previous_due_at"))
    new = apology.new_due_at if apology else _instant(event.data.get("new_due_at"))
    ctx.update(_issuer(authority))
    ctx.update(
        issued_on=event.at,
        authority=authority.name,
        desk_name=dossier.desk.name,
        received_at=dossier.received_at,
        reason=apology.reason if apology else event.reason,
        previous_due_at=previous,
        new_due_at=new,
        r2025=dossier.regime == Regime.R2025,
        signatures=[
            {
                "title": "Thủ trưởng cơ quan",
                "name": event.actor_name,
                "hint": "(Ký, ghi rõ họ tên và đóng dấu)",
            }
        ],
    )


def _instant(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _stop(dossier: Dossier, event: Event, ctx: dict[str, Any]) -> None:
    authority = _authority(dossier, event)
    ctx.update(_issuer(authority))
    ctx.update(
        issued_on=event.at,
        authority=authority.name,
        desk_name=dossier.desk.name,
        received_at=dossier.received_at,
        stopped_at=event.at,
        reason=event.reason,
        signatures=[
            {
                "title": "Thủ trưởng cơ quan",
                "name": event.actor_name,
                "hint": "(Ký, ghi rõ họ tên và đóng dấu)",
            }
        ],
    )


# --- control slip -------------------------------------------------------------------------


@dataclass
class _Party:
    """One side of a handover: agencies (names) or the applicant."""

    agencies: list[Agency]
    applicant: bool = False

    def label(self, dossier: Dossier) -> str:
        if self.applicant:
            return f"Tổ chức, cá nhân: {dossier.applicant_name}"
        return "; ".join(dict.fromkeys(a.name for a in self.agencies))


@dataclass
class _Row:
    giver: _Party
    taker: _Party
    at: datetime | None = None
    giver_name: str = ""
    taker_name: str = ""
    result: str = ""
    note: str = ""
    seq: int | None = None  # the handover's event


def _control_slip(dossier: Dossier, event: Event | None, ctx: dict[str, Any]) -> None:
    events = list(_events(dossier).order_by("seq"))
    if event is not None:
        events = [e for e in events if e.seq <= event.seq]
    steps = list(
        DossierStep.objects.filter(dossier=dossier)
        .select_related("agency")
        .order_by("stage", "order", "id")
    )
    codes = {
        code
        for e in events
        for code in (
            [a.get("agency") for a in e.data.get("agencies", []) if isinstance(a, dict)]
            if e.action == Action.CONSULT
            else [e.data.get("agency")]
            if e.action == Action.HAND_OVER
            else []
        )
        if code
    }
    by_code = {a.code: a for a in Agency.objects.filter(code__in=codes)} if codes else {}
    cal = calendar_for(dossier.agency)
    rows = _slip_rows(dossier, events, steps, by_code, cal)
    if event is None and dossier.status not in (
        Status.RETURNED,
        Status.REFUSED,
        Status.WITHDRAWN,
        Status.STOPPED,
    ):
        rows += _planned_rows(dossier, steps)
    reception = next((e for e in events if e.action in (Action.RECEIVE, Action.ACCEPT)), None)
    partners = [s.agency for s in steps if s.kind in (StepKind.CONSULT, StepKind.HANDOVER)]
    ctx.update(_issuer(dossier.desk))
    ctx.update(
        issued_on=event.at if event is not None else timezone.now(),
        received_at=dossier.received_at,
        receiver=reception.actor_name if reception is not None else "",
        due_at=event.due_at if event is not None else dossier.due_at,
        original_due_at=dossier.original_due_at,
        finished_at=dossier.finished_at if event is None else None,
        timeliness=TIMELINESS.get(dossier.timeliness, "") if event is None else "",
        competent=dossier.agency.name,
        partners="; ".join(dict.fromkeys(a.name for a in partners)),
        rows=[
            {
                "giver": r.giver.label(dossier),
                "taker": r.taker.label(dossier),
                "at": r.at,
                "giver_name": r.giver_name,
                "taker_name": r.taker_name,
                "result": r.result,
                "note": r.note,
            }
            for r in rows
        ],
        qr_url="",
    )


def _reached(steps: list[DossierStep]) -> list[DossierStep]:
    """Top-level steps the dossier went through or may still go through."""
    return [
        s
        for s in steps
        if s.parent_id is None and not (s.status == StepStatus.SKIPPED and s.started_at is None)
    ]


def _next_party(dossier: Dossier, steps: list[DossierStep], step: DossierStep | None) -> _Party:
    """Who takes the dossier after `step`: the next stage's agencies; after the last stage
    the applicant (a desk's step) or the desk."""
    reached = _reached(steps)
    after = [s for s in reached if step is None or s.stage > step.stage]
    if after:
        stage = min(s.stage for s in after)
        return _Party([s.agency for s in after if s.stage == stage])
    if step is not None and step.agency_id == dossier.desk_id:
        return _Party([], applicant=True)
    return _Party([dossier.desk])


def _judge(cal, event: Event) -> str:
    if event.step_due_at is None:
        return ""
    return TIMELINESS.get(cal.classify(event.at, event.step_due_at).value, "")


def _slip_rows(dossier, events, steps, by_code, cal) -> list[_Row]:
    applicant = _Party([], applicant=True)
    desk = _Party([dossier.desk])
    rows: list[_Row] = []
    for e in events:
        actor = _Party([e.agency] if e.agency_id else [dossier.desk])
        step = e.step
        row: _Row | None = None
        if e.action == Action.TRANSFER:
            row = _Row(desk, _next_party(dossier, steps, step), result=_judge(cal, e))
            row.note = "Chuyển hồ sơ đến cơ quan giải quyết"
        elif e.action == Action.COMPLETE_STEP and step is not None:
            if step.parent_id is not None:
                parent = next((s for s in steps if s.pk == step.parent_id), None)
                taker = _Party([parent.agency]) if parent is not None else actor
                row = _Row(_Party([step.agency]), taker, result=_judge(cal, e))
                row.note = f"Trả lời lấy ý kiến: {step.name}"
            else:
                taker = _next_party(dossier, steps, step)
                row = _Row(_Party([step.agency]), taker, result=_judge(cal, e), note=step.name)
        elif e.action == Action.CONSULT:
            consulted = [
                by_code[a["agency"]]
                for a in e.data.get("agencies", [])
                if isinstance(a, dict) and a.get("agency") in by_code
            ]
            mode = "tuần tự" if e.data.get("mode") == "sequential" else "song song"
            giver = _Party([step.agency]) if step is not None else actor
            row = _Row(giver, _Party(consulted), note=f"Lấy ý kiến ({mode})")
        elif e.action == Action.HAND_OVER:
            target = by_code.get(e.data.get("agency"))
            giver = _Party([step.agency]) if step is not None else actor
            row = _Row(giver, _Party([target] if target else []), result=_judge(cal, e))
            row.note = f"Chuyển cơ quan có thẩm quyền giải quyết: {e.reason}".rstrip(": ")
        elif e.action == Action.SEND_BACK:
            taker = _Party([step.agency]) if step is not None else actor
            row = _Row(actor, taker, note=f"Trả lại bước trước: {e.reason}".rstrip(": "))
        elif e.action in (Action.APPROVE, Action.REFUSE_RESULT):
            giver = _Party([step.agency]) if step is not None else actor
            row = _Row(giver, _next_party(dossier, steps, step), result=_judge(cal, e))
            row.note = (
                "Phê duyệt, có kết quả"
                if e.action == Action.APPROVE
                else f"Từ chối giải quyết: {e.reason}".rstrip(": ")
            )
        elif e.action == Action.REQUEST_SUPPLEMENT:
            missing = "; ".join(str(m) for m in e.data.get("missing", []))
            row = _Row(actor, applicant, note=f"Yêu cầu bổ sung: {missing}".rstrip(": "))
        elif e.action == Action.RECEIVE_SUPPLEMENT:
            row = _Row(applicant, desk, note="Nhận hồ sơ bổ sung; hẹn trả kết quả mới")
            if e.due_at is not None:
                row.note += f" {short_datetime(e.due_at)}"
            row.giver_name = e.actor_name if e.role == "applicant" else _submitter(dossier)
            if _is_staff_event(e):
                row.taker_name = e.actor_name
        elif e.action == Action.APPROVE_APOLOGY:
            row = _Row(actor, desk, note="Xin lỗi, hẹn lại ngày trả kết quả")
            if e.due_at is not None:
                row.note += f": {short_datetime(e.due_at)}"
        elif e.action == Action.RETURN:
            row = _Row(desk, applicant, result=_judge(cal, e))
            method = RETURN_METHODS.get(e.data.get("method") or dossier.return_method, "")
            row.note = f"Trả kết quả ({method.lower()})" if method else "Trả kết quả"
            row.taker_name = _submitter(dossier)
        elif e.action in (Action.STOP, Action.WITHDRAW, Action.REASSIGN_AGENCY):
            label = {
                Action.STOP: "Dừng giải quyết",
                Action.WITHDRAW: "Rút hồ sơ theo yêu cầu",
                Action.REASSIGN_AGENCY: "Chuyển cơ quan do sắp xếp đơn vị hành chính",
            }[Action(e.action)]
            giver = applicant if e.role == "applicant" else actor
            row = _Row(giver, _Party([]), note=f"{label}: {e.reason}".rstrip(": "))
        if row is None:
            continue
        row.at = e.at
        row.seq = e.seq
        if not row.giver_name:
            row.giver_name = e.actor_name if e.role != "system" else ""
        rows.append(row)
    _fill_takers(rows, events)
    return rows


def _fill_takers(rows: list[_Row], events: list[Event]) -> None:
    """The taking person: whoever acted next at the taking agency."""
    for row in rows:
        if row.taker_name or row.taker.applicant or not row.taker.agencies:
            continue
        wanted = {a.pk for a in row.taker.agencies}
        later = next(
            (
                e
                for e in events
                if e.seq > (row.seq or 0) and e.agency_id in wanted and _is_staff_event(e)
            ),
            None,
        )
        if later is not None:
            row.taker_name = later.actor_name


def _planned_rows(dossier: Dossier, steps: list[DossierStep]) -> list[_Row]:
    rows = []
    for step in _reached(steps):
        if step.status not in (StepStatus.ACTIVE, StepStatus.WAITING, StepStatus.PENDING):
            continue
        state = "Đang xử lý" if step.status != StepStatus.PENDING else "Chưa đến bước"
        note = f"{state}: {step.name}"
        if step.due_at is not None:
            note += f"; hạn {short_datetime(step.due_at)}"
        rows.append(_Row(_Party([step.agency]), _next_party(dossier, steps, step), note=note))
    return rows


_BUILDERS = {
    Form.RECEIPT: _receipt,
    Form.SUPPLEMENT: _supplement,
    Form.REFUSAL: _refusal,
    Form.APOLOGY: _apology,
    Form.STOP: _stop,
    Form.CONTROL_SLIP: _control_slip,
}


# --- register -----------------------------------------------------------------------------

REGISTER_COLUMNS = [
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Có kết quả",
    "Trả kết quả",
    "Ghi chú",
]


def register_agencies(user) -> QuerySet[Agency]:
    """Agencies whose register `user` may print: any role covering the agency
    (agencies.policy.agencies_in_scope). Used by the API, the exports and their pages."""
    return agencies_in_scope(user)


def check_register_access(user, agency: Agency) -> None:
    """PermissionDenied unless `user` may print the register of `agency`."""
    if not register_agencies(user).filter(pk=agency.pk).exists():
        raise PermissionDenied(_("You hold no role covering this agency."))


def register_dossiers(agency: Agency, start: date, end: date):
    """The register's queryset: received in [start, end] (local dates), desk or competent
    agency in the agency's lineage, in reception order."""
    if end < start:
        raise ValidationError(
            {"to": [_("The end of the period is before its start.")]}, code="range"
        )
    for name, day in (("from", start), ("to", end)):
        if not REGISTER_YEARS[0] <= day.year <= REGISTER_YEARS[1]:
            raise ValidationError(
                {
                    name: [
                        _("Give a date between %(first)s and %(last)s.")
                        % {"first": REGISTER_YEARS[0], "last": REGISTER_YEARS[1]}
                    ]
                },
                code="range",
            )
    ids = lineage_ids(agency)
    since = datetime.combine(start, time.min, tzinfo=TZ)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=TZ)
    return (
        Dossier.objects.filter(Q(desk_id__in=ids) | Q(agency_id__in=ids))
        .filter(received_at__gte=since, received_at__lt=until)
        .select_related("procedure_version", "agency")
        .order_by("received_at", "id")
    )


def _remarks(d: Dossier, now: datetime) -> str:
    notes = [STATUS_LABELS.get(d.status, d.status)]
    if d.outcome == Outcome.REFUSED:
        notes.append("Từ chối giải quyết")
    if d.timeliness:
        notes.append(TIMELINESS[d.timeliness])
    elif d.status in CLOCK_RUNNING and d.due_at is not None and d.due_at < now:
        notes.append("Quá hạn")
    if d.apology_count:
        notes.append("Đã xin lỗi, hẹn lại ngày trả kết quả")
    if d.supplement_count:
        notes.append(f"Yêu cầu bổ sung {d.supplement_count:02d} lần")
    if d.interlinked:
        notes.append("Liên thông")
    return "; ".join(notes)


def _register_row(number: int, d: Dossier, now: datetime) -> list[str]:
    due = short_datetime(d.due_at)
    if d.original_due_at and d.due_at and d.original_due_at != d.due_at:
        due += f" (hẹn lần đầu {short_datetime(d.original_due_at)})"
    applicant = d.applicant_name
    if d.representative_name:
        applicant += f" (người đại diện: {d.representative_name})"
    contact = ", ".join(
        x for x in (d.applicant_address, d.applicant_phone or d.representative_phone) if x
    )
    return [
        str(number),
        d.code or "",
        d.procedure_version.name,
        f"{d.sets:02d}",
        applicant,
        contact,
        d.agency.name,
        short_datetime(d.received_at),
        due,
        short_datetime(d.transferred_at),
        short_datetime(d.finished_at),
        short_datetime(d.returned_at),
        _remarks(d, now),
    ]


def render_register(
    agency: Agency, start: date, end: date, *, max_rows: int | None = None
) -> bytes:
    """The register (Sổ theo dõi hồ sơ) of `agency` for dossiers received from `start` to
    `end` (both included), A4 landscape. ValidationError for a bad range or more than
    `max_rows` dossiers (default REGISTER_MAX_ROWS)."""
    doc = register_document(agency, start, end, max_rows=max_rows)
    return render_pdf(doc.template, doc.context, page="A4", landscape=True)


def register_document(
    agency: Agency, start: date, end: date, *, max_rows: int | None = None
) -> FormDocument:
    limit = REGISTER_MAX_ROWS if max_rows is None else min(max_rows, REGISTER_MAX_ROWS)
    dossiers = list(register_dossiers(agency, start, end)[: limit + 1])
    if len(dossiers) > limit:
        raise ValidationError(
            _(
                "More than %(max)s dossiers were received in this period: print the register "
                "for a shorter period."
            )
            % {"max": limit},
            code="too_many",
        )
    title = form_title(regime_on(end), REGISTER)
    now = timezone.now()
    parent = agency.parent
    context = {
        "form_number": title.number,
        "title": title.title,
        "agency_parent": parent.name if parent is not None else "",
        "agency_name": agency.name,
        "start": start,
        "end": end,
        "columns": REGISTER_COLUMNS,
        "rows": [_register_row(i, d, now) for i, d in enumerate(dossiers, start=1)],
        "count": len(dossiers),
        "printed_at": now,
    }
    return FormDocument(REGISTER_TEMPLATE, context)
