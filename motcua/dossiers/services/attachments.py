"""Files of a dossier: scans of submitted documents, supplements, electronic results.

The type and size are checked on the content (core.uploads), the file goes to the private
storage with its SHA-256 (core.storage), and the attachment is recorded through the engine
(`attach` action) so it is serialised with other changes and appears in the history.
Downloads are for people who may see the dossier (permissions.visible_dossiers).
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.storage import get_private_storage, open_stored, store_upload
from motcua.core.uploads import inspect_upload
from motcua.dossiers.models import Attachment, AttachmentKind, Dossier, ReceivedDocument
from motcua.dossiers.permissions import can_view
from motcua.dossiers.services.engine import perform
from motcua.dossiers.workflow import Action


def add_attachment(
    dossier: Dossier,
    uploaded: File,
    *,
    user,
    kind: str = AttachmentKind.SUBMISSION,
    document: int | None = None,
    digitised: bool = False,
    at: datetime | None = None,
) -> Attachment:
    """Check, store and record one file; nothing is kept when anything is refused."""
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": [_("Unknown kind of attachment.")]})
    if (
        document is not None
        and not ReceivedDocument.objects.filter(pk=document, dossier=dossier).exists()
    ):
        raise ValidationError({"document": [_("This document is not in the dossier.")]})
    info = inspect_upload(uploaded)
    name = store_upload(uploaded, info, prefix="dossiers")
    try:
        perform(
            dossier,
            Action.ATTACH,
            user=user,
            at=at or timezone.now(),
            attachment={
                "storage_name": name,
                "original_name": info.original_name,
                "content_type": info.content_type,
                "size": info.size,
                "sha256": info.sha256,
                "kind": kind,
                "document": document,
                "digitised": bool(digitised),
            },
        )
    except BaseException:
        get_private_storage().delete(name)
        raise
    return Attachment.objects.get(storage_name=name)


def open_attachment(user, attachment: Attachment) -> File:
    if not can_view(user, attachment.dossier):
        raise PermissionDenied(_("You may not see this dossier."))
    return open_stored(attachment.storage_name)
