"""Officers' pages: inbox with queues, dossier page with its actions, search, leader view.

Thin: who sees what comes from permissions.visible_dossiers (a dossier outside it is a
404), the queues from workspace.queues, the actions from queries.allowed_actions and
engine.perform (through workspace.actions), the leader's figures from workspace.leader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from motcua.agencies.models import Role
from motcua.agencies.services import agency_by_code
from motcua.dossiers import forms as printed
from motcua.dossiers.models import Dossier, DossierStep, StepKind, StepStatus
from motcua.dossiers.permissions import visible_dossiers
from motcua.dossiers.regime import form_title
from motcua.dossiers.services import queries
from motcua.dossiers.services.attachments import open_attachment
from motcua.dossiers.services.engine import StaleDossier
from motcua.dossiers.workflow import Action, Status
from motcua.workspace import actions, leader, paging
from motcua.workspace.queues import BY_KEY, WorkScope, queues_for

MAX_QUERY = 100
STALE_MESSAGE = gettext_lazy(
    "Someone changed this dossier meanwhile: reload the page to see it, then try again."
)


def staff_required(view):
    """Staff only; anyone else goes to settings.LOGIN_URL (and comes back after)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


# --- lists --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    dossier: Dossier
    level: str  # queries.deadline_level

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS.get(self.level, ""))


LEVEL_LABELS = {
    "overdue": gettext_lazy("Overdue"),
    "due_soon": gettext_lazy("Due within a day"),
    "within": gettext_lazy("Within the deadline"),
    "paused": gettext_lazy("Clock paused"),
    "": gettext_lazy("Not counting"),
}


def _listed(qs: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """What a row shows, in two queries whatever the page size."""
    return qs.select_related("procedure", "procedure_version", "agency").prefetch_related(
        Prefetch(
            "steps",
            queryset=DossierStep.objects.filter(status=StepStatus.ACTIVE)
            .select_related("agency", "assignee")
            .order_by("stage", "order", "id"),
            to_attr="active_steps",
        )
    )


def _page(request: HttpRequest, qs: QuerySet[Dossier], order: str, now: datetime):
    after = request.GET.get("after", "")
    error = ""
    try:
        page = paging.page(_listed(qs), order, after)
    except paging.BadCursor:
        error = _("That page link is not valid any more; this is the first page.")
        page = paging.page(_listed(qs), order)
    rows = [Row(d, queries.deadline_level(d, now)) for d in page.rows]
    return rows, page.next_cursor, error


def _next_url(request: HttpRequest, cursor: str | None) -> str:
    if cursor is None:
        return ""
    query = request.GET.copy()
    query["after"] = cursor
    return f"{request.path}?{query.urlencode()}"


@require_safe
@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    scope = WorkScope.of(request.user)
    now = timezone.now()
    mine = queues_for(scope)
    key = request.GET.get("queue", "")
    notice = ""
    if key and (key not in BY_KEY or BY_KEY[key] not in mine):
        notice = _("There is no such list among yours; here is your first one.")
        key = ""
    queue = BY_KEY[key] if key else (mine[0] if mine else None)
    rows, cursor, error = ([], None, "")
    if queue is not None:
        rows, cursor, error = _page(request, queue.dossiers(scope, now), queue.order, now)
    context = {
        "work_scope": scope,
        "now": now,
        "queue": queue,
        "current_queue": queue.key if queue else "",
        "rows": rows,
        "next_url": _next_url(request, cursor),
        "notice": notice or error,
        "htmx": _is_htmx(request),
    }
    if _is_htmx(request):
        return render(request, "workspace/_queue.html", context)
    return render(request, "workspace/inbox.html", context)


# --- search -------------------------------------------------------------------------------

STATES = {
    "open": gettext_lazy("in progress"),
    "week": gettext_lazy("due this week"),
    "overdue": gettext_lazy("overdue"),
    "apology": gettext_lazy("apology letters waiting for approval"),
}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Code, applicant's name, citizen ID or phone"),
        max_length=MAX_QUERY,
        required=False,
    )
    unit = forms.CharField(max_length=40, required=False, widget=forms.HiddenInput)
    state = forms.ChoiceField(
        choices=[("", "")] + list(STATES.items()), required=False, widget=forms.HiddenInput
    )

    def clean_q(self) -> str:
        value = self.cleaned_data["q"]
        if any(ord(ch) < 32 for ch in value):
            raise ValidationError(_("Remove the control characters from the search."))
        return value

    def clean_unit(self):
        code = self.cleaned_data["unit"]
        if not code:
            return None
        try:
            return agency_by_code(code)
        except ValidationError as error:
            raise ValidationError(error.messages) from None


def _filters(form: SearchForm, now: datetime) -> queries.Filters | None:
    data = form.cleaned_data
    state = data.get("state") or ""
    if not (data.get("q") or data.get("unit") or state):
        return None
    values = {"q": data.get("q", ""), "competent": data.get("unit")}
    if state == "open":
        values["status"] = tuple(leader.IN_PROGRESS)
    elif state == "week":
        values["due_within_hours"] = leader.hours_to_end_of_week(now)
    elif state == "overdue":
        values["overdue"] = True
    elif state == "apology":
        values["apology_pending"] = True
    return queries.Filters(**values)


@require_safe
@staff_required
def search(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    form = SearchForm(request.GET or None)
    rows, cursor, error, searched = [], None, "", False
    if form.is_bound and form.is_valid():
        filters = _filters(form, now)
        if filters is not None:
            searched = True
            order = "newest" if filters.q or form.cleaned_data.get("state") == "open" else "due"
            qs = queries.filter_dossiers(visible_dossiers_of(request), filters, now)
            rows, cursor, error = _page(request, qs, order, now)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    context = {
        "form": form,
        "rows": rows,
        "searched": searched,
        "next_url": _next_url(request, cursor),
        "notice": error,
        "now": now,
        "unit": data.get("unit"),
        "state_label": STATES.get(data.get("state") or ""),
        "current_queue": "search",
    }
    if _is_htmx(request):
        return render(request, "workspace/_search_results.html", context)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "workspace/search.html", context, status=status)


def visible_dossiers_of(request: HttpRequest) -> QuerySet[Dossier]:
    return visible_dossiers(request.user)


# --- leader view --------------------------------------------------------------------------


@require_safe
@staff_required
def leader_view(request: HttpRequest) -> HttpResponse:
    scope = WorkScope.of(request.user)
    now = timezone.now()
    table = leader.overview(scope, now)
    status = 200 if table is not None else 403
    return render(
        request,
        "workspace/leader.html",
        {"table": table, "now": now, "current_queue": "leader", "work_scope": scope},
        status=status,
    )


# --- the dossier page ---------------------------------------------------------------------


def _dossier(request: HttpRequest, key: str) -> Dossier:
    qs = visible_dossiers_of(request).select_related(
        "desk", "agency", "procedure", "procedure_version", "process"
    )
    dossier = queries.by_key(qs, key)
    if dossier is None:
        raise Http404(_("No dossier %(key)s that you may see.") % {"key": key})
    return dossier


def _action_forms(request, dossier: Dossier, bound: actions.ActionForm | None = None):
    situation = actions.situation(dossier, request.user)
    allowed = [
        a
        for a in queries.ready_actions(request.user, dossier)
        if a not in actions.NOT_ON_THIS_PAGE and a in actions.FORMS
    ]
    found = []
    if bound is not None and bound.action not in allowed:
        found.append(bound)  # refused or stale: show why, where the person acted
    for action in allowed:
        if bound is not None and bound.action == action:
            found.append(bound)
        else:
            found.append(actions.form_for(action, situation))
    return found


def _forms_to_print(dossier: Dossier) -> list[dict]:
    found = []
    for form, seqs in printed.form_events(dossier).items():
        title = form_title(dossier.regime, form)
        found.append({"form": form, "number": title.number, "title": title.title, "events": seqs})
    return found


ROLE_LABELS = dict(Role.choices) | {
    "applicant": gettext_lazy("applicant"),
    "system": gettext_lazy("the system"),
}


def _dossier_context(request, dossier: Dossier, bound=None) -> dict:
    now = timezone.now()
    steps = list(
        dossier.steps.select_related("agency", "assignee", "finished_by").order_by(
            "stage", "parent_id", "order", "id"
        )
    )
    events = list(dossier.events.select_related("agency").order_by("-seq"))
    forms_to_print = _forms_to_print(dossier)
    printable = {f["form"] for f in forms_to_print}
    timeline = [
        {
            "event": e,
            "action_label": Action(e.action).label if e.action in Action.values else e.action,
            "role_label": ROLE_LABELS.get(e.role, e.role),
            "missing": e.data.get("missing") if isinstance(e.data, dict) else None,
            "new_due_at": _parse(e.data.get("new_due_at")) if isinstance(e.data, dict) else None,
            "printable": e.form in printable,
            "form_title": form_title(dossier.regime, e.form) if e.form else None,
        }
        for e in events
    ]
    return {
        "dossier": dossier,
        "now": now,
        "level": queries.deadline_level(dossier, now),
        "level_label": LEVEL_LABELS.get(queries.deadline_level(dossier, now), ""),
        "status_label": Status(dossier.status).label,
        "documents": list(dossier.documents.all()),
        "attachments": list(dossier.attachments.select_related("document")),
        "steps": [s for s in steps if s.kind != StepKind.CONSULT],
        "consultations": [s for s in steps if s.kind == StepKind.CONSULT],
        "timeline": timeline,
        "apologies": list(dossier.apologies.select_related("proposed_by", "decided_by")),
        "forms_to_print": forms_to_print,
        "action_forms": _action_forms(request, dossier, bound),
        "current_queue": "",
    }


def _parse(value):
    try:
        return parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        return None


@require_safe
@staff_required
def dossier_page(request: HttpRequest, key: str) -> HttpResponse:
    dossier = _dossier(request, key)
    return render(request, "workspace/dossier.html", _dossier_context(request, dossier))


@require_POST
@staff_required
def act(request: HttpRequest, key: str, action: str) -> HttpResponse:
    dossier = _dossier(request, key)
    if action not in Action.values or Action(action) not in actions.FORMS:
        raise Http404(_("Unknown action “%(action)s”.") % {"action": action})
    action = Action(action)
    situation = actions.situation(dossier, request.user)
    form = actions.form_for(action, situation, request.POST, request.FILES)
    stale = False
    if form.is_valid():
        try:
            form.take()
        except StaleDossier:
            stale = True
            form.add_error(None, STALE_MESSAGE)
        except (ValidationError, PermissionDenied) as error:
            form.show_error(error)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": action.label})
            url = reverse("workspace:dossier", args=[dossier.key])
            if _is_htmx(request):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
    if _is_htmx(request):
        return render(
            request,
            "workspace/_action_form.html",
            {"form": form, "dossier": dossier, "stale": stale},
        )
    context = _dossier_context(request, dossier, bound=form)
    context["stale"] = stale
    return render(request, "workspace/dossier.html", context, status=409 if stale else 400)


@require_safe
@staff_required
def print_form(request: HttpRequest, key: str, form: str) -> HttpResponse:
    dossier = _dossier(request, key)
    event = None
    seq = request.GET.get("event", "")
    if seq:
        if not seq.isdigit() or len(seq) > 9:
            raise Http404(_("No such event."))
        event = dossier.events.filter(seq=int(seq)).first()
        if event is None:
            raise Http404(_("No such event."))
    try:
        pdf = printed.render_form(dossier, form, event=event)
    except printed.FormUnavailable as error:
        raise Http404(" ".join(error.messages)) from None
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.key}-{form}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@staff_required
def attachment(request: HttpRequest, key: str, pk: int) -> FileResponse:
    dossier = _dossier(request, key)
    found = dossier.attachments.filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such file in this dossier."))
    try:
        handle = open_attachment(request.user, found)
    except PermissionDenied:
        raise Http404(_("No such file in this dossier.")) from None
    response = FileResponse(
        handle, as_attachment=True, filename=found.original_name, content_type=found.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
