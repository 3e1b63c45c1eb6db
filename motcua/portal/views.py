"""Public pages of the portal (no sign-in): the dossier lookup.

Thin: the form parses the code and secret, `dossiers.services.public.lookup_progress` does
the secret check and returns the progress (no personal data), the API's throttle limits
lookups per client address.
"""

from __future__ import annotations

import math

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from motcua.dossiers.api import LookupThrottle
from motcua.dossiers.models import StepStatus
from motcua.dossiers.services import public
from motcua.dossiers.workflow import national_label
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
