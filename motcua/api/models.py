"""Storage of the API layer: requests made with an Idempotency-Key and their responses."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotentRequest(models.Model):
    """One creating request sent with an Idempotency-Key, and the response it got.

    The row is inserted in the same transaction as whatever the request creates and is
    filled with the response before that transaction commits, so a committed row always
    has its response (see motcua/api/idempotency.py).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("idempotency key"), max_length=255)
    method = models.CharField(_("method"), max_length=10)
    path = models.TextField(_("path"), help_text=_("Path and query string of the request."))
    body_sha256 = models.CharField(
        _("body fingerprint"),
        max_length=64,
        help_text=_("SHA-256 of the request body in canonical JSON form."),
    )
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True)
    response_body = models.JSONField(_("response body"), null=True)
    response_headers = models.JSONField(_("response headers"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="api_idempotent_user_key")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"
