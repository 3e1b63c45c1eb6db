"""My dossiers: the list, a dossier's page, and what the applicant may do on it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from motcua.citizens.forms import UploadForm, WithdrawForm, add_errors, upload_help
from motcua.citizens.services import submission, tracking
from motcua.citizens.views.wizard import step_url
from motcua.dossiers.forms import render_form
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import public, queries
from motcua.dossiers.services.attachments import open_attachment
from motcua.dossiers.services.engine import StaleDossier
from motcua.dossiers.workflow import Action, Status, national_label


def _mine_or_404(request: HttpRequest, key: str) -> Dossier:
    dossier = tracking.get_mine(request.user, key)
    if dossier is None:
        raise Http404(_("No dossier of yours with this number."))
    return dossier


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@login_required
@require_safe
def dossier_list(request: HttpRequest) -> HttpResponse:
    page = tracking.page_of(request.user, after=request.GET.get("after", ""))
    rows = [
        {
            "dossier": d,
            "national": national_label(d.national_status),
            "deadline": queries.deadline_state(d),
            "continue_url": step_url(d, "applicant") if d.status in submission.EDITABLE else "",
        }
        for d in page.rows
    ]
    return render(request, "citizens/dossier_list.html", {"page": page, "rows": rows})


@login_required
@require_safe
def detail(request: HttpRequest, key: str) -> HttpResponse:
    dossier = _mine_or_404(request, key)
    return render(request, "citizens/dossier_detail.html", _detail_context(request, dossier))


def _detail_context(request: HttpRequest, dossier: Dossier) -> dict:
    allowed = queries.allowed_actions(request.user, dossier)
    request_event = tracking.latest_request(dossier)
    return {
        "dossier": dossier,
        "status_label": Status(dossier.status).label,
        "national": national_label(dossier.national_status),
        "deadline": queries.deadline_state(dossier),
        "progress": public.progress(dossier) if dossier.received_at else None,
        "timeline": tracking.timeline(dossier),
        "rows": submission.document_rows(dossier),
        "forms": tracking.forms_for_applicant(dossier),
        "results": tracking.result_files(dossier),
        "request_event": request_event,
        "missing": (request_event.data or {}).get("missing", []) if request_event else [],
        "may_edit": Action.EDIT_DRAFT in allowed,
        "edit_url": step_url(dossier, "applicant") if Action.EDIT_DRAFT in allowed else "",
        "may_withdraw": Action.WITHDRAW in allowed,
        "may_supplement": Action.RECEIVE_SUPPLEMENT in allowed,
        "supplement_files": tracking.files_since_request(dossier),
        "upload_help": upload_help(),
    }


@login_required
@require_safe
def submitted(request: HttpRequest, key: str) -> HttpResponse:
    """The confirmation after submitting: the code and the lookup secret."""
    dossier = _mine_or_404(request, key)
    if dossier.status == Status.DRAFT or dossier.submitted_at is None:
        return redirect("citizens:dossier", key=dossier.key)
    return render(request, "citizens/submitted.html", {"dossier": dossier})


@login_required
@require_POST
def supplement_upload(request: HttpRequest, key: str) -> HttpResponse:
    dossier = _mine_or_404(request, key)
    form = UploadForm(request.POST, request.FILES)
    error = success = ""
    if dossier.status != Status.SUPPLEMENT:
        error = _("Nobody is waiting for a supplement to this dossier.")
    elif not form.is_valid():
        error = _("Choose a file to upload.")
    else:
        try:
            attachment = submission.upload(dossier, request.user, form.cleaned_data["file"])
        except (ValidationError, PermissionDenied) as exc:
            error = " ".join(getattr(exc, "messages", [str(exc)]))
        else:
            success = _("“%(name)s” is uploaded.") % {"name": attachment.original_name}
            dossier.refresh_from_db()
    if request.headers.get("HX-Request") != "true":
        if error:
            messages.error(request, error)
        else:
            messages.success(request, success)
        return redirect("citizens:dossier", key=dossier.key)
    context = {
        "dossier": dossier,
        "supplement_files": tracking.files_since_request(dossier),
        "error": error,
        "success": success,
        "upload_help": upload_help(),
    }
    return render(request, "citizens/_supplement_files.html", context)


@login_required
@require_POST
def supplement_send(request: HttpRequest, key: str) -> HttpResponse:
    dossier = _mine_or_404(request, key)
    try:
        tracking.answer_supplement(dossier, request.user, version=_version(request))
    except StaleDossier:
        messages.error(request, _("The dossier changed meanwhile; check it and try again."))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            _(
                "Your supplement is sent. The agency goes on with the dossier; see the new "
                "appointment."
            ),
        )
    return redirect("citizens:dossier", key=dossier.key)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, key: str) -> HttpResponse:
    dossier = _mine_or_404(request, key)
    if Action.WITHDRAW not in queries.allowed_actions(request.user, dossier):
        messages.error(request, _("This dossier can no longer be withdrawn."))
        return redirect("citizens:dossier", key=dossier.key)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tracking.withdraw(
                dossier, request.user, form.cleaned_data["reason"], version=_version(request)
            )
        except StaleDossier:
            form.add_error(None, _("The dossier changed meanwhile; check it and try again."))
        except ValidationError as error:
            add_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The dossier is withdrawn."))
            return redirect("citizens:dossier", key=dossier.key)
    return render(request, "citizens/withdraw.html", {"dossier": dossier, "form": form})


@login_required
@require_safe
def download(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    dossier = _mine_or_404(request, key)
    attachment = dossier.attachments.filter(pk=pk).first()
    if attachment is None or not tracking.may_download(dossier, attachment):
        raise Http404(_("No such file in this dossier."))
    try:
        handle = open_attachment(request.user, attachment)
    except (PermissionDenied, FileNotFoundError):
        raise Http404(_("No such file in this dossier.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def form_pdf(request: HttpRequest, key: str, form: str) -> HttpResponse:
    dossier = _mine_or_404(request, key)
    if form not in {f["form"] for f in tracking.forms_for_applicant(dossier)}:
        raise Http404(_("This dossier has no such form."))
    try:
        pdf = render_form(dossier, form)
    except ValidationError:
        raise Http404(_("This dossier has no such form.")) from None
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.key}-{form}.pdf"'
    return response
