"""The counter's intake: which desk an officer works at, what that desk receives, the
applicant's earlier dossiers, and recording a dossier exactly once per intake form.

Plain functions over the domain: the page (views.py) parses and renders, these decide.
Recording goes through `intake.prepare` + `engine.perform`, as POST /api/v1/dossiers/ does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, Role
from motcua.agencies.policy import agencies_in_scope, roles_of
from motcua.agencies.services import ADMINISTRATIVE_LEVELS, administrative_unit, subtree
from motcua.api.idempotency import bounded_lock_wait
from motcua.api.models import IdempotentRequest
from motcua.catalogue.models import AgencyProcedure, Channel, Procedure, ProcedureVersion
from motcua.catalogue.services.search import search_versions
from motcua.catalogue.services.versions import describe_time, version_in_force
from motcua.core.validity import valid_on_q
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import visible_dossiers
from motcua.dossiers.services.engine import perform
from motcua.dossiers.services.intake import CITIZEN_ID, TAX_CODE, Intake, prepare, time_needed
from motcua.dossiers.workflow import Action

# What the three buttons of the counter do (the creating actions of the desk).
OUTCOMES: dict[str, Action] = {
    "receive": Action.RECEIVE,
    "request_completion": Action.REQUEST_COMPLETION,
    "refuse": Action.REFUSE,
}
# The printed form each outcome produces (workflow.Form values).
OUTCOME_FORMS = {"receive": "receipt", "request_completion": "supplement", "refuse": "refusal"}
IDEMPOTENCY_PREFIX = "counter:"
IDEMPOTENCY_PATH = "counter:intake"
EARLIER_LIMIT = 10
SUGGESTIONS = 12


def _today(on: date | None = None) -> date:
    return on or timezone.localdate()


# --- desks ------------------------------------------------------------------------------


def officer_desks(user, on: date | None = None) -> list[Agency]:
    """The open one-stop desks where `user` may receive as an officer, in tree order.

    A unit that designated no desk receives at the agency where the officer's role is held.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    day = _today(on)
    scope = agencies_in_scope(user, [Role.OFFICER])
    open_q = valid_on_q(day)
    desks = list(
        scope.filter(open_q, is_desk=True, merged_into__isnull=True).order_by("path", "pk")
    )
    if desks or user.is_superuser:
        return desks
    held = (
        roles_of(user)
        .filter(role=Role.OFFICER, agency__merged_into__isnull=True)
        .filter(valid_on_q(day, "agency__"))
    )
    return sorted({r.agency for r in held}, key=lambda a: (a.path, a.pk))


def desk_of(user, code: str, on: date | None = None) -> Agency | None:
    """The desk with identifier `code` if `user` may receive there, else None."""
    return next((d for d in officer_desks(user, on) if d.code == code), None)


def desk_agency_ids(desk: Agency, on: date | None = None) -> set[int]:
    """Agencies the desk receives for: its administrative unit and the units under it,
    except those of lower administrative units (a commune has its own desk), as
    agencies.services.desks_for decides the other way round (ND 61/2018 art. 17)."""
    day = _today(on)
    unit = administrative_unit(desk)
    rows = list(
        subtree(unit)
        .filter(valid_on_q(day), merged_into__isnull=True)
        .values_list("pk", "path", "level")
    )
    nested = [path for pk, path, level in rows if level in ADMINISTRATIVE_LEVELS and pk != unit.pk]
    return {pk for pk, path, _level in rows if not any(path.startswith(n) for n in nested)}


def _handled(ids: Iterable[int], day: date) -> QuerySet[AgencyProcedure]:
    return AgencyProcedure.objects.filter(valid_on_q(day), agency_id__in=list(ids))


def search_procedures(
    desk: Agency, query: str, *, on: date | None = None, limit: int = SUGGESTIONS
) -> list[ProcedureVersion]:
    """Versions in force of the procedures the desk receives, matching `query` without
    diacritics (catalogue search), one per procedure, by code."""
    day = _today(on)
    handled = _handled(desk_agency_ids(desk, day), day).filter(procedure=OuterRef("procedure"))
    found: list[ProcedureVersion] = []
    seen: set[int] = set()
    for version in search_versions(query, on=day).filter(Exists(handled))[: limit * 3]:
        if version.procedure_id not in seen:
            seen.add(version.procedure_id)
            found.append(version)
        if len(found) == limit:
            break
    return found


def competent_agencies(desk: Agency, procedure: Procedure, on: date | None = None) -> list[Agency]:
    """Agencies of the desk's unit that handle `procedure` today."""
    day = _today(on)
    ids = _handled(desk_agency_ids(desk, day), day).filter(procedure=procedure)
    return list(Agency.objects.filter(pk__in=ids.values("agency_id")).order_by("path"))


@dataclass
class ProcedureAtDesk:
    """What the counter shows once a procedure is chosen."""

    procedure: Procedure
    version: ProcedureVersion
    agencies: list[Agency]
    times: list[str]  # statutory time for the counter channel, as published
    fees: list  # catalogue.views.FeeView rows for the counter channel
    time_needed: bool = False  # the officer gives the time (intake.time_needed)


def procedure_at_desk(desk: Agency, code: str, on: date | None = None) -> ProcedureAtDesk | None:
    """The procedure `code` as the desk receives it today, or None if the desk does not."""
    day = _today(on)
    procedure = Procedure.objects.filter(code=(code or "").strip()).first()
    if procedure is None:
        return None
    version = version_in_force(procedure, day)
    agencies = competent_agencies(desk, procedure, day)
    if version is None or not agencies:
        return None
    version = (
        ProcedureVersion.objects.select_related("procedure")
        .prefetch_related("processing_times", "fees", "documents")
        .get(pk=version.pk)
    )
    # Imported here: catalogue.views is the presentation of fees (FeeView), shared.
    from motcua.catalogue.views import fee_view

    times = [
        describe_time(t) for t in version.processing_times.all() if t.channel == Channel.COUNTER
    ]
    fees = [
        fee_view(f.amount_vnd, f.description, f.disputed)
        for f in version.fees.all()
        if f.channel == Channel.COUNTER
    ]
    needed = any(time_needed(procedure, agency, day) for agency in agencies)
    return ProcedureAtDesk(procedure, version, agencies, times, fees, needed)


# --- the applicant's earlier dossiers -----------------------------------------------------


def earlier_dossiers(
    user, *, id_number: str = "", tax_code: str = "", limit: int = EARLIER_LIMIT
) -> list[Dossier]:
    """The latest dossiers of one applicant (citizen ID, else tax code) that `user` may see
    (permissions.visible_dossiers: the user's agencies), newest first."""
    qs = visible_dossiers(user)
    if id_number and CITIZEN_ID.match(id_number):
        qs = qs.filter(applicant_id_number=id_number)
    elif tax_code and TAX_CODE.match(tax_code):
        qs = qs.filter(applicant_tax_code=tax_code)
    else:
        return []
    return list(
        qs.select_related("procedure", "procedure_version", "agency").order_by(
            "-created_at", "-id"
        )[:limit]
    )


PREFILLED = ("name", "birth_date", "phone", "email", "address")


def prefill(dossier: Dossier) -> dict[str, str]:
    """The applicant's details as the latest dossier recorded them (form field names)."""
    return {
        "applicant_kind": dossier.applicant_kind,
        "name": dossier.applicant_name,
        "birth_date": dossier.applicant_birth_date.isoformat()
        if dossier.applicant_birth_date
        else "",
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
        "address": dossier.applicant_address,
    }


# --- recording ------------------------------------------------------------------------------


def fingerprint(items: Iterable[tuple[str, str]]) -> str:
    """SHA-256 of the submitted form (name/value pairs, order-insensitive)."""
    digest = hashlib.sha256()
    for name, value in sorted(items):
        digest.update(f"{name}\0{value}\n".encode())
    return digest.hexdigest()


@dataclass
class Recorded:
    dossier: Dossier
    outcome: str
    replayed: bool  # the same form was submitted before: nothing was created now


def _replay(user, key: str) -> Recorded:
    record = IdempotentRequest.objects.filter(user=user, key=key).first()
    if record is None or not isinstance(record.response_body, dict):
        raise ValidationError(_("This form is being recorded; wait a moment."), code="in_use")
    dossier = Dossier.objects.filter(pk=record.response_body.get("dossier")).first()
    if dossier is None:
        raise ValidationError(_("This form was already used; reload the page."), code="used")
    return Recorded(dossier, str(record.response_body.get("outcome", "")), True)


def record_once(
    user,
    token: str,
    outcome: str,
    create: Callable[[], Dossier],
    *,
    body_sha256: str = "",
) -> Recorded:
    """Run `create` at most once per (user, form token).

    The token's row (api.models.IdempotentRequest, as the API's Idempotency-Key) is inserted
    in the same transaction as the dossier: a double click waits for the first request and
    gets its dossier back; a failure stores nothing, so the corrected form may be sent again.
    """
    key = f"{IDEMPOTENCY_PREFIX}{token}"
    with transaction.atomic():
        try:
            with transaction.atomic(), bounded_lock_wait():
                record = IdempotentRequest.objects.create(
                    user=user,
                    key=key,
                    method="POST",
                    path=IDEMPOTENCY_PATH,
                    body_sha256=body_sha256,
                )
        except IntegrityError:
            return _replay(user, key)
        dossier = create()
        record.response_status = 201
        record.response_body = {"dossier": dossier.pk, "code": dossier.code, "outcome": outcome}
        record.save(update_fields=["response_status", "response_body"])
    return Recorded(dossier, outcome, False)


def take_in(
    user,
    data: Intake,
    outcome: str,
    *,
    token: str,
    reason: str = "",
    missing: list[str] | None = None,
    body_sha256: str = "",
) -> Recorded:
    """Record what the officer took in at the counter with one of the three outcomes
    (receive: form 01; request_completion: form 02; refuse: form 03), once per token.

    Raises ValidationError (bad input, per field) or PermissionDenied; nothing is written then.
    """
    if outcome not in OUTCOMES:
        raise ValidationError({"outcome": [_("Receive, request completion or refuse.")]})

    def create() -> Dossier:
        dossier = prepare(data)
        return perform(
            dossier, OUTCOMES[outcome], user=user, reason=reason, missing=list(missing or [])
        )

    return record_once(user, token, outcome, create, body_sha256=body_sha256)
