"""The officers' exports page (/can-bo/xuat-file/): request an agency register, follow the
exports being made (htmx polls while one is queued or running) and download the files.
Thin: services.request_export / page_of_exports / export_for / open_export do the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from motcua.core.uploads import format_size
from motcua.dossiers.forms import REGISTER_MAX_ROWS
from motcua.jobs import services
from motcua.jobs.forms import RegisterExportForm
from motcua.jobs.models import Export, ExportKind, ExportStatus

POLL_SECONDS = 3


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _row(export: Export) -> dict:
    params = export.parameters
    return {
        "export": export,
        "kind": ExportKind(export.kind).label if export.kind in ExportKind.values else export.kind,
        "agency": export.agency,
        "date_from": parse_date(params.get("date_from") or ""),
        "date_to": parse_date(params.get("date_to") or ""),
        "size": format_size(export.size) if export.size is not None else "",
        "done": export.status == ExportStatus.DONE,
        "failed": export.status == ExportStatus.FAILED,
    }


def _list_context(request: HttpRequest) -> dict:
    cursor = request.GET.get("cursor") or None
    page = services.page_of_exports(request.user, cursor)
    return {
        "rows": [_row(e) for e in page.exports],
        "pending": any(e.pending for e in page.exports),
        "next_cursor": page.next_cursor,
        "cursor": cursor,
        "poll_seconds": POLL_SECONDS,
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def exports_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = RegisterExportForm(request.user, request.POST)
        if form.is_valid():
            try:
                services.request_export(request.user, ExportKind.REGISTER, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except PermissionDenied as error:
                form.add_error("agency", str(error))
            else:
                messages.success(
                    request,
                    _(
                        "Your export was requested. It is made in the background; its "
                        "status below updates by itself."
                    ),
                )
                return redirect("jobs:exports")
        status = 400
    else:
        if _is_htmx(request):
            return render(request, "jobs/_list.html", _list_context(request))
        form = RegisterExportForm(request.user)
        status = 200
    context = _list_context(request)
    context["form"] = form
    context["has_agencies"] = form.fields["agency"].queryset.exists()
    context["max_rows"] = REGISTER_MAX_ROWS
    return render(request, "jobs/exports.html", context, status=status)


@login_required
@require_safe
def download(request: HttpRequest, export_id) -> FileResponse:
    try:
        export = services.export_for(request.user, export_id)
        handle = services.open_export(export)
    except services.ExportNotFound as error:
        raise Http404(str(error)) from None
    response = FileResponse(
        handle, content_type=export.content_type, as_attachment=True, filename=export.file_name
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
