"""Ratings of dossiers by their applicants, and feedback (phản ánh, kiến nghị).

Data and constraints only; the rules are in services.py. Nothing here is ever deleted:
every foreign key protects, and there are no delete views.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.dossiers.models import Dossier
from motcua.ratings.criteria import BY_KEY


def _score_field(key: str) -> models.PositiveSmallIntegerField:
    criterion = BY_KEY[key]
    return models.PositiveSmallIntegerField(
        criterion.question, choices=[(s, label) for s, label in criterion.choices]
    )


class Rating(models.Model):
    """The applicant's rating of one dossier (ND 61/2018 art. 31; TT 01/2018 art. 13-14)."""

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="rating"
    )
    # Taken from the dossier when rated: the units the indices are computed for.
    agency = models.ForeignKey(
        Agency, verbose_name=_("competent agency"), on_delete=models.PROTECT, related_name="+"
    )
    desk = models.ForeignKey(
        Agency, verbose_name=_("receiving desk"), on_delete=models.PROTECT, related_name="+"
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rated by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    rated_at = models.DateTimeField(_("rated at"))
    time_score = _score_field("time")
    contacts_score = _score_field("contacts")
    bodies_score = _score_field("bodies")
    attitude_score = _score_field("attitude")
    information_score = _score_field("information")
    costs_score = _score_field("costs")
    comment = models.TextField(_("other comments"), blank=True, max_length=2000)

    class Meta:
        ordering = ["-rated_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "rated_at"], name="rating_agency_rated"),
            models.Index(fields=["desk", "rated_at"], name="rating_desk_rated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{key}_score__lte": 2}), name=f"rating_{key}_score_0_2"
            )
            for key in BY_KEY
        ]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self) -> str:
        return f"{self.dossier} ({self.rated_at:%d/%m/%Y})"


class FeedbackKind(models.TextChoices):
    REPORT = "report", _("report (phản ánh)")
    RECOMMENDATION = "recommendation", _("recommendation (kiến nghị)")
    COMPLAINT = "complaint", _("complaint about the service")


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    ANSWERED = "answered", _("answered")


class Feedback(models.Model):
    """A citizen's report, recommendation or complaint about a dossier or an agency, and
    the agency's answer."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=FeedbackKind.choices)
    about_conduct = models.BooleanField(
        _("about an officer's conduct"),
        default=False,
        help_text=_("Harassment, causing trouble, or not following the rules (index 7)."),
    )
    text = models.TextField(_("text"), max_length=4000)
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    desk = models.ForeignKey(
        Agency,
        verbose_name=_("receiving desk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"))
    status = models.CharField(
        _("status"), max_length=10, choices=FeedbackStatus.choices, default=FeedbackStatus.RECEIVED
    )
    answer = models.TextField(_("answer"), blank=True, max_length=4000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["agency", "status", "id"], name="feedback_agency_status"),
            models.Index(fields=["desk", "status", "id"], name="feedback_desk_status"),
            models.Index(fields=["author", "id"], name="feedback_author"),
        ]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"
