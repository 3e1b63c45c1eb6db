"""Background exports: request, run, list and open them (docs/jobs.md).

    request_export(user, kind, **params) -> Export     validate, record, enqueue
    run_export(export_id) -> Export | None             the Huey task's body; never raises
    exports_of(user) -> QuerySet[Export]               the requester's own, newest first
    page_of_exports(user, cursor) -> ExportPage        one keyset page of them (pages)
    export_for(user, export_id) -> Export              one the user may see, or NotFound
    open_export(export) -> File                        the stored file (caller closes it)

An export kind is a validator (its parameters → the row's agency and JSON parameters,
checking the permission) plus a renderer (the row → file name and bytes). The register
reuses the rule of GET /api/v1/agencies/{code}/register/ (forms.check_register_access) and
forms.render_register, with up to forms.REGISTER_MAX_ROWS rows instead of the HTTP limit.

The row is created first; the task is enqueued after the transaction commits (a consumer
must find the row), or run at once in Huey's immediate mode. The task claims the row with a
conditional UPDATE (queued → running), so a task delivered twice renders once. Any error
ends as status "failed" with a message for the requester: the task never raises, so Huey
never retries it in a loop. Nothing is ever deleted.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.agencies.services import agency_by_code
from motcua.core.storage import open_stored, store_upload
from motcua.core.uploads import inspect_upload
from motcua.dossiers import forms
from motcua.jobs.models import Export, ExportKind, ExportStatus

logger = logging.getLogger(__name__)

STORAGE_PREFIX = "exports"
# A register of REGISTER_MAX_ROWS rows is a few MB; anything far beyond is a bug.
EXPORT_MAX_BYTES = 512 * 1024 * 1024


class ExportNotFound(ObjectDoesNotExist):
    """No such export, or one the user may not see (the same answer for both)."""


@dataclass(frozen=True)
class Prepared:
    agency: Agency | None
    parameters: dict[str, Any]


@dataclass(frozen=True)
class Rendered:
    file_name: str
    content: bytes


# --- the register -------------------------------------------------------------------------


def _day(value: date | str | None, field: str) -> date:
    if isinstance(value, date):
        return value
    day = None
    if isinstance(value, str) and value:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            day = None
    if day is None:
        raise ValidationError(
            {field: [_("Not a valid date (YYYY-MM-DD): %(value)s.") % {"value": value or ""}]},
            code="invalid",
        )
    return day


# forms.register_dossiers names the period's ends "from" / "to".
_REGISTER_FIELDS = {"from": "date_from", "to": "date_to"}


def _register_agency(value: Agency | str | None) -> Agency:
    if isinstance(value, Agency):
        return value
    if not value:
        raise ValidationError({"agency": [_("Choose an agency.")]}, code="required")
    try:
        return agency_by_code(str(value))
    except ValidationError as error:
        raise ValidationError({"agency": error.messages}, code="invalid") from None


def prepare_register(
    user,
    *,
    agency: Agency | str | None = None,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
) -> Prepared:
    """Check a register request: the agency exists and `user` may print its register, the
    period is valid and holds at most REGISTER_MAX_ROWS dossiers."""
    unit = _register_agency(agency)
    errors: dict[str, list[str]] = {}
    days: dict[str, date] = {}
    for field, value in (("date_from", date_from), ("date_to", date_to)):
        try:
            days[field] = _day(value, field)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if user is not None:  # None: the operator
        forms.check_register_access(user, unit)
    start, end = days["date_from"], days["date_to"]
    try:
        dossiers = forms.register_dossiers(unit, start, end)
    except ValidationError as error:
        raise ValidationError(
            {_REGISTER_FIELDS.get(k, k): v for k, v in error.message_dict.items()}
        ) from None
    limit = forms.REGISTER_MAX_ROWS
    if dossiers.values("pk")[: limit + 1].count() > limit:
        raise ValidationError(
            {
                "date_to": [
                    _(
                        "More than %(max)s dossiers were received in this period: request "
                        "the register for a shorter period."
                    )
                    % {"max": limit}
                ]
            },
            code="too_many",
        )
    return Prepared(
        agency=unit,
        parameters={
            "agency": unit.code,
            "date_from": start.isoformat(),
            "date_to": end.isoformat(),
        },
    )


def render_register_export(export: Export) -> Rendered:
    agency = export.agency
    start = date.fromisoformat(export.parameters["date_from"])
    end = date.fromisoformat(export.parameters["date_to"])
    if export.requested_by is not None:  # they may have lost the role since asking
        forms.check_register_access(export.requested_by, agency)
    content = forms.render_register(agency, start, end, max_rows=forms.REGISTER_MAX_ROWS)
    return Rendered(f"register-{agency.code}-{start:%Y%m%d}-{end:%Y%m%d}.pdf", content)


@dataclass(frozen=True)
class Kind:
    prepare: Callable[..., Prepared]
    render: Callable[[Export], Rendered]
    # Who besides the requester may see an export of this kind and download its file.
    may_see: Callable[[Any, Export], bool]


def _may_see_register(user, export: Export) -> bool:
    return (
        export.agency_id is not None
        and forms.register_agencies(user).filter(pk=export.agency_id).exists()
    )


KINDS: dict[str, Kind] = {
    ExportKind.REGISTER: Kind(prepare_register, render_register_export, _may_see_register),
}


def too_many_for_http(limit: int) -> str:
    """The message of the synchronous register endpoint when the period is too long."""
    return _(
        "More than %(max)s dossiers were received in this period, too many to print while "
        "you wait: request the register as a background export with POST /api/v1/exports/ "
        "(kind “register”), or print a shorter period."
    ) % {"max": limit}


# --- requesting ---------------------------------------------------------------------------


def _kind(kind: str) -> Kind:
    found = KINDS.get(kind)
    if found is None:
        raise ValidationError(
            {
                "kind": [
                    _("Unknown export “%(kind)s”; valid kinds: %(kinds)s.")
                    % {"kind": kind, "kinds": ", ".join(KINDS)}
                ]
            },
            code="invalid",
        )
    return found


def request_export(
    user, kind: str, *, operator: bool = False, enqueue: bool = True, **params: Any
) -> Export:
    """Record an export for `user` and enqueue it. ValidationError for bad parameters,
    PermissionDenied when `user` may not have it; nothing is recorded then.

    `operator=True` (with user None): the operator at the command line, trusted like
    `motcua dossier register` (no permission check). `enqueue=False`: the caller runs it
    (`run_export`) itself, e.g. `motcua export register --wait`."""
    if operator:
        if user is not None:
            raise ValueError("An operator's export has no user.")
    elif user is None or not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Sign in to request an export."))
    prepared = _kind(kind).prepare(user, **params)
    export = Export.objects.create(
        kind=kind,
        parameters=prepared.parameters,
        requested_by=user,
        agency=prepared.agency,
        status=ExportStatus.QUEUED,
        created_at=timezone.now(),
        language=translation.get_language() or "vi",
    )
    if enqueue:
        _enqueue(export.pk)
    return export


def _enqueue(export_id: uuid.UUID) -> None:
    from motcua.jobs.tasks import run_export_task

    def send() -> None:
        try:
            run_export_task(str(export_id))
        except Exception:  # the queue is down: say so on the row, never a 500
            logger.exception("Could not enqueue export %s", export_id)
            _fail(
                export_id,
                _("The job queue could not be reached. Request the export again later."),
            )

    if run_export_task.huey.immediate:
        send()  # in-process (tests, or a deployment without a consumer)
    else:
        transaction.on_commit(send)


# --- running ------------------------------------------------------------------------------


def _fail(export_id, message: str) -> None:
    Export.objects.filter(pk=export_id).exclude(status=ExportStatus.DONE).update(
        status=ExportStatus.FAILED, finished_at=timezone.now(), error=message
    )


def run_export(export_id: uuid.UUID | str) -> Export | None:
    """Render a queued export and store its file. Returns the row, or None when there is no
    such export or it is no longer queued (already taken by another delivery)."""
    claimed = Export.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        logger.warning("Export %s is not queued: nothing to do.", export_id)
        return None
    export = Export.objects.select_related("agency", "requested_by").get(pk=export_id)
    with translation.override(export.language or "vi"):
        try:
            rendered = KINDS[export.kind].render(export)
            upload = ContentFile(rendered.content, name=rendered.file_name)
            info = inspect_upload(upload, max_bytes=EXPORT_MAX_BYTES)
            storage_name = store_upload(upload, info, prefix=STORAGE_PREFIX)
        except (ValidationError, PermissionDenied) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            _fail(export.pk, " ".join(messages))
        except Exception:
            logger.exception("Export %s failed", export.pk)
            _fail(
                export.pk,
                _(
                    "The export could not be made because of an internal error. Request it "
                    "again; if it fails again, tell the system administrator."
                ),
            )
        else:
            Export.objects.filter(pk=export.pk).update(
                status=ExportStatus.DONE,
                finished_at=timezone.now(),
                storage_name=storage_name,
                file_name=rendered.file_name,
                content_type=info.content_type,
                size=info.size,
                sha256=info.sha256,
                error="",
            )
    export.refresh_from_db()
    return export


# --- reading ------------------------------------------------------------------------------


def exports_of(user) -> QuerySet[Export]:
    """The exports `user` requested, newest first (keyset-paginate on created_at, id)."""
    return Export.objects.filter(requested_by=user).select_related("agency", "requested_by")


@dataclass(frozen=True)
class ExportPage:
    exports: list[Export]
    next_cursor: str | None  # pass back as `cursor` for the older ones; None: the last page


def _cursor_of(export: Export) -> str:
    return f"{export.created_at.isoformat()}~{export.pk}"


def page_of_exports(user, cursor: str | None = None, size: int = 20) -> ExportPage:
    """One keyset page of `user`'s exports, newest first (no COUNT). A cursor that cannot
    be read starts from the newest."""
    qs = exports_of(user)
    if cursor:
        try:
            at_text, _sep, key = cursor.partition("~")
            at = datetime.fromisoformat(at_text)
            pk = uuid.UUID(key)
        except ValueError:
            pass
        else:
            if timezone.is_aware(at):
                qs = qs.filter(Q(created_at__lt=at) | Q(created_at=at, pk__lt=pk))
    rows = list(qs.order_by("-created_at", "-id")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return ExportPage(rows, _cursor_of(rows[-1]) if more else None)


def may_see(user, export: Export) -> bool:
    """The requester, or someone the export's kind allows (for the register: whoever may
    print that agency's register)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if export.requested_by_id is not None and export.requested_by_id == user.pk:
        return True
    kind = KINDS.get(export.kind)
    return kind is not None and kind.may_see(user, export)


def export_for(user, export_id: uuid.UUID | str) -> Export:
    """The export `export_id` if `user` may see it; ExportNotFound otherwise."""
    try:
        key = uuid.UUID(str(export_id))
    except ValueError:
        raise ExportNotFound(_("No export %(id)s that you may see.") % {"id": export_id}) from None
    export = Export.objects.select_related("agency", "requested_by").filter(pk=key).first()
    if export is None or not may_see(user, export):
        raise ExportNotFound(_("No export %(id)s that you may see.") % {"id": export_id})
    return export


def open_export(export: Export) -> File:
    """The file of a done export, opened for reading; ExportNotFound if it has none."""
    if export.status != ExportStatus.DONE or not export.storage_name:
        raise ExportNotFound(_("This export has no file yet."))
    return open_stored(export.storage_name)
