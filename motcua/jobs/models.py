"""Exports made in the background (docs/jobs.md): one row per request, never deleted.

The row is the job's record: who asked for what, its progress (queued → running → done or
failed) and, once done, the file kept in the "private" storage (motcua.core.storage) with
its size and checksum. Rules live in services.py; the Huey task is in tasks.py.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency


class ExportKind(models.TextChoices):
    REGISTER = "register", _("dossier register")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


# Statuses in which the export is still to finish (pages poll while one is shown).
PENDING = (ExportStatus.QUEUED, ExportStatus.RUNNING)


class Export(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=ExportKind.choices)
    parameters = models.JSONField(_("parameters"), default=dict)
    # None: the operator at the command line (`motcua export register` without --user).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exports",
        verbose_name=_("requested by"),
    )
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agency"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    created_at = models.DateTimeField(_("requested at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The file, once done: a name in the "private" storage (never a URL).
    storage_name = models.CharField(max_length=300, blank=True, editable=False)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    # The requester's language: messages written by the task are in it.
    language = models.CharField(max_length=10, default="vi")
    # What went wrong, in words for the requester (details go to the log).
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The requester's list, newest first, in keyset pages.
            models.Index(
                fields=["requested_by", "-created_at", "-id"], name="jobs_export_user_recent"
            ),
        ]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"

    @property
    def pending(self) -> bool:
        return self.status in PENDING
