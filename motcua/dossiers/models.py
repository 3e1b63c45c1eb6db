"""Dossiers (hồ sơ TTHC): the current state as a row, the history as an append-only log.

`Dossier` is the pointer to the present (status, appointment, active steps); `Event` rows
are the history and are only ever inserted. Every change goes through
services.engine.perform, which writes both in one transaction. No rule lives here.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.agencies.models import Agency, Role
from motcua.catalogue.models import (
    Channel,
    Procedure,
    ProcedureVersion,
    Process,
    RequiredDocument,
)
from motcua.dossiers.workflow import Action, Status
from motcua.worktime.units import DurationUnit


class Regime(models.TextChoices):
    R2018 = "2018", _("Decree 61/2018 and Circular 01/2018")
    R2025 = "2025", _("Decree 118/2025 and Circular 03/2025")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("person")
    ORGANISATION = "organisation", _("organisation")


class ReturnMethod(models.TextChoices):
    COUNTER = "counter", _("at the desk")
    ONLINE = "online", _("online")
    POST = "post", _("by post")


class Outcome(models.TextChoices):
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused after appraisal")


class Timeliness(models.TextChoices):
    EARLY = "early", _("early")
    ON_TIME = "on_time", _("on time")
    LATE = "late", _("late")


# Who applies, as the dossier stores it (besides applicant_name, shown everywhere).
APPLICANT_DETAILS = (
    "applicant_kind",
    "applicant_id_number",
    "applicant_birth_date",
    "applicant_tax_code",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "representative_name",
    "representative_id_number",
    "representative_phone",
)


class Dossier(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("dossier code"), max_length=40, unique=True, null=True, blank=True)
    secret = models.CharField(_("lookup secret"), max_length=16)
    row_version = models.PositiveIntegerField(default=0)

    desk = models.ForeignKey(
        Agency, verbose_name=_("receiving desk"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("competent agency"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="dossiers"
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("procedure version"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    process = models.ForeignKey(
        Process,
        verbose_name=_("internal process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    channel = models.PositiveSmallIntegerField(_("channel"), choices=Channel.choices)
    regime = models.CharField(_("legal regime"), max_length=4, choices=Regime.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    national_status = models.PositiveSmallIntegerField(_("national status"), null=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    timeliness = models.CharField(
        _("timeliness"), max_length=8, choices=Timeliness.choices, blank=True
    )
    summary = models.CharField(_("request"), max_length=1000, blank=True)
    interlinked = models.BooleanField(_("interlinked"), default=False)

    applicant_kind = models.CharField(
        _("applicant type"), max_length=12, choices=ApplicantKind.choices
    )
    applicant_name = models.CharField(_("applicant"), max_length=255)
    applicant_id_number = models.CharField(_("citizen ID"), max_length=12, blank=True)
    applicant_birth_date = models.DateField(_("birth date"), null=True, blank=True)
    applicant_tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("email"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=500, blank=True)
    representative_name = models.CharField(_("representative"), max_length=255, blank=True)
    representative_id_number = models.CharField(
        _("representative's citizen ID"), max_length=12, blank=True
    )
    representative_phone = models.CharField(_("representative's phone"), max_length=20, blank=True)
    # Applicant's and representative's names folded (core.text.fold) for searches typed
    # without accents; set by services.intake with the names.
    names_folded = models.CharField(max_length=520, blank=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant's account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )

    sets = models.PositiveSmallIntegerField(_("number of sets"), default=1)
    return_method = models.CharField(
        _("result delivery"),
        max_length=8,
        choices=ReturnMethod.choices,
        default=ReturnMethod.COUNTER,
    )
    return_address = models.CharField(_("delivery address"), max_length=500, blank=True)

    # The statutory time in force at reception for this channel (snapshot).
    time_amount = models.DecimalField(
        _("processing time"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    time_unit = models.CharField(
        _("time unit"), max_length=12, choices=DurationUnit.choices, blank=True
    )

    created_at = models.DateTimeField(_("created"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    clock_started_at = models.DateTimeField(_("time counted from"), null=True, blank=True)
    transferred_at = models.DateTimeField(_("transferred"), null=True, blank=True)
    due_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    original_due_at = models.DateTimeField(_("first appointment"), null=True, blank=True)
    paused_since = models.DateTimeField(_("paused since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("result ready"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    supplement_count = models.PositiveSmallIntegerField(_("supplement requests"), default=0)
    apology_count = models.PositiveSmallIntegerField(_("apologies"), default=0)
    fee_amount_vnd = models.BigIntegerField(_("fees requested (VND)"), null=True, blank=True)
    fee_paid_vnd = models.BigIntegerField(_("fees paid (VND)"), null=True, blank=True)
    fee_paid_at = models.DateTimeField(_("fees paid"), null=True, blank=True)
    fee_method = models.CharField(_("payment method"), max_length=20, blank=True)
    result_summary = models.TextField(_("result"), blank=True)
    result_number = models.CharField(_("result document number"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # Inboxes: "overdue" and "due within N hours" are range scans on due_at.
            models.Index(fields=["status", "due_at"], name="dossier_status_due"),
            models.Index(fields=["agency", "status", "due_at"], name="dossier_agency_status_due"),
            models.Index(fields=["desk", "status", "due_at"], name="dossier_desk_status_due"),
            models.Index(fields=["agency", "received_at"], name="dossier_agency_received"),
            models.Index(fields=["agency", "finished_at"], name="dossier_agency_finished"),
            # Reports: closed since the period start (reports.resolution).
            models.Index(fields=["agency", "closed_at"], name="dossier_agency_closed"),
            models.Index(fields=["applicant_id_number"], name="dossier_applicant_id"),
            models.Index(fields=["applicant_phone"], name="dossier_applicant_phone"),
            models.Index(fields=["owner", "created_at"], name="dossier_owner_created"),
            models.Index(fields=["created_at", "id"], name="dossier_created_id"),
        ]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")

    def __str__(self) -> str:
        return self.code or str(self.uid)

    @property
    def key(self) -> str:
        """How URLs address the dossier: its code, or its uid while it is a draft."""
        return self.code or str(self.uid)


class DossierCounter(models.Model):
    """Last sequence number given by an agency on a day (the NNNN of a dossier code)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="unique_dossier_counter")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}: {self.last}"


class ReceivedDocument(models.Model):
    """A line of the reception checklist: a required document and what was handed in."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="documents")
    required = models.ForeignKey(
        RequiredDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    name = models.TextField(_("document"))
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name[:80]


class StepKind(models.TextChoices):
    PROCESS = "process", _("process step")
    CONSULT = "consult", _("consultation of another agency")
    HANDOVER = "handover", _("handled by another agency")


class StepStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACTIVE = "active", pgettext_lazy("step status", "active")
    WAITING = "waiting", _("waiting for consulted agencies")
    DONE = "done", _("done")
    SKIPPED = "skipped", _("skipped")


class DossierStep(models.Model):
    """A step of the dossier's own plan, copied from its process at reception.

    Steps sharing a `stage` run in parallel. Consultations hang under the step that asked
    (`parent`) and run in `order`, one after another or all at once.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="steps")
    stage = models.PositiveSmallIntegerField(_("stage"))
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=StepKind.choices, default=StepKind.PROCESS)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="consultations"
    )
    name = models.CharField(_("step"), max_length=255)
    agency = models.ForeignKey(
        Agency, verbose_name=_("performed by"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    budget = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=12, choices=DurationUnit.choices, blank=True)
    status = models.CharField(max_length=8, choices=StepStatus.choices, default=StepStatus.PENDING)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(_("step due"), null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    timeliness = models.CharField(max_length=8, choices=Timeliness.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["stage", "parent_id", "order", "id"]
        indexes = [
            models.Index(fields=["agency", "status", "due_at"], name="step_agency_status_due"),
            models.Index(fields=["assignee", "status"], name="step_assignee_status"),
            # Reports: steps finished in a period per agency (reports.steps).
            models.Index(fields=["agency", "finished_at"], name="step_agency_finished"),
        ]

    def __str__(self) -> str:
        return f"{self.stage}. {self.name}"


class PauseKind(models.TextChoices):
    SUPPLEMENT = "supplement", _("waiting for a supplement")
    FINANCIAL = "financial", _("waiting for a financial obligation")


class ClockPause(models.Model):
    """An interval during which the applicant, not the agency, had the dossier."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="pauses")
    kind = models.CharField(max_length=10, choices=PauseKind.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.started_at} - {self.ended_at}"


class ApologyStatus(models.TextChoices):
    PROPOSED = "proposed", _("waiting for a leader")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class Apology(models.Model):
    """Apology letter with a new appointment (form 04); approved by a leader, once."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="apologies")
    status = models.CharField(max_length=8, choices=ApologyStatus.choices)
    reason = models.TextField(_("reason for the delay"))
    previous_due_at = models.DateTimeField()
    new_due_at = models.DateTimeField(_("new appointment"))
    proposed_at = models.DateTimeField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["proposed_at", "id"]
        indexes = [models.Index(fields=["status", "proposed_at"], name="apology_status")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.status} → {self.new_due_at}"


class Event(models.Model):
    """One entry of a dossier's history. Only ever inserted (see services.engine)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    at = models.DateTimeField(_("time"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("by"), max_length=255, blank=True)
    role = models.CharField(_("role"), max_length=16, blank=True)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    status_before = models.CharField(max_length=16, choices=Status.choices, blank=True)
    status_after = models.CharField(max_length=16, choices=Status.choices)
    national_status = models.PositiveSmallIntegerField(null=True)
    reason = models.TextField(_("reason"), blank=True)
    step = models.ForeignKey(
        DossierStep, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    step_due_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    form = models.CharField(max_length=16, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["dossier_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="unique_event_seq")]
        indexes = [
            models.Index(fields=["action", "at"], name="event_action_at"),
            models.Index(fields=["agency", "at"], name="event_agency_at"),
            # Reports: the appointment in force at an instant (last event before it).
            models.Index(fields=["dossier", "at"], name="event_dossier_at"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.action}"


class AttachmentKind(models.TextChoices):
    SUBMISSION = "submission", _("submitted document")
    SUPPLEMENT = "supplement", _("supplemented document")
    RESULT = "result", _("result")


class Attachment(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(max_length=10, choices=AttachmentKind.choices)
    document = models.ForeignKey(
        ReceivedDocument,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    required = models.ForeignKey(
        RequiredDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    storage_name = models.CharField(max_length=300, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    digitised = models.BooleanField(_("digitised"), default=False)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Notice(models.Model):
    """A message to the applicant (appointment changed, supplement asked, result ready)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="notices")
    at = models.DateTimeField()
    kind = models.CharField(max_length=24)
    recipient = models.CharField(max_length=255, blank=True)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    sent = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.subject
