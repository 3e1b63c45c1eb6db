"""A citizen's (or a business's) account details beyond Django's user: what pre-fills the
applicant of an online dossier. No rule lives here (see services/accounts.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import ApplicantKind


class CitizenProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="citizen_profile",
        verbose_name=_("account"),
    )
    kind = models.CharField(
        _("account type"),
        max_length=12,
        choices=ApplicantKind.choices,
        default=ApplicantKind.PERSON,
    )
    # A Vietnamese mobile number in its national form (0xxxxxxxxx), or empty.
    phone = models.CharField(_("phone"), max_length=10, blank=True)
    id_number = models.CharField(_("citizen ID"), max_length=12, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=255, blank=True)
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        constraints = [
            # One account per phone number: the number signs the account in.
            models.UniqueConstraint(
                fields=["phone"], condition=~models.Q(phone=""), name="unique_citizen_phone"
            )
        ]
        verbose_name = _("citizen profile")
        verbose_name_plural = _("citizen profiles")

    def __str__(self) -> str:
        return self.user.get_username()
