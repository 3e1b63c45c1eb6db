"""Public pages of the portal (no sign-in): the dossier lookup and the transparency pages.

Thin: the form parses the code and secret, `dossiers.services.public.lookup_progress` does
the secret check and returns the progress (no personal data), the API's throttle limits
lookups per client address. The transparency pages call `portal.transparency` (aggregate
figures from the resolution report only) and share the API's throttle.
"""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from motcua.dossiers.api import LookupThrottle
from motcua.dossiers.models import StepStatus
from motcua.dossiers.services import public
from motcua.dossiers.workflow import national_label
from motcua.portal import transparency
from motcua.portal.api import TransparencyThrottle
from motcua.portal.forms import LookupForm
from motcua.portal.status import NEEDS_APPLICANT, STEP_LABELS, plain_status


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _present(found: dict) -> dict:
    """The progress as the page shows it: plain words, steps done and still to come."""
    steps = [
        {**step, "label": str(STEP_LABELS.get(step["status"], step["status"]))}
        for step in found["steps"]
    ]
    return {
        **found,
        "plain_status": plain_status(found["status"]),
        "needs_applicant": found["status"] in NEEDS_APPLICANT,
        "national_label": national_label(found["national_status"]),
        "steps_done": [s for s in steps if s["status"] == StepStatus.DONE],
        "steps_pending": [s for s in steps if s["status"] != StepStatus.DONE],
    }


@require_safe
@vary_on_headers("HX-Request")
def lookup(request: HttpRequest) -> HttpResponse:
    asked = "code" in request.GET or "secret" in request.GET
    form = LookupForm(request.GET if asked else None)
    context: dict = {"form": form, "result": None, "limited": False, "wait": 0}
    status = 200
    if asked:
        throttle = LookupThrottle()
        if not throttle.allow_request(request, None):
            status = 429
            context["limited"] = True
            context["wait"] = max(1, math.ceil(throttle.wait() or 1))
        elif form.is_valid():
            found = public.lookup_progress(form.cleaned_data["code"], form.cleaned_data["secret"])
            if found is None:
                form.add_error(None, LookupForm.not_found_message())
            else:
                context["result"] = _present(found)
    context["htmx"] = _is_htmx(request)
    template = "portal/_lookup_result.html" if context["htmx"] else "portal/lookup.html"
    response = render(request, template, context, status=status)
    if status == 429:
        response["Retry-After"] = str(context["wait"])
    # The secret is in the address: keep it out of caches, referrers and search engines.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def _throttled(request: HttpRequest, template: str, context: dict) -> HttpResponse | None:
    """429 with Retry-After when the address asked too often (shared with the API)."""
    throttle = TransparencyThrottle()
    if throttle.allow_request(request, None):
        return None
    wait = max(1, math.ceil(throttle.wait() or 1))
    context.update(limited=True, wait=wait)
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(wait)
    return response


@require_safe
def transparency_list(request: HttpRequest) -> HttpResponse:
    """/cong-khai/: the agencies with a public page, searchable by name."""
    query = request.GET.get("q", "").strip()[:100]
    agencies = transparency.public_agencies(query)
    return render(
        request,
        "portal/transparency_list.html",
        {"agencies": agencies, "query": query, "searched": bool(query)},
    )


@require_safe
def transparency_agency(request: HttpRequest, code: str) -> HttpResponse:
    """/cong-khai/<code>/?year=: an agency's volumes and on-time rates (aggregates only)."""
    agency = transparency.public_agency(code)
    if agency is None:
        raise Http404(_("No agency has the code %(code)s.") % {"code": code})
    today = timezone.localdate()
    template = "portal/transparency_agency.html"
    context: dict = {
        "agency": agency,
        "year_text": request.GET.get("year", "").strip()[:10],
        "first_year": transparency.FIRST_YEAR,
        "this_year": today.year,
        "errors": [],
    }
    if (response := _throttled(request, template, context)) is not None:
        return response
    try:
        year = transparency.parse_year(request.GET.get("year"), today)
    except ValidationError as error:
        context["errors"] = [m for messages in error.message_dict.values() for m in messages]
        return render(request, template, context, status=400)
    found = transparency.agency_figures(agency, year, today)
    context.update(year=year, year_text=str(year), found=found)
    return render(request, template, context)
