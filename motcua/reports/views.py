"""The report page, its downloads and the drill-down list. Thin: parse with forms /
reports.query, compute with reports.resolution, render with layout / exports."""

from __future__ import annotations

import re

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from motcua.dossiers.permissions import visible_dossiers
from motcua.reports import charts, exports, layout
from motcua.reports.forms import ReportForm
from motcua.reports.policy import report_agencies
from motcua.reports.query import check_column, report_query
from motcua.reports.resolution import COLUMN_LABELS, resolution, resolution_dossiers
from motcua.reports.steps import step_timeliness
from motcua.reports.yearly import yearly_report

PAGE_SIZE = 25
_CURSOR = re.compile(r"[0-9]{1,18}")
_YEAR = re.compile(r"[0-9]{4}")  # ASCII digits: str.isdigit() takes "²", which int() refuses


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    user = request.user
    if not (user.is_authenticated and user.is_active):
        return redirect_to_login(request.get_full_path())
    return None


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return list(error.messages)


@require_safe
def resolution_page(request: HttpRequest) -> HttpResponse:
    if (response := _signed_in(request)) is not None:
        return response
    if not report_agencies(request.user).exists():
        return render(request, "reports/resolution.html", {"forbidden": True}, status=403)
    form = ReportForm(request.user, request.GET or None)
    context: dict = {"form": form, "errors": []}
    if request.GET and form.is_valid():
        data = form.cleaned_data
        try:
            query = report_query(
                request.user,
                data["agency"],
                data["start"].isoformat(),
                data["end"].isoformat(),
                data["group_by"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            context["errors"] = _messages(error)
            return render(request, "reports/resolution.html", context, status=400)
        report = resolution(query.agency, query.start, query.end, query.group_by)
        fmt = request.GET.get("format", "")
        if fmt in ("csv", "xlsx", "pdf"):
            response = HttpResponse(exports.render(report, fmt), exports.CONTENT_TYPES[fmt])
            response["Content-Disposition"] = (
                f'attachment; filename="{exports.filename(report, fmt)}"'
            )
            return response
        base = {
            "agency": query.agency.code,
            "from": query.start.isoformat(),
            "to": query.end.isoformat(),
            "group_by": query.group_by,
        }
        context.update(
            report=report,
            header_rows=layout.header_cells(),
            depth=layout.DEPTH,
            table=[_linked(row, base) for row in report.rows],
            total=_linked(report.total, base),
            download=urlencode(request.GET.items()),
            steps_by_agency=step_timeliness(query.agency, query.start, query.end, "agency"),
            steps_by_officer=step_timeliness(query.agency, query.start, query.end, "officer"),
            charts=charts.report_charts(report),
        )
    elif request.GET:
        context["errors"] = _messages(ValidationError(form.errors.get("__all__", [])))
        return render(request, "reports/resolution.html", context, status=400)
    return render(request, "reports/resolution.html", context)


def _linked(row: dict, base: dict) -> dict:
    cells = []
    for key, value in layout.values(row):
        href = None
        if key != "on_time_rate":
            href = (
                reverse("reports:dossiers")
                + "?"
                + urlencode({**base, "key": row["key"], "column": key})
            )
        cells.append({"key": key, "value": value, "href": href})
    return {"key": row["key"], "label": row["label"], "cells": cells}


@require_safe
def resolution_dossiers_page(request: HttpRequest) -> HttpResponse:
    if (response := _signed_in(request)) is not None:
        return response
    params = request.GET
    try:
        query = report_query(
            request.user,
            params.get("agency"),
            params.get("from"),
            params.get("to"),
            params.get("group_by"),
        )
        column = check_column(params.get("column"))
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        return render(request, "reports/dossiers.html", {"errors": _messages(error)}, status=400)
    key = params.get("key", "")
    qs = resolution_dossiers(query.agency, query.start, query.end, key, column, query.group_by)
    qs = (
        visible_dossiers(request.user, qs)
        .select_related("agency", "procedure", "procedure_version")
        .order_by("-id")
    )
    after = params.get("after", "")
    if after:
        if not _CURSOR.fullmatch(after):
            return render(request, "reports/dossiers.html", {"errors": ["?after"]}, status=400)
        qs = qs.filter(pk__lt=int(after))
    rows = list(qs[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    next_url = None
    if more:
        next_url = "?" + urlencode({**params.dict(), "after": rows[-1].pk})
    label = COLUMN_LABELS.get(column)
    back = (
        reverse("reports:resolution")
        + "?"
        + urlencode(
            {
                "agency": query.agency.code,
                "period": "range",
                "start": query.start.isoformat(),
                "end": query.end.isoformat(),
                "group_by": query.group_by,
            }
        )
    )
    return render(
        request,
        "reports/dossiers.html",
        {
            "query": query,
            "column_label": label,
            "key": key,
            "rows": rows,
            "next_url": next_url,
            "back": back,
        },
    )


@require_safe
def yearly_page(request: HttpRequest) -> HttpResponse:
    """The yearly report as PDF or DOCX (the oversight page's buttons):
    ?agency=CODE&year=YYYY[&format=pdf|docx]."""
    if (response := _signed_in(request)) is not None:
        return response
    year = request.GET.get("year", "")
    if not (_YEAR.fullmatch(year) and 1900 <= int(year) <= 2100):
        return HttpResponse(_("Give a year between 1900 and 2100."), status=400)
    fmt = request.GET.get("format") or "pdf"
    if fmt not in exports.YEARLY_FORMATS:
        choices = ", ".join(exports.YEARLY_FORMATS)
        return HttpResponse(_("Choose the format: %(choices)s.") % {"choices": choices}, status=400)
    try:
        query = report_query(
            request.user, request.GET.get("agency"), f"{year}-01-01", f"{year}-12-31", None
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        return HttpResponse(" ".join(_messages(error)), status=400)
    report = yearly_report(query.agency, int(year))
    response = HttpResponse(
        exports.yearly_document(report, fmt), content_type=exports.YEARLY_CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.yearly_filename(report, fmt)}"'
    )
    return response
