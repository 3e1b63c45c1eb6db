"""Taking a dossier in: who applies, for what, with which documents (ND 61/2018 art. 17).

`prepare` validates the input and returns an unsaved Dossier; `engine.perform` with a
creating action (receive, request_completion, refuse, create_draft) records it. The
snapshot of the procedure version and the internal process is taken at reception, so
later catalogue edits never change a dossier in flight.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.agencies.services import (
    administrative_unit,
    agency_by_code,
    default_desk,
    subtree,
)
from motcua.catalogue.models import AgencyProcedure, Channel, Procedure, RequiredDocument
from motcua.catalogue.services.processes import process_in_force
from motcua.catalogue.services.versions import version_in_force
from motcua.core.text import fold, nfc
from motcua.core.validity import valid_on_q
from motcua.dossiers.models import (
    APPLICANT_DETAILS,
    ApplicantKind,
    Dossier,
    DossierStep,
    ReceivedDocument,
    ReturnMethod,
)
from motcua.dossiers.regime import regime_on
from motcua.dossiers.services import steps as plan
from motcua.worktime.units import DurationUnit

# ASCII digits only, and nothing after them: `\d` also matches full-width and other scripts'
# digits, and `$` matches before a trailing newline.
CITIZEN_ID = re.compile(r"^[0-9]{12}\Z")
TAX_CODE = re.compile(r"^[0-9]{10}(-[0-9]{3})?\Z")
PHONE = re.compile(r"^\+?[0-9]{9,12}\Z")


@dataclass
class Applicant:
    kind: str = ApplicantKind.PERSON
    name: str = ""
    id_number: str = ""
    birth_date: date | None = None
    tax_code: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    representative_name: str = ""
    representative_id_number: str = ""
    representative_phone: str = ""


@dataclass
class DocumentLine:
    required: int | None = None  # a RequiredDocument of the procedure version
    name: str = ""
    originals: int = 0
    copies: int = 0
    note: str = ""


@dataclass
class Intake:
    procedure: str  # national code
    agency: str  # competent agency's identifier code
    channel: int
    applicant: Applicant
    documents: list[DocumentLine] = field(default_factory=list)
    desk: str = ""  # receiving desk's code; the agency's default desk when empty
    sets: int = 1
    return_method: str = ReturnMethod.COUNTER
    return_address: str = ""
    summary: str = ""
    time_amount: Decimal | None = None  # only when the catalogue gives no time
    time_unit: str = ""


def _clean(value: str) -> str:
    return nfc(" ".join(str(value or "").split()))


def validate_applicant(a: Applicant) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def err(name: str, message: str) -> None:
        errors.setdefault(f"applicant.{name}", []).append(message)

    if a.kind not in ApplicantKind.values:
        err("kind", _("A person or an organisation."))
    if not _clean(a.name):
        err("name", _("Give the applicant's name."))
    if a.kind == ApplicantKind.PERSON and not CITIZEN_ID.match(a.id_number or ""):
        err("id_number", _("A citizen ID has 12 digits."))
    if a.kind == ApplicantKind.ORGANISATION and not TAX_CODE.match(a.tax_code or ""):
        err("tax_code", _("A tax code has 10 digits, or 10 digits, a hyphen and 3 digits."))
    if a.id_number and not CITIZEN_ID.match(a.id_number):
        err("id_number", _("A citizen ID has 12 digits."))
    if a.birth_date and a.birth_date > timezone.localdate():
        err("birth_date", _("The birth date is in the future."))
    if a.phone and not PHONE.match(a.phone.replace(" ", "")):
        err("phone", _("A phone number has 9 to 12 digits."))
    if a.email:
        try:
            validate_email(a.email)
        except ValidationError:
            err("email", _("Give a valid e-mail address."))
    if a.representative_id_number and not CITIZEN_ID.match(a.representative_id_number):
        err("representative_id_number", _("A citizen ID has 12 digits."))
    if a.representative_id_number and not _clean(a.representative_name):
        err("representative_name", _("Give the representative's name."))
    return errors


class Lookups:
    """What `prepare` and `take_snapshot` read from the agencies and the catalogue. This one
    asks the database every time; a bulk caller (history import) passes a subclass that
    remembers the answers for one run."""

    def procedure(self, code: str) -> Procedure | None:
        return Procedure.objects.filter(code=code).first()

    def agency(self, code: str) -> Agency:
        return agency_by_code(code)

    def handles(self, agency: Agency, procedure: Procedure, day: date) -> bool:
        return (
            AgencyProcedure.objects.filter(agency=agency, procedure=procedure)
            .filter(valid_on_q(day))
            .exists()
        )

    def version(self, procedure: Procedure, day: date):
        return version_in_force(procedure, day)

    def receives_for(self, desk: Agency, agency: Agency) -> bool:
        return subtree(administrative_unit(agency)).filter(pk=desk.pk).exists()

    def default_desk(self, agency: Agency) -> Agency:
        return default_desk(agency)

    def process(self, agency: Agency, procedure: Procedure, day: date):
        return process_in_force(agency, procedure, day)


DATABASE = Lookups()


def _agency(code: str, field_name: str, errors: dict, lookups: Lookups) -> Agency | None:
    try:
        return lookups.agency(code or "")
    except ValidationError as error:
        errors.setdefault(field_name, []).extend(error.messages)
        return None


def prepare(
    data: Intake, *, at: datetime | None = None, owner=None, lookups: Lookups = DATABASE
) -> Dossier:
    """Validate `data` and build the unsaved dossier; ValidationError lists every problem."""
    at = at or timezone.now()
    day = timezone.localtime(at).date()
    errors = validate_applicant(data.applicant)
    procedure = lookups.procedure((data.procedure or "").strip())
    if procedure is None:
        errors["procedure"] = [_("No procedure with code “%(code)s”.") % {"code": data.procedure}]
    agency = _agency(data.agency, "agency", errors, lookups)
    desk = _agency(data.desk, "desk", errors, lookups) if data.desk else None
    if data.channel not in Channel.values:
        errors["channel"] = [_("The channel is 1 (counter), 2 (online) or 3 (post).")]
    if data.return_method not in ReturnMethod.values:
        errors["return_method"] = [_("At the desk, online or by post.")]
    if data.return_method == ReturnMethod.POST and not _clean(data.return_address):
        errors["return_address"] = [_("Give the address to post the result to.")]
    if not 1 <= int(data.sets or 0) <= 99:
        errors["sets"] = [_("Between 1 and 99 sets.")]
    version = None
    if procedure is not None and agency is not None:
        if not lookups.handles(agency, procedure, day):
            errors["agency"] = [
                _("%(agency)s does not handle procedure %(code)s on %(day)s.")
                % {"agency": agency, "code": procedure.code, "day": day.strftime("%d/%m/%Y")}
            ]
        version = lookups.version(procedure, day)
        if version is None:
            errors["procedure"] = [
                _("Procedure %(code)s is not in force on %(day)s.")
                % {"code": procedure.code, "day": day.strftime("%d/%m/%Y")}
            ]
    if agency is not None and desk is not None:
        if not lookups.receives_for(desk, agency):
            errors["desk"] = [
                _("%(desk)s does not receive dossiers for %(agency)s.")
                % {"desk": desk, "agency": agency}
            ]
    if version is not None and data.documents:  # no line, no error: spare the query
        errors.update(_document_errors(data.documents, version.pk))
    if errors:
        raise ValidationError(errors)
    a = data.applicant
    dossier = Dossier(
        desk=desk or lookups.default_desk(agency),
        agency=agency,
        procedure=procedure,
        procedure_version=version,
        channel=data.channel,
        applicant_kind=a.kind,
        applicant_name=_clean(a.name),
        applicant_id_number=a.id_number or "",
        applicant_birth_date=a.birth_date,
        applicant_tax_code=a.tax_code or "",
        applicant_phone=(a.phone or "").replace(" ", ""),
        applicant_email=(a.email or "").strip(),
        applicant_address=_clean(a.address),
        representative_name=_clean(a.representative_name),
        representative_id_number=a.representative_id_number or "",
        representative_phone=(a.representative_phone or "").replace(" ", ""),
        owner=owner,
        sets=int(data.sets or 1),
        return_method=data.return_method,
        return_address=_clean(data.return_address),
        summary=_clean(data.summary)[:1000] or version.name[:1000],
        time_amount=data.time_amount,
        time_unit=data.time_unit or "",
        created_at=at,
    )
    dossier.names_folded = folded_names(dossier)
    # The checklist is recorded by the creating action (engine.perform), with the dossier.
    dossier.intake_documents = list(data.documents)
    return dossier


def folded_names(dossier: Dossier) -> str:
    return fold(f"{dossier.applicant_name} {dossier.representative_name}")[:520]


# What the applicant may change in a draft (edit_draft): everything but the procedure and
# the channel.
EDITABLE = (
    "agency",
    "desk",
    "procedure_version",
    "applicant_name",
    *APPLICANT_DETAILS,
    "names_folded",
    "sets",
    "return_method",
    "return_address",
    "summary",
)


def intake_documents(dossier: Dossier, given: Sequence[DocumentLine] | None) -> list:
    """The checklist of a dossier being created: the lines the action was given, else the
    ones `prepare` validated."""
    if given is not None:
        return list(given)
    return list(getattr(dossier, "intake_documents", None) or [])


def _document_errors(lines: Sequence[DocumentLine], version_id: int) -> dict[str, list[str]]:
    """Staff may ask only for the documents the procedure lists (domain.md §3)."""
    known = set(RequiredDocument.objects.filter(version_id=version_id).values_list("pk", flat=True))
    errors: list[str] = []
    for i, line in enumerate(lines, start=1):
        if line.required is None and not _clean(line.name):
            errors.append(_("Line %(n)s: name the document.") % {"n": i})
        if line.required is not None and line.required not in known:
            errors.append(
                _("Line %(n)s: document %(id)s is not one the procedure lists.")
                % {"n": i, "id": line.required}
            )
        if line.originals < 0 or line.copies < 0 or line.originals + line.copies > 99:
            errors.append(_("Line %(n)s: give between 0 and 99 originals and copies.") % {"n": i})
    return {"documents": errors} if errors else {}


def record_documents(
    dossier: Dossier, lines: Sequence[DocumentLine], *, replace: bool = False
) -> None:
    errors = _document_errors(lines, dossier.procedure_version_id)
    if errors:
        raise ValidationError(errors)
    if replace:
        # The checklist is re-ticked at reception; earlier lines stay in the event log.
        dossier.documents.all().update(position=0)
    required = {
        d.pk: d
        for d in RequiredDocument.objects.filter(pk__in=[x.required for x in lines if x.required])
    }
    start = dossier.documents.count()
    ReceivedDocument.objects.bulk_create(
        ReceivedDocument(
            dossier=dossier,
            required=required.get(line.required),
            position=start + i,
            name=_clean(line.name) or required[line.required].name,
            originals=line.originals,
            copies=line.copies,
            note=_clean(line.note)[:500],
        )
        for i, line in enumerate(lines, start=1)
    )


def document_summary(dossier: Dossier) -> list[dict]:
    return [
        {"name": d.name[:200], "originals": d.originals, "copies": d.copies}
        for d in dossier.documents.all()
    ]


def catalogue_time(version, channel: int) -> tuple[Decimal, str] | None:
    """The time the catalogue states for `channel` (the counter's when the channel has
    none, else any channel's); None when it states none in a known unit (the national data
    has entries like "1 OTHER")."""
    times = [
        t for t in version.processing_times.all() if t.amount and t.unit in DurationUnit.values
    ]
    for wanted in (channel, Channel.COUNTER):
        for t in times:
            if t.channel == wanted:
                return t.amount, t.unit
    return (times[0].amount, times[0].unit) if times else None


def time_needed(procedure: Procedure, agency: Agency, day: date) -> bool:
    """Whether the officer must give the processing time at reception: neither the
    catalogue nor an internal process of the agency in force on `day` gives one."""
    version = version_in_force(procedure, day)
    if version is None:
        return False  # reception is refused for another reason
    return catalogue_time(version, Channel.COUNTER) is None and (
        process_in_force(agency, procedure, day) is None
    )


def statutory_time(dossier: Dossier) -> tuple[Decimal, str]:
    """The time for the dossier's channel in its procedure version (counter time when the
    channel has none), else the internal process total, else what the officer gave."""
    stated = catalogue_time(dossier.procedure_version, dossier.channel)
    if stated is not None:
        return stated
    if dossier.process is not None:
        return dossier.process.total, dossier.process.unit
    if dossier.time_amount and dossier.time_unit:
        return dossier.time_amount, dossier.time_unit
    raise ValidationError(
        {"time_amount": [_("The catalogue gives no processing time for this procedure; give one.")]}
    )


def take_snapshot(dossier: Dossier, at: datetime, *, lookups: Lookups = DATABASE) -> None:
    """Fix the legal regime, the procedure version, the internal process and the statutory
    time as in force on the reception date."""
    day = timezone.localtime(at).date()
    # The rule set too: an online dossier submitted on 30/6/2025 and accepted on 1/7/2025
    # is handled under the 2025 regime (domain.md §2).
    dossier.regime = regime_on(day)
    version = lookups.version(dossier.procedure, day)
    if version is not None:
        dossier.procedure_version = version
    dossier.process = lookups.process(dossier.agency, dossier.procedure, day)
    dossier.time_amount, dossier.time_unit = statutory_time(dossier)


def create_plan(dossier: Dossier) -> list[DossierStep]:
    drafts = (
        plan.drafts_from_process(dossier.process)
        if dossier.process is not None
        else plan.default_drafts(dossier.desk, dossier.agency)
    )
    plan.create_plan(dossier, drafts)
    return plan.steps_of(dossier)
