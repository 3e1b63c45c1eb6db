"""The administrative-procedure catalogue (domain.md §6), kept as dated versions.

A Procedure is only its national code; everything a decision can change lives in a
ProcedureVersion, so a dossier can point at the version in force when it was received.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency, Role
from motcua.worktime.units import DurationUnit


class Channel(models.IntegerChoices):
    """Ways to submit, with the national portal's KenhThucHien codes."""

    COUNTER = 1, _("at the counter")
    ONLINE = 2, _("online")
    POSTAL = 3, _("public postal service")


class Field(models.Model):
    """Lĩnh vực: the sector a procedure belongs to."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    code = models.CharField(_("code"), max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("field")
        verbose_name_plural = _("fields")

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    """A decision announcing procedures (Quyết định công bố), e.g. 163/QĐ-BTP."""

    number = models.CharField(_("number"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    issuer = models.CharField(_("issuer"), max_length=255, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("announcing decision")
        verbose_name_plural = _("announcing decisions")

    def __str__(self) -> str:
        return self.number


class Procedure(models.Model):
    """An administrative procedure identified by its national code (e.g. 1.001193)."""

    code = models.CharField(_("national code"), max_length=20, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def __str__(self) -> str:
        return self.code


class OnlineLevel(models.TextChoices):
    FULL = "full", _("fully online (toàn trình)")
    PARTIAL = "partial", _("partly online (một phần)")


class ChangeKind(models.TextChoices):
    NEW = "new", _("new")
    AMENDED = "amended", _("amended")
    REPLACED = "replaced", _("replaced")
    ABOLISHED = "abolished", _("abolished")


class ProcedureVersion(models.Model):
    """The content of a procedure as announced by one decision, valid over a date range.

    Versions are never edited once a dossier uses them; a change is a new version.
    `valid_from` and `valid_to` are both inclusive; null means open-ended. A version with
    change_kind "abolished" records the abolition and is never in force.
    """

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=2000)
    search_text = models.TextField(editable=False, default="", db_index=False)
    field = models.ForeignKey(
        Field, verbose_name=_("field"), on_delete=models.PROTECT, related_name="versions"
    )
    at_ministry = models.BooleanField(_("ministry level"), default=False)
    at_province = models.BooleanField(_("province level"), default=False)
    at_district = models.BooleanField(_("district level"), default=False)
    at_commune = models.BooleanField(_("commune level"), default=False)
    at_other = models.BooleanField(_("other bodies"), default=False)
    procedure_type = models.CharField(_("type"), max_length=255, blank=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("announcing decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="versions",
    )
    change_kind = models.CharField(
        _("change"), max_length=10, choices=ChangeKind.choices, default=ChangeKind.NEW
    )
    valid_from = models.DateField(_("effective from"), null=True, blank=True)
    valid_to = models.DateField(_("effective until"), null=True, blank=True)
    steps = models.TextField(_("sequence of steps"), blank=True)
    applicants = models.JSONField(_("applicant types"), default=list, blank=True)
    result = models.TextField(_("result"), blank=True)
    requirements = models.TextField(_("requirements and conditions"), blank=True)
    legal_basis = models.JSONField(_("legal basis"), default=list, blank=True)
    agencies = models.JSONField(
        _("performing, competent and coordinating agencies"), default=dict, blank=True
    )
    online_level = models.CharField(
        _("online service level"), max_length=8, choices=OnlineLevel.choices, blank=True
    )
    provenance = models.JSONField(_("sources"), default=dict, blank=True)

    class Meta:
        ordering = ["procedure__code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="unique_version_number")
        ]
        indexes = [models.Index(fields=["procedure", "valid_from"])]
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} {self.name}"


class ProcessingTime(models.Model):
    """Statutory processing time for one channel. `amount` is null when the source gives none."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="processing_times"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    channel = models.PositiveSmallIntegerField(_("channel"), choices=Channel.choices)
    amount = models.DecimalField(_("amount"), max_digits=7, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=12, choices=DurationUnit.choices, blank=True)
    text = models.CharField(_("as published"), max_length=255, blank=True)
    note = models.TextField(_("description"), blank=True)
    disputed = models.BooleanField(_("disputed by another source"), default=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("processing time")
        verbose_name_plural = _("processing times")

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.text}"


class Fee(models.Model):
    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    channel = models.PositiveSmallIntegerField(_("channel"), choices=Channel.choices)
    processing = models.ForeignKey(
        ProcessingTime,
        verbose_name=_("processing time block"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fees",
    )
    amount_vnd = models.BigIntegerField(_("amount (VND)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    disputed = models.BooleanField(_("disputed by another source"), default=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("fee")
        verbose_name_plural = _("fees")

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.amount_vnd}"


class RequiredDocument(models.Model):
    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="documents"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    group = models.CharField(_("group"), max_length=1000, blank=True)
    name = models.TextField(_("name"))
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    template_name = models.CharField(_("form template"), max_length=255, blank=True)
    template_file = models.FileField(
        _("template file"), upload_to="catalogue/templates/", blank=True
    )

    class Meta:
        ordering = ["position"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.name[:80]


class AgencyProcedure(models.Model):
    """An agency handles (publishes and receives) a procedure over a date range."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="procedures"
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="handlers"
    )
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["agency__path", "procedure__code"]
        constraints = [
            # History is kept: an assignment is closed with valid_to, never deleted, and at
            # most one assignment per agency and procedure is open.
            models.UniqueConstraint(
                fields=["agency", "procedure"],
                condition=models.Q(valid_to__isnull=True),
                name="unique_open_agency_procedure",
            )
        ]
        verbose_name = _("procedure handled by an agency")
        verbose_name_plural = _("procedures handled by agencies")

    def __str__(self) -> str:
        return f"{self.agency} · {self.procedure}"


class Process(models.Model):
    """Internal process (quy trình nội bộ) of an agency for a procedure, versioned by date.

    Step budgets must add up to `total` (checked by services.processes.validate_steps).
    """

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="processes"
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="processes"
    )
    number = models.PositiveIntegerField(_("version"), default=1)
    valid_from = models.DateField(_("effective from"), null=True, blank=True)
    valid_to = models.DateField(_("effective until"), null=True, blank=True)
    total = models.DecimalField(_("total time"), max_digits=7, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=12, choices=DurationUnit.choices)
    interlinked = models.BooleanField(_("interlinked (liên thông)"), default=False)

    class Meta:
        ordering = ["agency__path", "procedure__code", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "procedure", "number"], name="unique_process_version"
            )
        ]
        verbose_name = _("internal process")
        verbose_name_plural = _("internal processes")

    def __str__(self) -> str:
        return f"{self.agency} · {self.procedure} v{self.number}"


class ProcessStep(models.Model):
    """One step of a process. Steps sharing a `position` run in parallel (one stage)."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("step"), max_length=255)
    agency = models.ForeignKey(
        Agency, verbose_name=_("performed by"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    budget = models.DecimalField(_("time budget"), max_digits=7, decimal_places=2)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"
