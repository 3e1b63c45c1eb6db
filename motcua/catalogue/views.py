"""Public catalogue pages (anonymous): home, procedure search, procedure page, agencies.

Views parse the query string with a form, call catalogue services, and render. The only
logic here is presentation: formatting published durations and fees, grouping documents.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.utils.translation import override as translation_override
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from motcua.agencies.models import Agency
from motcua.catalogue.models import (
    AgencyProcedure,
    ChangeKind,
    Channel,
    Field,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
)
from motcua.catalogue.services import search as search_service
from motcua.catalogue.services import versions as version_service
from motcua.core.qr import qr_svg
from motcua.core.validity import valid_on_q

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200

# Levels a procedure can be performed at, as stored on ProcedureVersion.at_<level>.
LEVELS: list[tuple[str, str]] = [
    ("ministry", pgettext_lazy("procedure level", "Ministry level")),
    ("province", pgettext_lazy("procedure level", "Province level")),
    ("district", pgettext_lazy("procedure level", "District level")),
    ("commune", pgettext_lazy("procedure level", "Commune level")),
    ("other", pgettext_lazy("procedure level", "Other bodies")),
]
LEVEL_LABELS = dict(LEVELS)
# Channels and online levels as the public pages name them.
CHANNEL_LABELS = {
    Channel.COUNTER: pgettext_lazy("channel", "At the counter"),
    Channel.ONLINE: pgettext_lazy("channel", "Online"),
    Channel.POSTAL: pgettext_lazy("channel", "By public postal service"),
}
ONLINE_LABELS = {
    OnlineLevel.FULL: pgettext_lazy("online level", "Fully online public service"),
    OnlineLevel.PARTIAL: pgettext_lazy("online level", "Partly online public service"),
}
CHANGE_LABELS = {
    ChangeKind.NEW: pgettext_lazy("change", "New"),
    ChangeKind.AMENDED: pgettext_lazy("change", "Amended"),
    ChangeKind.REPLACED: pgettext_lazy("change", "Replaced"),
    ChangeKind.ABOLISHED: pgettext_lazy("change", "Abolished"),
}


def _is_htmx(request: HttpRequest) -> bool:
    """A partial is wanted for htmx swaps, but not when htmx restores history (full page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
        and request.headers.get("HX-Boosted") != "true"
    )


def _today():
    return timezone.localdate()


def _public_url(path: str) -> str:
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + path


def _procedure_path(code: str) -> str:
    """The page's canonical public path: Vietnamese (unprefixed), what a printed QR opens."""
    with translation_override(settings.LANGUAGE_CODE):
        return reverse("catalogue:procedure_detail", args=[code])


# --------------------------------------------------------------------------- presentation


@dataclass
class FeeView:
    amount: str  # "150.000 đồng", or "" when the source gives no amount
    per: str  # a unit the source appends to the amount, e.g. "/trang"
    description: str
    disputed: bool = False


@dataclass
class DurationView:
    channel: str
    text: str
    note: str
    disputed: bool
    fees: list[FeeView] = field(default_factory=list)


def _grouped(number: int) -> str:
    """Thousands grouped the local way (150.000 in Vietnamese, 150,000 in English)."""
    separator = get_format("THOUSAND_SEPARATOR") or "."
    return f"{number:,}".replace(",", separator)


def fee_view(amount_vnd: int | None, description: str, disputed: bool = False) -> FeeView:
    """A fee as published: the amount the source gives, then its explanation verbatim."""
    amount = (
        _("%(amount)s VND") % {"amount": _grouped(amount_vnd)} if amount_vnd is not None else ""
    )
    description = (description or "").strip()
    per = ""
    if amount and description.startswith("/") and len(description) <= 30:
        per, description = description, ""
    if not amount and not description:
        description = _("Not stated")
    return FeeView(amount=amount, per=per, description=description, disputed=disputed)


def levels_of(version: ProcedureVersion) -> list[str]:
    return [str(label) for key, label in LEVELS if getattr(version, f"at_{key}")]


def _counter_time(version: ProcedureVersion) -> str | None:
    for time in version.processing_times.all():
        if time.channel == Channel.COUNTER:
            return version_service.describe_time(time)
    return None


def _ways_to_submit(version: ProcedureVersion) -> list[DurationView]:
    rows: list[DurationView] = []
    by_processing: dict[int, DurationView] = {}
    for time in version.processing_times.all():
        row = DurationView(
            channel=str(CHANNEL_LABELS[time.channel]),
            text=version_service.describe_time(time),
            note=time.note,
            disputed=time.disputed,
        )
        rows.append(row)
        by_processing[time.pk] = row
    loose: list[tuple[int, FeeView]] = []
    for fee in version.fees.all():
        text = fee_view(fee.amount_vnd, fee.description, fee.disputed)
        if fee.processing_id in by_processing:
            by_processing[fee.processing_id].fees.append(text)
        else:
            loose.append((fee.channel, text))
    # Fees not linked to a processing block go to the first block of the same channel,
    # or get their own row when the channel has no processing time.
    for channel, text in loose:
        for time, row in zip(version.processing_times.all(), rows, strict=True):
            if time.channel == channel:
                row.fees.append(text)
                break
        else:
            rows.append(
                DurationView(
                    channel=str(CHANNEL_LABELS[channel]),
                    text=_("Not stated"),
                    note="",
                    disputed=False,
                    fees=[text],
                )
            )
    return rows


def _document_groups(version: ProcedureVersion) -> list[tuple[str, list]]:
    groups: OrderedDict[str, list] = OrderedDict()
    for document in version.documents.all():
        groups.setdefault(document.group, []).append(document)
    return list(groups.items())


_AGENCY_ROLES = [
    ("performing", gettext_lazy("Performing agency")),
    ("competent", gettext_lazy("Competent agency")),
    ("coordinating", gettext_lazy("Coordinating agency")),
    ("authorized", gettext_lazy("Authorised or delegated agency")),
    ("receiving_address", gettext_lazy("Where to submit")),
]


def _agency_rows(agencies) -> list[tuple[str, str]]:
    if not isinstance(agencies, dict):
        return []
    rows = []
    for key, label in _AGENCY_ROLES:
        value = agencies.get(key)
        if isinstance(value, list):
            value = "; ".join(str(item) for item in value if item)
        if value:
            rows.append((str(label), str(value)))
    return rows


def _legal_basis(items) -> list[dict]:
    rows = []
    for item in items or []:
        if isinstance(item, dict):
            rows.append({"number": item.get("number") or "", "title": item.get("title") or ""})
        elif item:
            rows.append({"number": "", "title": str(item)})
    return rows


# --------------------------------------------------------------------------- search form


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search procedures"), required=False, max_length=MAX_QUERY_LENGTH
    )
    field = forms.ModelChoiceField(
        label=gettext_lazy("Field"),
        queryset=Field.objects.all(),
        required=False,
        empty_label=gettext_lazy("All fields"),
        error_messages={"invalid_choice": gettext_lazy("This field is not in the catalogue.")},
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Level"),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("“%(value)s” is not a level of the catalogue.")
        },
    )
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=gettext_lazy("All agencies"),
        error_messages={
            "invalid_choice": gettext_lazy("No agency with this code publishes procedures.")
        },
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100_000,
        error_messages={
            "invalid": gettext_lazy("The page number must be a whole number from 1."),
            "min_value": gettext_lazy("The page number must be a whole number from 1."),
            "max_value": gettext_lazy("The page number is too large."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("All levels")), *LEVELS]
        handling = AgencyProcedure.objects.filter(valid_on_q(_today())).values("agency_id")
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=handling).order_by("path")
        self.fields["agency"].label_from_instance = lambda agency: agency.name


def _search_context(request: HttpRequest) -> dict:
    form = CatalogueSearchForm(request.GET or None)
    context: dict = {"form": form, "errors": [], "page_obj": None, "query": ""}
    if request.GET and not form.is_valid():
        for name, messages in form.errors.items():
            label = form.fields[name].label if name in form.fields else name
            if name == "page":
                label = _("Page")
            for message in messages:
                context["errors"].append(f"{label}: {message}")
        return context
    data = form.cleaned_data if request.GET else {}
    query = (data.get("q") or "").strip()
    try:
        versions = search_service.search_versions(
            query,
            field=data.get("field"),
            level=data.get("level") or None,
            agency=data.get("agency"),
            on=_today(),
        )
    except ValidationError as error:
        context["errors"] = error.messages
        return context
    paginator = Paginator(versions, PAGE_SIZE)
    page_obj = paginator.get_page(data.get("page") or 1)
    params = request.GET.copy()
    params.pop("page", None)
    context.update(
        query=query,
        page_obj=page_obj,
        page_range=list(paginator.get_elided_page_range(page_obj.number, on_each_side=2)),
        base_query=params.urlencode(),
        filtered=any(data.get(name) for name in ("field", "level", "agency")),
        results=[
            {
                "version": version,
                "levels": levels_of(version),
                "counter_time": _counter_time(version),
            }
            for version in page_obj.object_list
        ],
    )
    return context


# --------------------------------------------------------------------------- views


def _procedure_count(versions) -> int:
    """Procedures, not versions: two versions of one procedure may overlap on a day."""
    return versions.order_by().values("procedure_id").distinct().count()


HOME_AGENCIES = 24  # agencies listed on the home page; the rest are one click away


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    today = _today()
    level_counts = []
    for key, label in LEVELS:
        count = _procedure_count(search_service.search_versions("", level=key, on=today))
        if count:
            level_counts.append({"key": key, "label": label, "count": count})
    in_force = search_service.search_versions("", on=today).order_by()
    # Browse by field: each field with the procedures in force in it (one grouped query).
    fields = [
        {"id": row["field_id"], "name": row["field__name"], "count": row["count"]}
        for row in in_force.values("field_id", "field__name")
        .annotate(count=Count("procedure_id", distinct=True))
        .order_by("field__name")
        if row["count"]
    ]
    # Browse by agency: the agencies that handle the most procedures today.
    agencies = list(
        _active_agencies(today)
        .filter(valid_on_q(today, prefix="procedures__"))
        .annotate(count=Count("procedures__procedure", distinct=True))
        .order_by("-count", "path")[:HOME_AGENCIES]
    )
    context = {
        "total": _procedure_count(search_service.search_versions("", on=today)),
        "level_counts": level_counts,
        "field_count": len(fields),
        "fields": fields,
        "agencies": agencies,
        "agency_count": _active_agencies(today).count(),
        "lookup_url": _optional_url("portal:lookup"),
    }
    return render(request, "catalogue/home.html", context)


def _optional_url(name: str, **kwargs) -> str:
    """The URL of a page another component provides, or "" while it does not exist."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


@require_safe
@vary_on_headers("HX-Request")
def procedure_list(request: HttpRequest) -> HttpResponse:
    context = _search_context(request)
    context["htmx"] = _is_htmx(request)
    template = "catalogue/_results.html" if context["htmx"] else "catalogue/procedure_list.html"
    return render(request, template, context)


@require_safe
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = get_object_or_404(Procedure, code=code)
    today = _today()
    in_force = version_service.version_in_force(procedure, today)
    history = list(procedure.versions.select_related("decision").order_by("-number"))
    if not history:
        raise Http404(_("This procedure has no published version."))
    version = in_force or history[0]
    status = "in_force"
    if in_force is None:
        if version.valid_from and version.valid_from > today:
            status = "future"
        else:
            status = "not_in_force"
    version = (
        ProcedureVersion.objects.select_related("procedure", "field", "decision")
        .prefetch_related("processing_times", "fees", "documents")
        .get(pk=version.pk)
    )
    path = _procedure_path(procedure.code)
    public_url = _public_url(path)
    ways = _ways_to_submit(version)
    handlers = (
        AgencyProcedure.objects.filter(valid_on_q(today), procedure=procedure)
        .select_related("agency")
        .order_by("agency__path")
    )
    handlers = list(handlers)
    submit_url = ""
    if status == "in_force" and handlers and version_service.accepts_online(version):
        submit_url = _optional_url("citizens:submit", code=procedure.code)
    context = {
        "procedure": procedure,
        "version": version,
        "status": status,
        "submit_url": submit_url,
        "print_view": request.GET.get("print") == "1",
        "levels": levels_of(version),
        "ways": ways,
        "ways_have_notes": any(way.note for way in ways),
        "counter_time": _counter_time(version),
        "document_groups": _document_groups(version),
        "applicants": [a for a in (version.applicants or []) if a],
        "agency_rows": _agency_rows(version.agencies),
        "legal_basis": _legal_basis(version.legal_basis),
        "history": [
            {"version": item, "change": CHANGE_LABELS.get(item.change_kind, item.change_kind)}
            for item in history
        ],
        "change_label": CHANGE_LABELS.get(version.change_kind, version.change_kind),
        "online_label": ONLINE_LABELS.get(version.online_level, ""),
        "handlers": [h.agency for h in handlers],
        "public_url": public_url,
        "qr": mark_safe(qr_svg(public_url, scale=4, title=_("QR code of this page"))),  # noqa: S308
    }
    return render(request, "catalogue/procedure_detail.html", context)


def _active_agencies(on):
    return Agency.objects.filter(valid_on_q(on), merged_into__isnull=True)


@dataclass
class _Node:
    agency: Agency
    count: int
    children: list[_Node] = field(default_factory=list)


@require_safe
def agency_list(request: HttpRequest) -> HttpResponse:
    today = _today()
    agencies = list(_active_agencies(today).order_by("path"))
    counts: dict[int, int] = {}
    for agency_id in AgencyProcedure.objects.filter(
        valid_on_q(today), agency__in=[a.pk for a in agencies]
    ).values_list("agency_id", flat=True):
        counts[agency_id] = counts.get(agency_id, 0) + 1
    nodes = {a.pk: _Node(a, counts.get(a.pk, 0)) for a in agencies}
    roots: list[_Node] = []
    for agency in agencies:
        parent = nodes.get(agency.parent_id)
        (parent.children if parent else roots).append(nodes[agency.pk])
    return render(request, "catalogue/agency_list.html", {"roots": roots, "count": len(agencies)})


@require_safe
def agency_procedures(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency, code=code)
    today = _today()
    items = []
    seen: set[int] = set()
    # The procedures the agency handles today, each in its version in force (highest number
    # first within a procedure, as version_in_force picks it).
    for version in search_service.search_versions("", agency=agency, on=today):
        if version.procedure_id in seen:
            continue
        seen.add(version.procedure_id)
        path = _procedure_path(version.procedure.code)
        url = _public_url(path)
        items.append(
            {
                "version": version,
                "path": path,
                "url": url,
                "levels": levels_of(version),
                "qr": mark_safe(qr_svg(url, scale=3, title=version.name)),  # noqa: S308
            }
        )
    context = {
        "agency": agency,
        "items": items,
        "today": today,
        "inactive": agency.merged_into_id is not None
        or (agency.valid_to is not None and agency.valid_to < today),
    }
    return render(request, "catalogue/agency_procedures.html", context)
