"""The online submission wizard: agency, applicant, request, documents, delivery, review.

The first page (agency) creates nothing; the applicant page creates the DRAFT dossier and
every later page changes it (services.submission), so a closed browser loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from motcua.citizens.forms import (
    ApplicantForm,
    ContentForm,
    DeliveryForm,
    UploadForm,
    add_errors,
    upload_help,
)
from motcua.citizens.services import accounts, submission, tracking
from motcua.dossiers.models import Dossier, ReturnMethod
from motcua.dossiers.services.engine import StaleDossier
from motcua.dossiers.services.intake import Applicant


@dataclass(frozen=True)
class Step:
    name: str
    slug: str
    label: str


STEPS = (
    Step("agency", "", gettext_lazy("Agency")),
    Step("applicant", "nguoi-nop", gettext_lazy("Applicant")),
    Step("content", "noi-dung", gettext_lazy("Request")),
    Step("documents", "giay-to", gettext_lazy("Documents")),
    Step("delivery", "nhan-ket-qua", gettext_lazy("Result delivery")),
    Step("review", "xem-lai", gettext_lazy("Review and submit")),
)
BY_SLUG = {s.slug: s for s in STEPS if s.slug}


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def step_url(dossier: Dossier, name: str) -> str:
    step = next(s for s in STEPS if s.name == name)
    if not step.slug:
        return reverse("citizens:submit", kwargs={"code": dossier.procedure.code})
    return reverse(
        "citizens:submit_step",
        kwargs={"code": dossier.procedure.code, "key": dossier.key, "step": step.slug},
    )


def _next_step(name: str) -> str:
    names = [s.name for s in STEPS]
    return names[min(names.index(name) + 1, len(names) - 1)]


def _nav(current: str, dossier: Dossier | None, code: str) -> list[dict]:
    """The wizard's steps for the progress list: the current one, links to the others."""
    items = []
    for step in STEPS:
        if step.name == "agency":
            url = "" if dossier is not None else reverse("citizens:submit", kwargs={"code": code})
        else:
            url = step_url(dossier, step.name) if dossier is not None else ""
        items.append({"label": step.label, "current": step.name == current, "url": url})
    return items


def _offer_or_404(code: str) -> submission.Offer:
    found = submission.offer(code)
    if found is None:
        raise Http404(_("No procedure with this code."))
    return found


@login_required
def start(request: HttpRequest, code: str) -> HttpResponse:
    """Step 1: the procedure, what to prepare, the agency; the drafts already started."""
    offer = _offer_or_404(code)
    drafts = list(
        tracking.my_dossiers(request.user)
        .filter(procedure=offer.procedure, status__in=submission.EDITABLE)
        .select_related("agency", "procedure")
        .order_by("-created_at")[:10]
    )
    context = {
        "offer": offer,
        "procedure": offer.procedure,
        "version": offer.version,
        "dossier": None,
        "drafts": [(d, step_url(d, "applicant")) for d in drafts],
        "steps": _nav("agency", None, code),
        "upload_help": upload_help(),
        "error": request.GET.get("error") == "agency",
    }
    return render(request, "citizens/wizard/start.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new_applicant(request: HttpRequest, code: str) -> HttpResponse:
    """Step 2 before the draft exists: saving it creates the draft."""
    offer = _offer_or_404(code)
    if offer.refusal:
        return redirect("citizens:submit", code=code)
    agency_code = request.POST.get("agency") or request.GET.get("agency") or ""
    if len(offer.agencies) == 1 and not agency_code:
        agency_code = offer.agencies[0].code
    agency = next((a for a in offer.agencies if a.code == agency_code), None)
    if agency is None:
        return redirect(reverse("citizens:submit", kwargs={"code": code}) + "?error=agency")
    if request.method == "POST":
        form = ApplicantForm(request.POST)
        if form.is_valid():
            try:
                dossier = submission.start(
                    request.user, offer, agency.code, _applicant(form.cleaned_data)
                )
            except ValidationError as error:
                add_errors(form, error, prefix="applicant.")
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "Your draft is saved. You can come back to it at any time from "
                        "“My dossiers”."
                    ),
                )
                return redirect(step_url(dossier, "content"))
    else:
        form = ApplicantForm(initial=vars(accounts.applicant_for(request.user)))
    context = {
        "offer": offer,
        "procedure": offer.procedure,
        "version": offer.version,
        "agency": agency,
        "form": form,
        "steps": _nav("applicant", None, code),
        "dossier": None,
    }
    return render(request, "citizens/wizard/applicant.html", context)


def _applicant(data: dict) -> Applicant:
    return Applicant(
        kind=data["kind"],
        name=data["name"],
        id_number=data.get("id_number") or "",
        birth_date=data.get("birth_date"),
        tax_code=data.get("tax_code") or "",
        phone=data.get("phone") or "",
        email=data.get("email") or "",
        address=data.get("address") or "",
        representative_name=data.get("representative_name") or "",
        representative_id_number=data.get("representative_id_number") or "",
        representative_phone=data.get("representative_phone") or "",
    )


def _editable_draft(request: HttpRequest, code: str, key: str) -> Dossier:
    dossier = tracking.get_mine(request.user, key)
    if dossier is None or dossier.procedure.code != code:
        raise Http404(_("No dossier of yours with this number."))
    return dossier


@login_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, code: str, key: str, step: str) -> HttpResponse:
    current = BY_SLUG.get(step)
    if current is None:
        raise Http404(_("No such step."))
    dossier = _editable_draft(request, code, key)
    if dossier.status not in submission.EDITABLE:
        messages.info(request, _("This dossier has been submitted: it can no longer be changed."))
        return redirect("citizens:dossier", key=dossier.key)
    handler = {
        "applicant": _applicant_step,
        "content": _content_step,
        "documents": _documents_step,
        "delivery": _delivery_step,
        "review": _review_step,
    }[current.name]
    try:
        return handler(request, dossier, current)
    except StaleDossier:
        messages.error(
            request,
            _("The dossier was changed in another window. Here it is as it stands now; try again."),
        )
        return redirect(step_url(dossier, current.name))


def _render(request, dossier: Dossier, current: Step, context: dict) -> HttpResponse:
    context.update(
        dossier=dossier,
        procedure=dossier.procedure,
        version=dossier.procedure_version,
        agency=dossier.agency,
        steps=_nav(current.name, dossier, dossier.procedure.code),
        previous_url=_previous_url(dossier, current.name),
    )
    return render(request, f"citizens/wizard/{current.name}.html", context)


def _previous_url(dossier: Dossier, name: str) -> str:
    names = [s.name for s in STEPS]
    index = names.index(name)
    return step_url(dossier, names[index - 1]) if index > 1 else ""


def _save(request, dossier: Dossier, current: Step, form, prefix: str = "", **changes):
    """Apply the step's changes through edit_draft; the next step, or the form again."""
    try:
        submission.edit(dossier, request.user, version=_version(request), **changes)
    except ValidationError as error:
        add_errors(form, error, prefix=prefix)
        return None
    except PermissionDenied as error:
        form.add_error(None, str(error))
        return None
    return redirect(step_url(dossier, _next_step(current.name)))


def _applicant_step(request, dossier: Dossier, current: Step) -> HttpResponse:
    if request.method == "POST":
        form = ApplicantForm(request.POST)
        if form.is_valid():
            done = _save(
                request,
                dossier,
                current,
                form,
                prefix="applicant.",
                applicant=_applicant(form.cleaned_data),
            )
            if done is not None:
                return done
    else:
        form = ApplicantForm(initial=vars(submission.applicant_of(dossier)))
    return _render(request, dossier, current, {"form": form})


def _content_step(request, dossier: Dossier, current: Step) -> HttpResponse:
    if request.method == "POST":
        form = ContentForm(request.POST)
        if form.is_valid():
            done = _save(request, dossier, current, form, summary=form.cleaned_data["summary"])
            if done is not None:
                return done
    else:
        form = ContentForm(initial={"summary": dossier.summary})
    return _render(request, dossier, current, {"form": form})


def _documents_step(request, dossier: Dossier, current: Step) -> HttpResponse:
    if request.method == "POST":
        return redirect(step_url(dossier, _next_step(current.name)))
    return _render(
        request,
        dossier,
        current,
        {"rows": submission.document_rows(dossier), "upload_help": upload_help()},
    )


def _delivery_step(request, dossier: Dossier, current: Step) -> HttpResponse:
    if request.method == "POST":
        form = DeliveryForm(request.POST)
        if form.is_valid():
            method = form.cleaned_data["return_method"]
            address = form.cleaned_data["return_address"] if method == ReturnMethod.POST else ""
            done = _save(
                request,
                dossier,
                current,
                form,
                return_method=method,
                return_address=address,
            )
            if done is not None:
                return done
    else:
        form = DeliveryForm(
            initial={
                "return_method": dossier.return_method,
                "return_address": dossier.return_address or dossier.applicant_address,
            }
        )
    return _render(request, dossier, current, {"form": form})


def _review_step(request, dossier: Dossier, current: Step) -> HttpResponse:
    errors: list[str] = []
    if request.method == "POST":
        try:
            dossier = submission.submit(dossier, request.user, version=_version(request))
        except (ValidationError, PermissionDenied) as error:
            errors = list(getattr(error, "messages", [str(error)]))
        else:
            return redirect("citizens:submitted", key=dossier.key)
    return _render(
        request,
        dossier,
        current,
        {
            "rows": submission.document_rows(dossier),
            "missing": submission.missing_files(dossier),
            "errors": errors,
            "request_event": tracking.latest_request(dossier),
        },
    )


@login_required
@require_POST
def upload(request: HttpRequest, code: str, key: str, document: int) -> HttpResponse:
    """One file for one line of the checklist (0: another document); htmx swaps the row."""
    dossier = _editable_draft(request, code, key)
    form = UploadForm(request.POST, request.FILES)
    error = success = ""
    line = document or None
    rows = submission.document_rows(dossier)
    if line is not None and line not in {r.pk for r in rows}:
        raise Http404(_("No such document in this dossier."))
    if dossier.status not in submission.EDITABLE:
        error = _("This dossier has been submitted: it can no longer be changed.")
    elif not form.is_valid():
        error = _("Choose a file to upload.")
    else:
        try:
            attachment = submission.upload(dossier, request.user, form.cleaned_data["file"], line)
        except (ValidationError, PermissionDenied) as exc:
            error = " ".join(getattr(exc, "messages", [str(exc)]))
        else:
            success = _("“%(name)s” is uploaded.") % {"name": attachment.original_name}
    if not _is_htmx(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, success)
        return redirect(step_url(dossier, "documents"))
    row = next(r for r in submission.document_rows(dossier) if r.pk == line)
    context = {
        "dossier": dossier,
        "row": row,
        "upload_help": upload_help(),
        "error": error,
        "success": success,
    }
    return render(request, "citizens/wizard/_document_row.html", context)
