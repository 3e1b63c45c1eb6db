"""What each action does beyond the table: one handler per Action, called by engine.perform.

Handlers validate their own input (ValidationError, nothing written yet matters because the
engine's transaction rolls back), change the dossier and its steps, and tell the engine the
target status when the table lists several.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from motcua.agencies.models import Role
from motcua.agencies.policy import works_for
from motcua.agencies.services import agency_by_code
from motcua.core.users import person
from motcua.dossiers.models import (
    Apology,
    ApologyStatus,
    Attachment,
    AttachmentKind,
    Channel,
    DossierStep,
    Outcome,
    ReturnMethod,
    StepKind,
    StepStatus,
)
from motcua.dossiers.permissions import is_owner
from motcua.dossiers.services import clock, intake
from motcua.dossiers.services import steps as plan
from motcua.dossiers.services.engine import Ctx, handles
from motcua.dossiers.workflow import Action, Status
from motcua.printing.dates import short_datetime
from motcua.worktime.units import DurationUnit


def _instant(value, field: str) -> datetime:
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = parse_datetime(str(value or "")) if value else None
        except ValueError:  # well formed but impossible, e.g. month 13
            parsed = None
    if parsed is None:
        raise ValidationError({field: [_("Give a date and time, e.g. 2025-03-15T16:30+07:00.")]})
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _amount(ctx: Ctx, field: str = "amount", unit_field: str = "unit") -> tuple[Decimal, str]:
    raw, unit = ctx.arg(field), ctx.arg(unit_field) or DurationUnit.WORKING_DAYS
    try:
        amount = Decimal(str(raw))
    except Exception:
        raise ValidationError({field: [_("Give a number.")]}) from None
    if not amount.is_finite() or amount <= 0 or unit not in DurationUnit.values:
        raise ValidationError({field: [_("Give a positive time in a known unit.")]})
    return amount, unit


def _missing(ctx: Ctx) -> list[str]:
    items = [str(m).strip() for m in (ctx.arg("missing") or []) if str(m).strip()]
    if not items:
        raise ValidationError(
            {"missing": [_("List everything that is missing, all at once.")]}, code="missing"
        )
    return items


def _working_status(ctx: Ctx) -> Status:
    return plan.working_status(ctx.steps)


# --- before reception --------------------------------------------------------------------


def _intake_lines(ctx: Ctx) -> list:
    return intake.intake_documents(ctx.dossier, ctx.arg("documents"))


@handles(Action.CREATE_DRAFT)
def create_draft(ctx: Ctx) -> None:
    if ctx.dossier.channel != Channel.ONLINE:
        raise ValidationError({"channel": [_("Online submissions use channel 2.")]})
    intake.record_documents(ctx.dossier, _intake_lines(ctx))


@handles(Action.EDIT_DRAFT)
def edit_draft(ctx: Ctx) -> None:
    """Replace what the applicant gave (`intake`, validated like a new dossier); the
    checklist too when `intake.documents` lists it."""
    data = ctx.arg("intake")
    if not isinstance(data, intake.Intake):
        raise ValidationError(_("Nothing to change."))
    fresh = intake.prepare(data, at=ctx.at, owner=ctx.dossier.owner)
    if fresh.procedure_id != ctx.dossier.procedure_id:
        raise ValidationError(
            {"procedure": [_("A draft keeps its procedure: start a new dossier instead.")]}
        )
    if fresh.channel != Channel.ONLINE:
        raise ValidationError({"channel": [_("Online submissions use channel 2.")]})
    changed = [
        name for name in intake.EDITABLE if getattr(fresh, name) != getattr(ctx.dossier, name)
    ]
    for name in changed:
        setattr(ctx.dossier, name, getattr(fresh, name))
    if data.documents:
        intake.record_documents(ctx.dossier, data.documents, replace=True)
        changed.append("documents")
    ctx.data["changed"] = changed
    ctx.target = Status(ctx.before)


@handles(Action.SUBMIT)
def submit(ctx: Ctx) -> None:
    ctx.dossier.submitted_at = ctx.at
    ctx.data["documents"] = intake.document_summary(ctx.dossier)


def _start(ctx: Ctx) -> None:
    # The officer gives the time when neither the catalogue nor a process does (intake.
    # time_needed); statutory_time uses it only then.
    if ctx.arg("time_amount") not in (None, ""):
        ctx.dossier.time_amount, ctx.dossier.time_unit = _amount(ctx, "time_amount", "time_unit")
    if ctx.before is None:
        intake.record_documents(ctx.dossier, _intake_lines(ctx))
    elif ctx.arg("documents") is not None:
        intake.record_documents(ctx.dossier, ctx.arg("documents"), replace=True)
    intake.take_snapshot(ctx.dossier, ctx.at)
    ctx.steps = intake.create_plan(ctx.dossier)
    ctx.changed_steps = True
    ctx.notices.append("received")
    ctx.data["documents"] = intake.document_summary(ctx.dossier)


@handles(Action.RECEIVE)
def receive(ctx: Ctx) -> None:
    if ctx.dossier.channel == 2 and ctx.before is None:
        raise ValidationError(_("Online dossiers are submitted by the applicant, then accepted."))
    _start(ctx)


@handles(Action.ACCEPT)
def accept(ctx: Ctx) -> None:
    _start(ctx)


@handles(Action.REQUEST_COMPLETION)
def request_completion(ctx: Ctx) -> None:
    if ctx.before is None:
        intake.record_documents(ctx.dossier, _intake_lines(ctx))
    ctx.data["missing"] = _missing(ctx)
    ctx.notices.append("incomplete")


@handles(Action.REFUSE)
def refuse(ctx: Ctx) -> None:
    if ctx.before is None:
        intake.record_documents(ctx.dossier, _intake_lines(ctx))
    ctx.dossier.closed_at = ctx.at
    ctx.notices.append("refused")


# --- processing ---------------------------------------------------------------------------


@handles(Action.TRANSFER)
def transfer(ctx: Ctx) -> None:
    dossier, cal = ctx.dossier, ctx.cal
    dossier.transferred_at = ctx.at
    for step in plan.active(ctx.steps):
        if step.role == Role.OFFICER:
            plan.finish(step, ctx.at, ctx.user, cal)
            ctx.step = step
    start = clock.handover_start(cal, ctx.at, paper=dossier.channel != 2)
    if plan.open_next_stage(ctx.steps, start, cal, allow_return=False) is None:
        raise ValidationError(_("The process has no step after reception."))
    ctx.changed_steps = True
    ctx.data["department_starts_at"] = start.isoformat()
    ctx.target = _working_status(ctx)


@handles(Action.ASSIGN)
def assign(ctx: Ctx) -> None:
    step = plan.pick_step(ctx.steps, ctx.arg("step"), ctx.cap.steps)
    username = str(ctx.arg("assignee") or "").strip()
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValidationError(
            {"assignee": [_("No active staff member “%(name)s”.") % {"name": username}]}
        )
    if not works_for(user, step.role, step.agency):
        raise ValidationError(
            {
                "assignee": [
                    _("%(name)s does not hold the role this step needs at %(agency)s.")
                    % {"name": username, "agency": step.agency}
                ]
            }
        )
    step.assignee = user
    ctx.step = step
    ctx.changed_steps = True
    ctx.data["assignee"] = username
    ctx.target = Status(ctx.before)


def _after_step_done(ctx: Ctx, step: DossierStep) -> None:
    """Open what follows a finished step: the next consultation, the waiting parent, or
    the next stage."""
    if step.parent_id is not None:
        siblings = [s for s in ctx.steps if s.parent_id == step.parent_id]
        pending = [s for s in siblings if s.status == StepStatus.PENDING]
        if pending and not any(s.status == StepStatus.ACTIVE for s in siblings):
            plan.start_step(pending[0], ctx.at, ctx.cal)
        elif not pending and not any(s.status == StepStatus.ACTIVE for s in siblings):
            parent = next(s for s in ctx.steps if s.pk == step.parent_id)
            parent.status = StepStatus.ACTIVE
        return
    if plan.stage_done(ctx.steps, step.stage):
        if plan.open_next_stage(ctx.steps, ctx.at, ctx.cal, allow_return=False) is None:
            raise ValidationError(
                _("This is the last step before the result: a leader approves or refuses it.")
            )


@handles(Action.COMPLETE_STEP)
def complete_step(ctx: Ctx) -> None:
    step = plan.pick_step(ctx.steps, ctx.arg("step"), ctx.cap.steps)
    plan.finish(step, ctx.at, ctx.user, ctx.cal, note=str(ctx.arg("note") or ctx.reason))
    ctx.step = step
    _after_step_done(ctx, step)
    ctx.changed_steps = True
    ctx.target = _working_status(ctx)


@handles(Action.SEND_BACK)
def send_back(ctx: Ctx) -> None:
    current = plan.current_stage(ctx.steps)
    try:
        to_stage = int(ctx.arg("to_stage"))
    except (TypeError, ValueError):
        raise ValidationError(
            {"to_stage": [_("Name the stage to send the dossier back to.")]}
        ) from None
    earlier = {s.stage for s in plan.top_level(ctx.steps) if s.stage < (current or 0)}
    if to_stage not in earlier:
        raise ValidationError(
            {"to_stage": [_("Stage %(stage)s is not an earlier stage.") % {"stage": to_stage}]}
        )
    if any(s.kind == StepKind.CONSULT and s.status == StepStatus.ACTIVE for s in ctx.steps):
        raise ValidationError(_("Wait for the consulted agencies before sending the dossier back."))
    for step in plan.top_level(ctx.steps):
        if step.stage > to_stage and step.status in plan.OPEN_STEP + (StepStatus.DONE,):
            if step.stage <= (current or 0):
                step.status = StepStatus.PENDING
                step.started_at = None
                step.finished_at = None
                step.timeliness = ""
        elif step.stage == to_stage:
            plan.start_step(step, ctx.at, ctx.cal)
            step.finished_at = None
            step.timeliness = ""
            ctx.step = step
    ctx.data["to_stage"] = to_stage
    ctx.changed_steps = True
    ctx.target = _working_status(ctx)


@handles(Action.CONSULT)
def consult(ctx: Ctx) -> None:
    step = plan.pick_step(ctx.steps, ctx.arg("step"), ctx.cap.steps)
    if step.parent_id is not None:
        raise ValidationError(_("A consulted agency answers; it does not consult further."))
    mode = ctx.arg("mode") or "parallel"
    if mode not in ("parallel", "sequential"):
        raise ValidationError({"mode": [_("Choose parallel or sequential.")]})
    requests = ctx.arg("agencies") or []
    if not requests:
        raise ValidationError({"agencies": [_("Name at least one agency to consult.")]})
    created: list[DossierStep] = []
    for order, item in enumerate(requests, start=1):
        if not isinstance(item, dict):
            raise ValidationError({"agencies": [_("Give each consulted agency a positive time.")]})
        agency = agency_by_code(str(item.get("agency", "")))
        try:
            amount = Decimal(str(item.get("amount") or 0))
        except ArithmeticError:
            amount = Decimal(0)
        unit = item.get("unit") or DurationUnit.WORKING_DAYS
        if not amount.is_finite() or amount <= 0 or unit not in DurationUnit.values:
            raise ValidationError({"agencies": [_("Give each consulted agency a positive time.")]})
        created.append(
            DossierStep(
                dossier=ctx.dossier,
                stage=step.stage,
                order=order,
                kind=StepKind.CONSULT,
                parent=step,
                name=str(item.get("task") or _("Consultation"))[:255],
                agency=agency,
                role=Role.SPECIALIST,
                budget=amount,
                unit=unit,
            )
        )
    for i, child in enumerate(created):
        if mode == "parallel" or i == 0:
            plan.start_step(child, ctx.at, ctx.cal)
    DossierStep.objects.bulk_create(created)
    step.status = StepStatus.WAITING
    ctx.steps.extend(created)
    ctx.step = step
    ctx.dossier.interlinked = True
    ctx.changed_steps = True
    ctx.data.update(
        mode=mode,
        agencies=[
            {
                "agency": c.agency.code,
                "task": c.name,
                "due_at": c.due_at.isoformat() if c.due_at else None,
            }
            for c in created
        ],
    )


@handles(Action.HAND_OVER)
def hand_over(ctx: Ctx) -> None:
    """The competent agency is another one (e.g. the province resolves a commune's dossier):
    its appraisal and approval are inserted; the receiving desk still returns the result."""
    step = plan.pick_step(ctx.steps, ctx.arg("step"), ctx.cap.steps)
    if step.parent_id is not None:
        raise ValidationError(_("A consulted agency answers; it does not hand over."))
    agency = agency_by_code(str(ctx.arg("agency") or ""))
    if agency.pk == step.agency_id:
        raise ValidationError({"agency": [_("Hand over to another agency.")]})
    plan.finish(step, ctx.at, ctx.user, ctx.cal, note=ctx.reason)
    for other in plan.top_level(ctx.steps):
        if other.status == StepStatus.PENDING and other.stage > step.stage:
            other.stage += 2
    due = ctx.dossier.due_at
    if ctx.arg("amount") is not None:
        amount, unit = _amount(ctx)
        due = min(ctx.cal.due(ctx.at, amount, unit), ctx.dossier.due_at)
    created = [
        DossierStep(
            dossier=ctx.dossier,
            stage=step.stage + offset,
            kind=StepKind.HANDOVER,
            name=name,
            agency=agency,
            role=role,
            due_at=due,
        )
        for offset, name, role in (
            (1, "Thẩm định, giải quyết", Role.SPECIALIST),
            (2, "Phê duyệt, ký kết quả", Role.LEADER),
        )
    ]
    DossierStep.objects.bulk_create(created)
    ctx.steps.extend(created)
    ctx.steps.sort(key=lambda s: (s.stage, s.order, s.pk or 0))
    plan.start_step(created[0], ctx.at, ctx.cal)
    ctx.step = step
    ctx.dossier.interlinked = True
    ctx.changed_steps = True
    ctx.data.update(agency=agency.code, due_at_step=due.isoformat() if due else None)


# --- waiting for the applicant ---------------------------------------------------------


@handles(Action.REQUEST_SUPPLEMENT)
def request_supplement(ctx: Ctx) -> None:
    deadline = clock.supplement_deadline(ctx.cal, ctx.dossier.received_at)
    if ctx.at > deadline:
        raise ValidationError(
            _(
                "A supplement may only be asked within 3 working days of reception (until "
                "%(deadline)s); the agency must decide on the dossier as it is."
            )
            % {"deadline": short_datetime(deadline)},
            code="supplement_window",
        )
    ctx.data["missing"] = _missing(ctx)
    ctx.data["deadline"] = deadline.isoformat()
    ctx.dossier.supplement_count += 1
    steps = plan.active(ctx.steps)
    ctx.step = steps[0] if steps else None
    ctx.notices.append("supplement")


@handles(Action.RECEIVE_SUPPLEMENT)
def receive_supplement(ctx: Ctx) -> None:
    if ctx.arg("documents"):
        intake.record_documents(ctx.dossier, ctx.arg("documents"))
    ctx.data["documents"] = intake.document_summary(ctx.dossier)
    ctx.changed_steps = True
    ctx.target = _working_status(ctx)
    ctx.notices.append("received")


@handles(Action.REQUEST_FEE)
def request_fee(ctx: Ctx) -> None:
    amount = _vnd(ctx.arg("amount_vnd"))
    ctx.dossier.fee_amount_vnd = amount
    ctx.data.update(amount_vnd=amount, description=str(ctx.arg("description") or ""))
    ctx.notices.append("fee")


def _vnd(value) -> int:
    try:
        amount = int(str(value))
    except (TypeError, ValueError):
        raise ValidationError({"amount_vnd": [_("Give the amount in đồng.")]}) from None
    if amount <= 0:
        raise ValidationError({"amount_vnd": [_("Give the amount in đồng.")]})
    return amount


@handles(Action.RECORD_FEE)
def record_fee(ctx: Ctx) -> None:
    dossier = ctx.dossier
    method = str(ctx.arg("method") or ("online" if ctx.cap.is_applicant else "counter"))
    if method not in ("counter", "post", "online"):
        raise ValidationError({"method": [_("Paid at the counter, by post or online.")]})
    dossier.fee_paid_vnd = _vnd(ctx.arg("amount_vnd", dossier.fee_amount_vnd))
    dossier.fee_paid_at = ctx.at
    dossier.fee_method = method
    ctx.data.update(
        amount_vnd=dossier.fee_paid_vnd, method=method, receipt=str(ctx.arg("receipt") or "")
    )
    ctx.target = Status.RECEIVED if dossier.transferred_at is None else _working_status(ctx)


# --- lateness -----------------------------------------------------------------------------


def _pending_apology(ctx: Ctx) -> Apology | None:
    return ctx.dossier.apologies.filter(status=ApologyStatus.PROPOSED).first()


@handles(Action.PROPOSE_APOLOGY)
def propose_apology(ctx: Ctx) -> None:
    dossier = ctx.dossier
    if dossier.apology_count:
        raise ValidationError(
            _("A new appointment may be given only once per dossier."), code="apology_once"
        )
    if _pending_apology(ctx) is not None:
        raise ValidationError(_("An apology is already waiting for a leader's decision."))
    if not clock.may_apologise(ctx.cal, ctx.at, dossier.due_at):
        raise ValidationError(
            _("The apology must be sent at least 1 working day before the appointment (%(due)s).")
            % {"due": short_datetime(dossier.due_at)},
            code="apology_late",
        )
    if ctx.arg("new_due_at"):
        new_due = _instant(ctx.arg("new_due_at"), "new_due_at")
    else:
        amount, unit = _amount(ctx, "extend_by")
        new_due = ctx.cal.due(dossier.due_at, amount, unit)
    if new_due <= dossier.due_at:
        raise ValidationError(
            {"new_due_at": [_("The new appointment must be later than the current one.")]}
        )
    apology = Apology.objects.create(
        dossier=dossier,
        status=ApologyStatus.PROPOSED,
        reason=ctx.reason,
        previous_due_at=dossier.due_at,
        new_due_at=new_due,
        proposed_at=ctx.at,
        proposed_by=person(ctx.user),
    )
    ctx.data.update(apology=apology.pk, new_due_at=new_due.isoformat())
    ctx.target = Status(ctx.before)


def _decide_apology(ctx: Ctx, status: ApologyStatus) -> Apology:
    apology = _pending_apology(ctx)
    if apology is None:
        raise ValidationError(_("No apology is waiting for approval."))
    apology.status = status
    apology.decided_at = ctx.at
    apology.decided_by = person(ctx.user)
    apology.save()
    ctx.data["apology"] = apology.pk
    ctx.target = Status(ctx.before)
    return apology


@handles(Action.APPROVE_APOLOGY)
def approve_apology(ctx: Ctx) -> None:
    apology = _decide_apology(ctx, ApologyStatus.APPROVED)
    ctx.dossier.apology_count += 1
    ctx.new_due = apology.new_due_at
    ctx.data.update(
        previous_due_at=apology.previous_due_at.isoformat(),
        new_due_at=apology.new_due_at.isoformat(),
    )
    ctx.notices.append("appointment")
    ctx.changed_steps = True


@handles(Action.REJECT_APOLOGY)
def reject_apology(ctx: Ctx) -> None:
    _decide_apology(ctx, ApologyStatus.REJECTED)


# --- the end ------------------------------------------------------------------------------


def _conclude(ctx: Ctx, outcome: Outcome) -> None:
    if any(s.kind == StepKind.CONSULT and s.status == StepStatus.ACTIVE for s in ctx.steps):
        raise ValidationError(_("Consulted agencies have not answered yet."))
    step = plan.pick_step(ctx.steps, ctx.arg("step"), ctx.cap.steps)
    plan.finish(step, ctx.at, ctx.user, ctx.cal, note=ctx.reason)
    ctx.step = step
    returning = plan.return_stage(ctx.steps)
    plan.skip_open(plan.top_level(ctx.steps), keep=[returning] if returning else [])
    plan.skip_open([s for s in ctx.steps if s.parent_id is not None])
    if returning is not None:
        plan.open_next_stage(ctx.steps, ctx.at, ctx.cal, allow_return=True)
    ctx.dossier.outcome = outcome
    ctx.dossier.result_summary = str(ctx.arg("result") or ctx.reason or "")
    ctx.dossier.result_number = str(ctx.arg("result_number") or "")[:100]
    ctx.changed_steps = True
    ctx.notices.append("result_ready")


@handles(Action.APPROVE)
def approve(ctx: Ctx) -> None:
    _conclude(ctx, Outcome.APPROVED)


@handles(Action.REFUSE_RESULT)
def refuse_result(ctx: Ctx) -> None:
    _conclude(ctx, Outcome.REFUSED)


def _close(ctx: Ctx, notice: str) -> None:
    plan.skip_open(ctx.steps)
    ctx.changed_steps = True
    ctx.notices.append(notice)


@handles(Action.STOP)
def stop(ctx: Ctx) -> None:
    _close(ctx, "stopped")


@handles(Action.WITHDRAW)
def withdraw(ctx: Ctx) -> None:
    if not ctx.cap.is_applicant and not is_owner(ctx.user, ctx.dossier) and not ctx.reason:
        raise ValidationError({"reason": [_("Record the applicant's request (e.g. its date).")]})
    _close(ctx, "withdrawn")


@handles(Action.RETURN)
def return_result(ctx: Ctx) -> None:
    dossier = ctx.dossier
    method = str(ctx.arg("method") or dossier.return_method)
    if method not in ReturnMethod.values:
        raise ValidationError({"method": [_("Returned at the desk, online or by post.")]})
    for step in plan.active(ctx.steps):
        plan.finish(step, ctx.at, ctx.user, ctx.cal)
        ctx.step = step
    dossier.returned_at = ctx.at
    dossier.closed_at = ctx.at
    ctx.changed_steps = True
    ctx.data["method"] = method


@handles(Action.REASSIGN_AGENCY)
def reassign_agency(ctx: Ctx) -> None:
    source, target = ctx.arg("source"), ctx.arg("target")
    dossier = ctx.dossier
    if dossier.agency_id == source.pk:
        dossier.agency = target
    if dossier.desk_id == source.pk:
        dossier.desk = target
    for step in ctx.steps:
        if step.status in plan.OPEN_STEP and step.agency_id == source.pk:
            step.agency = target
    ctx.changed_steps = True
    ctx.data.update(source=source.code, target=target.code)
    ctx.target = Status(ctx.before)


@handles(Action.ATTACH)
def attach(ctx: Ctx) -> None:
    """Record a stored file (services.attachments checked and stored it). Applicants add
    their own documents while the dossier waits for them, never results."""
    raw = ctx.arg("attachment")
    fields = {"storage_name", "original_name", "content_type", "size", "sha256", "kind"}
    if not isinstance(raw, dict) or not fields <= set(raw):
        raise ValidationError({"file": [_("Attach a file.")]})
    info = dict(raw)
    applicant_may = {Status.DRAFT, Status.INCOMPLETE, Status.SUPPLEMENT}
    if ctx.cap.is_applicant and (
        info["kind"] == AttachmentKind.RESULT or ctx.before not in applicant_may
    ):
        raise PermissionDenied(_("Only the agency can add files to the dossier now."))
    if info["kind"] == AttachmentKind.RESULT and ctx.before not in (
        Status.IN_PROCESS,
        Status.INTERLINKED,
        Status.RESULT_READY,
    ):
        raise ValidationError({"kind": [_("A result is attached while the dossier is processed.")]})
    document = info.pop("document", None)
    attachment = Attachment.objects.create(
        dossier=ctx.dossier,
        document_id=document,
        uploaded_at=ctx.at,
        uploaded_by=person(ctx.user),
        **info,
    )
    ctx.data.update(
        attachment=attachment.pk,
        name=attachment.original_name,
        kind=attachment.kind,
        sha256=attachment.sha256,
        digitised=attachment.digitised,
    )
    ctx.target = Status(ctx.before)
