"""The online submission wizard in domain terms (ND 61/2018 art. 16.3, 17.2).

The wizard fills a real DRAFT dossier: `start` creates it through `engine.perform(...,
"create_draft")` as soon as the applicant is known, every later step changes it with
`edit_draft` (the whole intake again, the checklist untouched), files go through
`attachments.add_attachment`, and `submit` hands it in. A draft is a row like any dossier, so
it survives a closed browser; "my dossiers" lists it with "continue".

Which procedures may be submitted online: those whose version in force gives a processing
time for the online channel (channel 2) or states an online service level (fully or partly
online). The others are handled at the counter or by post only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalogue.models import (
    AgencyProcedure,
    Channel,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
)
from motcua.catalogue.services.versions import accepts_online, version_in_force
from motcua.core.validity import valid_on_q
from motcua.dossiers.models import Attachment, AttachmentKind, Dossier, ReturnMethod
from motcua.dossiers.services.attachments import add_attachment
from motcua.dossiers.services.engine import perform
from motcua.dossiers.services.intake import Applicant, DocumentLine, Intake, prepare
from motcua.dossiers.workflow import Action, Status

EDITABLE = frozenset({Status.DRAFT, Status.INCOMPLETE})


@dataclass
class Offer:
    """What the wizard's first page needs: the procedure in force and who receives it."""

    procedure: Procedure
    version: ProcedureVersion | None
    agencies: list[Agency] = field(default_factory=list)
    documents: list[RequiredDocument] = field(default_factory=list)

    @property
    def online(self) -> bool:
        return self.version is not None and accepts_online(self.version)

    @property
    def refusal(self) -> str:
        """Why the procedure cannot be submitted online today ('' when it can)."""
        if self.version is None:
            return _("No version of this procedure is in force today.")
        if not self.online:
            return _(
                "This procedure is not offered online: submit it at the one-stop desk or by post."
            )
        if not self.agencies:
            return _("No agency receives this procedure today.")
        return ""


def offer(code: str, day: date | None = None) -> Offer | None:
    """None when no procedure has this code."""
    procedure = Procedure.objects.filter(code=code).first()
    if procedure is None:
        return None
    day = day or timezone.localdate()
    version = version_in_force(procedure, day)
    if version is None:
        return Offer(procedure, None)
    version = (
        ProcedureVersion.objects.select_related("procedure", "field")
        .prefetch_related("processing_times", "documents")
        .get(pk=version.pk)
    )
    agencies = [
        link.agency
        for link in AgencyProcedure.objects.filter(valid_on_q(day), procedure=procedure)
        .select_related("agency")
        .order_by("agency__path")
    ]
    return Offer(procedure, version, agencies, uploadable(version))


def uploadable(version: ProcedureVersion) -> list[RequiredDocument]:
    """The documents of the procedure that are handed in (at least one original or copy);
    the other lines of the catalogue are notes and conditions."""
    return [d for d in version.documents.all() if d.originals + d.copies > 0]


def start(user, offer: Offer, agency_code: str, applicant: Applicant) -> Dossier:
    """Create the draft (ValidationError by field, PermissionDenied): the applicant, the
    agency, one checklist line per document to hand in, the result online by default."""
    if offer.refusal:
        raise ValidationError(offer.refusal)
    if agency_code not in {a.code for a in offer.agencies}:
        raise ValidationError({"agency": [_("Choose one of the agencies listed.")]})
    data = Intake(
        procedure=offer.procedure.code,
        agency=agency_code,
        channel=Channel.ONLINE,
        applicant=applicant,
        documents=[
            DocumentLine(required=d.pk, originals=d.originals, copies=d.copies)
            for d in offer.documents
        ],
        return_method=ReturnMethod.ONLINE,
    )
    dossier = prepare(data, owner=user)
    return perform(dossier, Action.CREATE_DRAFT, user=user)


def applicant_of(dossier: Dossier) -> Applicant:
    return Applicant(
        kind=dossier.applicant_kind,
        name=dossier.applicant_name,
        id_number=dossier.applicant_id_number,
        birth_date=dossier.applicant_birth_date,
        tax_code=dossier.applicant_tax_code,
        phone=dossier.applicant_phone,
        email=dossier.applicant_email,
        address=dossier.applicant_address,
        representative_name=dossier.representative_name,
        representative_id_number=dossier.representative_id_number,
        representative_phone=dossier.representative_phone,
    )


def intake_of(dossier: Dossier) -> Intake:
    """The dossier's intake as it stands, without the checklist (edit_draft keeps it)."""
    return Intake(
        procedure=dossier.procedure.code,
        agency=dossier.agency.code,
        desk=dossier.desk.code,
        channel=dossier.channel,
        applicant=applicant_of(dossier),
        documents=[],
        sets=dossier.sets,
        return_method=dossier.return_method,
        return_address=dossier.return_address,
        summary=dossier.summary,
    )


def edit(dossier: Dossier, user, *, version: int | None = None, **changes) -> Dossier:
    """Change some of the intake (`applicant`, `summary`, `return_method`,
    `return_address`) through `edit_draft`; `version` guards against a concurrent change."""
    data = replace(intake_of(dossier), **changes)
    return perform(dossier, Action.EDIT_DRAFT, user=user, expected_version=version, intake=data)


def upload_kind(dossier: Dossier) -> str:
    """Files of a draft are the submission; later ones complete or supplement it."""
    if dossier.status == Status.DRAFT:
        return AttachmentKind.SUBMISSION
    return AttachmentKind.SUPPLEMENT


def upload(dossier: Dossier, user, uploaded: File, document: int | None = None) -> Attachment:
    """One file for a line of the checklist (or none: another document); the content is
    checked (type, 20 MB) by attachments.add_attachment."""
    return add_attachment(
        dossier, uploaded, user=user, kind=upload_kind(dossier), document=document
    )


@dataclass
class DocumentRow:
    """A line of the checklist with its files."""

    pk: int | None
    name: str
    originals: int
    copies: int
    template_name: str
    files: list[Attachment]


def document_rows(dossier: Dossier) -> list[DocumentRow]:
    """The checklist (lines in force) and its files, then the files for no line."""
    attachments = list(dossier.attachments.exclude(kind=AttachmentKind.RESULT))
    rows = []
    for line in dossier.documents.filter(position__gt=0).select_related("required"):
        rows.append(
            DocumentRow(
                pk=line.pk,
                name=line.name,
                originals=line.originals,
                copies=line.copies,
                template_name=line.required.template_name if line.required else "",
                files=[a for a in attachments if a.document_id == line.pk],
            )
        )
    listed = {row.pk for row in rows}
    rows.append(
        DocumentRow(
            pk=None,
            name="",
            originals=0,
            copies=0,
            template_name="",
            files=[a for a in attachments if a.document_id not in listed],
        )
    )
    return rows


def missing_files(dossier: Dossier) -> list[str]:
    """Checklist lines that have no file yet."""
    return [row.name for row in document_rows(dossier) if row.pk is not None and not row.files]


def submit(dossier: Dossier, user, *, version: int | None = None) -> Dossier:
    """Hand the dossier in (a draft, or one the desk asked to complete). An online dossier
    carries at least one file; lines without a file are shown before submitting."""
    if not dossier.attachments.exclude(kind=AttachmentKind.RESULT).exists():
        raise ValidationError(
            _("Upload the documents before you submit: the dossier has no file yet.")
        )
    return perform(dossier, Action.SUBMIT, user=user, expected_version=version)
