"""Agencies form a tree of any depth; staff hold roles per agency."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.codes import MAX_LENGTH, validate_agency_code


class Level(models.TextChoices):
    PROVINCE = "province", _("province")
    DEPARTMENT = "department", _("department (province level)")
    DISTRICT = "district", _("district")
    COMMUNE = "commune", _("commune / ward")
    DIVISION = "division", _("division (internal unit)")


class Agency(models.Model):
    """A state body with an electronic identifier code (QĐ 20/2020/QĐ-TTg, QCVN 102:2016).

    `path` is a materialised path ("/1/7/42/") maintained by services.py so subtree
    queries are a single indexed prefix match.
    """

    code = models.CharField(
        _("identifier code"),
        max_length=MAX_LENGTH,
        unique=True,
        validators=[validate_agency_code],
        help_text=_("QCVN 102:2016 form V1V2V3.Z1Z2.Y1Y2.MX1X2, e.g. 000.00.15.H51"),
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    desk_name = models.CharField(_("one-stop desk"), max_length=255, blank=True)
    desk_address = models.CharField(_("one-stop desk address"), max_length=255, blank=True)
    is_desk = models.BooleanField(
        _("is a one-stop desk"),
        default=False,
        help_text=_(
            "Receives dossiers for every agency of its administrative unit "
            "(e.g. the Public Administration Service Centre or a commune's one-stop division)."
        ),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_units",
    )
    schedule = models.ForeignKey(
        "worktime.WorkSchedule",
        verbose_name=_("work schedule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )

    class Meta:
        ordering = ["path"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        """0 for a root; read from the materialised path."""
        return max(self.path.count("/") - 2, 0)

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this agency itself, read from `path`."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


class AgencyMerge(models.Model):
    """Append-only record of a reorganisation: `source` closed and merged into `target`."""

    source = models.OneToOneField(
        Agency, verbose_name=_("merged unit"), on_delete=models.PROTECT, related_name="merge"
    )
    target = models.ForeignKey(
        Agency, verbose_name=_("successor"), on_delete=models.PROTECT, related_name="absorbed"
    )
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["effective_date"]
        verbose_name = _("agency merger")
        verbose_name_plural = _("agency mergers")

    def __str__(self) -> str:
        return f"{self.source} → {self.target} ({self.effective_date:%d/%m/%Y})"


class Role(models.TextChoices):
    OFFICER = "officer", _("one-stop officer")
    SPECIALIST = "specialist", _("specialist")
    LEADER = "leader", _("leader")
    ADMINISTRATOR = "administrator", _("administrator")
    OVERSIGHT = "oversight", _("oversight")


class StaffRole(models.Model):
    """A role held by a staff member in an agency; it covers that agency's subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="staff_roles",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="staff_roles"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        ordering = ["agency__path", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_staff_role")
        ]
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.agency}"
