"""Pages: rate a dossier, send feedback, and the staff list of feedback with the answer form.

Thin: forms parse, services decide; ValidationError / PermissionDenied from the services
are shown on the page. Objects the user may not see are 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from motcua.ratings import services
from motcua.ratings.criteria import CRITERIA
from motcua.ratings.forms import AnswerForm, FeedbackForm, RatingForm
from motcua.ratings.models import Feedback, FeedbackStatus


def _before(request: HttpRequest) -> int | None:
    value = request.GET.get("before", "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _answers(rating) -> list[dict]:
    return [
        {
            "question": str(c.question),
            "answer": c.label_of(getattr(rating, c.field)),
            "score": getattr(rating, c.field),
        }
        for c in CRITERIA
    ]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def rate(request: HttpRequest, key: str) -> HttpResponse:
    dossier = services.own_dossier(request.user, key)
    if dossier is None:
        raise Http404(_("No dossier %(key)s of yours.") % {"key": key})
    rating = services.rating_of(dossier)
    form = None
    if rating is None and services.is_closed(dossier):
        form = RatingForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            comment = data.pop("comment", "")
            try:
                result = services.rate(request.user, dossier, data, comment)
            except ValidationError as error:
                _add_errors(form, error)
            except PermissionDenied as error:
                raise Http404(str(error)) from None
            else:
                if result.created:
                    messages.success(request, _("Thank you: your rating has been recorded."))
                else:
                    messages.info(
                        request,
                        _("This dossier had already been rated; nothing was changed."),
                    )
                return redirect("ratings:rate", key=dossier.key)
    elif request.method == "POST":
        if rating is not None:
            messages.info(request, _("This dossier had already been rated; nothing was changed."))
        return redirect("ratings:rate", key=dossier.key)
    context = {
        "dossier": dossier,
        "rating": rating,
        "answers": _answers(rating) if rating else [],
        "form": form,
        "closed": services.is_closed(dossier),
    }
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(request, "ratings/rate.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def feedback_new(request: HttpRequest) -> HttpResponse:
    initial = {}
    if request.method != "POST" and request.GET.get("dossier"):
        initial["dossier"] = request.GET["dossier"]
    form = FeedbackForm(
        request.POST if request.method == "POST" else None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        dossier = None
        if data["dossier"]:
            dossier = services.own_dossier(request.user, data["dossier"])
            if dossier is None:
                form.add_error("dossier", _("Choose one of your dossiers from the list."))
        if not form.errors:
            try:
                services.send_feedback(
                    request.user,
                    kind=data["kind"],
                    text=data["text"],
                    dossier=dossier,
                    agency=data["agency"],
                    about_conduct=data["about_conduct"],
                )
            except (ValidationError, PermissionDenied) as error:
                if isinstance(error, PermissionDenied):
                    error = ValidationError(str(error))
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your message has been sent. The agency's answer will appear here."),
                )
                return redirect("ratings:feedback_mine")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "ratings/feedback_form.html", {"form": form}, status=status)


def _page_context(request: HttpRequest, qs) -> dict:
    page = services.keyset_page(
        qs.select_related("agency", "desk", "dossier", "author", "answered_by"),
        _before(request),
    )
    base = request.GET.copy()
    base.pop("before", None)
    following = base.copy()
    if page.next_before is not None:
        following["before"] = str(page.next_before)
    return {
        "items": page.items,
        "next_url": f"?{following.urlencode()}" if page.next_before is not None else "",
        "first_url": f"?{base.urlencode()}" if _before(request) else "",
    }


@login_required
@require_safe
def feedback_mine(request: HttpRequest) -> HttpResponse:
    qs = Feedback.objects.filter(author=request.user)
    return render(request, "ratings/feedback_mine.html", _page_context(request, qs))


@login_required
@require_safe
def staff_list(request: HttpRequest) -> HttpResponse:
    qs = services.staff_feedback(request.user)
    status = request.GET.get("status", "")
    if status in FeedbackStatus.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    context = _page_context(request, qs)
    context.update(status=status, statuses=FeedbackStatus.choices)
    return render(request, "ratings/staff_list.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = (
        services.staff_feedback(request.user)
        .select_related("agency", "desk", "dossier", "author", "answered_by")
        .filter(pk=pk)
        .first()
    )
    if feedback is None:
        raise Http404(_("No such feedback for your agencies."))
    may_answer = services.can_answer(request.user, feedback)
    form = AnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.answer_feedback(request.user, feedback, form.cleaned_data["answer"])
            except ValidationError as error:
                _add_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The answer has been recorded."))
                return redirect(reverse("ratings:staff_detail", args=[feedback.pk]))
    context = {"feedback": feedback, "form": form, "may_answer": may_answer}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "ratings/staff_detail.html", context, status=status)
