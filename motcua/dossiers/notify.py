"""Messages to the applicant: stored as Notice rows, e-mailed after the transaction commits.

Applicants read Vietnamese, whatever language the officer's screen is in.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier, Notice
from motcua.printing.dates import short_datetime


def _texts(dossier: Dossier, kind: str) -> tuple[str, str]:
    params = {"code": dossier.key, "due": short_datetime(dossier.due_at)}
    subjects = {
        "received": _("Dossier %(code)s received"),
        "incomplete": _("Dossier %(code)s: please complete it"),
        "refused": _("Dossier %(code)s was not accepted"),
        "supplement": _("Dossier %(code)s: a supplement is needed"),
        "fee": _("Dossier %(code)s: fees to pay"),
        "appointment": _("Dossier %(code)s: new appointment"),
        "result_ready": _("Dossier %(code)s: the result is ready"),
        "stopped": _("Dossier %(code)s: processing stopped"),
        "withdrawn": _("Dossier %(code)s withdrawn"),
    }
    bodies = {
        "received": _("Your dossier %(code)s has been received. Appointment: %(due)s."),
        "incomplete": _(
            "Your dossier %(code)s is not complete yet; see the list of what is missing."
        ),
        "refused": _("Your dossier %(code)s was not accepted; see the reasons given."),
        "supplement": _("Dossier %(code)s needs a supplement; see the list of what is missing."),
        "fee": _("Fees are due for dossier %(code)s before it can continue."),
        "appointment": _("We apologise: the result of dossier %(code)s will be ready by %(due)s."),
        "result_ready": _("The result of dossier %(code)s is ready."),
        "stopped": _("Processing of dossier %(code)s has been stopped; see the reasons given."),
        "withdrawn": _("Dossier %(code)s has been withdrawn at your request."),
    }
    return subjects[kind] % params, bodies[kind] % params


def queue(dossier: Dossier, kind: str, at: datetime) -> Notice:
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _texts(dossier, kind)
    notice = Notice.objects.create(
        dossier=dossier,
        at=at,
        kind=kind,
        recipient=dossier.applicant_email,
        subject=subject,
        body=body,
    )
    if dossier.applicant_email:
        transaction.on_commit(lambda: _send(notice.pk))
    return notice


def _send(notice_pk: int) -> None:
    notice = Notice.objects.get(pk=notice_pk)
    sent = send_mail(notice.subject, notice.body, None, [notice.recipient], fail_silently=True)
    if sent:
        Notice.objects.filter(pk=notice_pk).update(sent=True)
