"""Pages for oversight staff: a unit's Decision 766 index (formula and inputs next to each
value), its rank among the units of its level (a table and a bar chart drawn by
reports.charts), the Circular 01/2018 indices with the classification, the satisfaction
statistics and the catalogue figures.

Thin: parse the query, call the domain modules, render. Bad input is shown on the page and
changes nothing; an agency the user may not see is 404.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from motcua.indices import access
from motcua.indices.catalogue_figures import catalogue_figures
from motcua.indices.circular01 import unit_indices
from motcua.indices.decision766 import ranking, unit_766
from motcua.indices.labels import labelled
from motcua.indices.periods import period_from
from motcua.indices.satisfaction import satisfaction
from motcua.reports.charts import ranking_chart


def current_quarter(today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


@login_required
@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    units = access.units_for(request.user).order_by("path")
    if not units.exists():
        raise Http404(_("You hold no oversight, leader or administrator role."))
    code = request.GET.get("agency", "").strip()
    agency = access.unit_for(request.user, code) if code else access.default_unit(request.user)
    if agency is None:
        raise Http404(_("No agency %(code)s whose indices you may see.") % {"code": code})
    period_text = request.GET.get("period", "").strip()
    start, end = request.GET.get("from", "").strip(), request.GET.get("to", "").strip()
    if not (period_text or start or end):
        period_text = current_quarter()
    context = {
        "units": units[:500],
        "agency": agency,
        "period_text": period_text,
        "start": start,
        "end": end,
        "errors": [],
    }
    try:
        period = period_from(period_text, start, end)
    except ValidationError as error:
        context["errors"] = error.messages
        return render(request, "indices/overview.html", context, status=200)
    index = unit_766(agency, period)
    ranked = ranking(agency, period)
    circular = unit_indices(agency, period)
    context.update(
        period=period,
        index=index,
        components=[(c, labelled(c.inputs)) for c in index.components],
        ranking=ranked,
        ranking_chart=ranking_chart(ranked),
        circular=circular,
        circular_rows=[(r, labelled(r.inputs)) for r in circular.indices],
        satisfaction=satisfaction(agency, period),
        figures=catalogue_figures(agency, period.end, period),
    )
    return render(request, "indices/overview.html", context)
