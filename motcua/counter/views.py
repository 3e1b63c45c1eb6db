"""The counter's intake page for one-stop officers: one page, htmx partials, no full reload.

Thin: parse (forms.py), call services.py (which calls intake.prepare + engine.perform),
render. Only officers at a desk get in; anyone else is sent to sign in (anonymous) or
refused (403).
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from motcua.agencies.models import Agency
from motcua.counter import services
from motcua.counter.forms import IntakeForm, document_rows, new_token
from motcua.dossiers import forms as printed
from motcua.dossiers.permissions import visible_dossiers
from motcua.dossiers.regime import form_title
from motcua.dossiers.services.queries import by_key
from motcua.printing.dates import short_datetime

SESSION_DESK = "counter_desk"
PDF = "application/pdf"


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def officer_required(view):
    """Anonymous: to the sign-in page. Signed in without an officer role at a desk: 403."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        desks = services.officer_desks(request.user)
        if not desks:
            raise PermissionDenied(_("Only one-stop officers receive dossiers at the counter."))
        request.counter_desks = desks
        return view(request, *args, **kwargs)

    return wrapper


def _current_desk(request: HttpRequest, code: str | None = None) -> Agency:
    """The desk named in the request (it must be one of the officer's), else the one
    remembered in the session, else the first."""
    desks: list[Agency] = request.counter_desks
    if code:
        for desk in desks:
            if desk.code == code:
                return desk
        raise PermissionDenied(_("You do not receive dossiers at this desk."))
    remembered = request.session.get(SESSION_DESK)
    return next((d for d in desks if d.code == remembered), desks[0])


def _blank_form(desk: Agency) -> IntakeForm:
    return IntakeForm(initial={"token": new_token(), "desk": desk.code, "sets": 1})


def _context(request, desk: Agency, form: IntakeForm, **extra) -> dict:
    return {
        "desk": desk,
        "desks": request.counter_desks,
        "form": form,
        "info": None,
        "rows": [],
        "result": None,
        "focus": "id_procedure_query",
        **extra,
    }


def _workspace(request, context: dict, status: int = 200) -> HttpResponse:
    template = "counter/_workspace.html" if _is_htmx(request) else "counter/intake.html"
    return render(request, template, context, status=status)


@require_GET
@officer_required
def intake(request: HttpRequest) -> HttpResponse:
    desk = _current_desk(request)
    return render(request, "counter/intake.html", _context(request, desk, _blank_form(desk)))


@require_POST
@officer_required
def choose_desk(request: HttpRequest) -> HttpResponse:
    desk = _current_desk(request, request.POST.get("desk", "").strip() or None)
    request.session[SESSION_DESK] = desk.code
    return redirect("counter:intake")


@require_GET
@officer_required
def procedures(request: HttpRequest) -> HttpResponse:
    """Type-ahead: the desk's procedures matching what was typed (no diacritics needed)."""
    desk = _current_desk(request, request.GET.get("desk"))
    query = " ".join(request.GET.get("procedure_query", "").split())[:300]
    versions = services.search_procedures(desk, query) if query else []
    return render(
        request,
        "counter/_procedure_options.html",
        {"versions": versions, "query": query},
    )


@require_GET
@officer_required
def procedure(request: HttpRequest) -> HttpResponse:
    """The chosen procedure: competent agency, documents to tick, time and fees."""
    desk = _current_desk(request, request.GET.get("desk"))
    info = services.procedure_at_desk(desk, request.GET.get("procedure", ""))
    rows = document_rows(list(info.version.documents.all()), None)[0] if info else []
    return render(
        request,
        "counter/_procedure_detail.html",
        {
            "info": info,
            "rows": rows,
            "agency_code": "",
            "document_errors": [],
            "form": IntakeForm(),  # the time fields, when the officer must give the time
        },
    )


@require_GET
@officer_required
def applicant(request: HttpRequest) -> HttpResponse:
    """The applicant's earlier dossiers at the user's agencies, and what to pre-fill."""
    id_number = request.GET.get("id_number", "").strip()
    tax_code = request.GET.get("tax_code", "").strip()
    dossiers = services.earlier_dossiers(request.user, id_number=id_number, tax_code=tax_code)
    return render(
        request,
        "counter/_applicant.html",
        {
            "dossiers": dossiers,
            "searched": bool(id_number or tax_code),
            "prefill": services.prefill(dossiers[0]) if dossiers else None,
        },
    )


def _procedure_code(form: IntakeForm) -> str:
    """The chosen procedure's code; without the type-ahead, what was typed if it starts
    with a code ("1.001193" or "1.001193 · name")."""
    code = (form.cleaned_data.get("procedure") or "").strip()
    if code:
        return code
    typed = (form.cleaned_data.get("procedure_query") or "").strip()
    return typed.split(" ", 1)[0] if typed else ""


@require_POST
@officer_required
def submit(request: HttpRequest) -> HttpResponse:
    form = IntakeForm(request.POST)
    valid = form.is_valid()
    desk = _current_desk(request, request.POST.get("desk", "").strip() or None)
    data = form.cleaned_data
    info = services.procedure_at_desk(desk, _procedure_code(form))
    rows, lines, unticked = [], [], []
    if info is None:
        form.add_error(
            "procedure_query", _("Choose a procedure that this desk receives, from the list.")
        )
    else:
        rows, lines, unticked = document_rows(list(info.version.documents.all()), request.POST)
        if any(row.error for row in rows):
            form.document_errors.append(_("Give between 0 and 99 originals and copies."))
        codes = [a.code for a in info.agencies]
        agency_code = data.get("agency") or (codes[0] if len(codes) == 1 else "")
        if agency_code not in codes:
            form.add_error("agency", _("Choose the competent agency."))
        else:
            data["agency"] = agency_code
            data["procedure"] = info.procedure.code
    result = None
    if valid and not form.errors and not form.document_errors:
        outcome = data.get("outcome") or "receive"
        missing = form.missing_lines() or unticked
        try:
            result = services.take_in(
                request.user,
                form.to_intake(lines),
                outcome,
                token=data["token"],
                reason=data.get("reason", ""),
                missing=missing if outcome == "request_completion" else [],
                body_sha256=services.fingerprint(
                    (k, v)
                    for k, values in request.POST.lists()
                    if k != "csrfmiddlewaretoken"
                    for v in values
                ),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_domain_errors(error.message_dict)
            else:
                form.add_domain_errors({"__all__": error.messages})
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You may not do this."))
    if result is not None:
        return _workspace(request, _context(request, desk, _blank_form(desk), **_result(result)))
    form.mark_errors()
    context = _context(
        request,
        desk,
        form,
        info=info,
        rows=rows,
        agency_code=data.get("agency", ""),
        document_errors=form.document_errors,
        focus=_first_error(form),
    )
    return _workspace(request, context, status=200 if _is_htmx(request) else 422)


_TITLES = {
    "receive": gettext_lazy("Dossier received"),
    "request_completion": gettext_lazy("Completion requested"),
    "refuse": gettext_lazy("Dossier refused"),
}
_PRINT_LABELS = {
    "receive": gettext_lazy("Print the receipt (form %(number)s)"),
    "request_completion": gettext_lazy("Print the request for completion (form %(number)s)"),
    "refuse": gettext_lazy("Print the refusal (form %(number)s)"),
}


def _result(result: services.Recorded) -> dict:
    dossier = result.dossier
    form = services.OUTCOME_FORMS.get(result.outcome, "receipt")
    title = form_title(dossier.regime, form)
    number = title.number if title is not None else ""
    appointment = short_datetime(dossier.due_at) if result.outcome == "receive" else ""
    announce = f"{_TITLES[result.outcome]}: {dossier.code}."
    if appointment:
        announce += " " + _("Appointment: %(when)s.") % {"when": appointment}
    return {
        "result": result,
        "result_title": _TITLES[result.outcome],
        "print_label": _PRINT_LABELS[result.outcome] % {"number": number},
        "print_url": reverse("counter:print", args=[dossier.code, form]),
        "appointment": appointment,
        "announce": announce,
    }


def _first_error(form: IntakeForm) -> str:
    for name in form.fields:
        if name in form.errors and not form.fields[name].widget.is_hidden:
            return form[name].auto_id
    return "intake-errors"


@require_GET
@officer_required
def print_form(request: HttpRequest, code: str, form: str) -> HttpResponse:
    """A printed form of a dossier the officer may see, as a PDF to print (new tab)."""
    if form not in printed.FORMS:
        raise Http404(_("Unknown form."))
    dossier = by_key(
        visible_dossiers(request.user).select_related(
            "desk", "agency", "procedure", "procedure_version", "process"
        ),
        code,
    )
    if dossier is None:
        raise Http404(_("No dossier %(key)s that you may see.") % {"key": code})
    try:
        content = printed.render_form(dossier, form)
    except printed.FormUnavailable as error:
        raise Http404(" ".join(error.messages)) from None
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="{form}-{dossier.key}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
