"""Back-office screens for the catalogue. Rules live in services/; the admin only collects.

Procedure versions and processes are shown read-only once saved: a dossier keeps the version
and process in force when it was received, so changes are new versions (import a JSON or
Excel file, or add a new process), never edits in place. Document templates may be uploaded.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from motcua.catalogue.models import (
    AgencyProcedure,
    Decision,
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    Process,
    ProcessingTime,
    ProcessStep,
    RequiredDocument,
)
from motcua.catalogue.services import processes
from motcua.catalogue.services.search import refresh_search_text
from motcua.core.text import fold

try:  # written by the agencies component; superuser-only until it exists
    from motcua.agencies.admin_scoping import ScopedAdminMixin
except ImportError:  # pragma: no cover - only while the policy module is missing

    class ScopedAdminMixin:  # type: ignore[no-redef]
        scope_field = "agency"

        def get_queryset(self, request):
            queryset = super().get_queryset(request)
            return queryset if request.user.is_superuser else queryset.none()


def folded_filter(queryset, search_term: str, path: str = "search_text"):
    """Keep rows whose folded search text contains every folded token of `search_term`."""
    for token in fold(search_term).split():
        queryset = queryset.filter(**{f"{path}__contains": token})
    return queryset


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["number", "issued_on", "issuer", "title"]
    search_fields = ["number", "title", "issuer"]
    date_hierarchy = "issued_on"


class VersionInline(ReadOnlyInline):
    model = ProcedureVersion
    fields = ["number", "name", "change_kind", "decision", "valid_from", "valid_to"]
    readonly_fields = fields
    show_change_link = True
    ordering = ["-number"]


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "latest_name", "version_count"]
    search_fields = ["code"]
    inlines = [VersionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_versions=Count("versions"))

    @admin.display(description=_("versions"), ordering="_versions")
    def version_count(self, obj: Procedure) -> int:
        return obj._versions

    @admin.display(description=_("name"))
    def latest_name(self, obj: Procedure) -> str:
        latest = obj.versions.order_by("-number").first()
        return latest.name if latest else ""

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        versions = folded_filter(ProcedureVersion.objects.all(), search_term)
        return queryset.filter(pk__in=versions.values("procedure")), False


class ProcessingTimeInline(ReadOnlyInline):
    model = ProcessingTime
    fields = ["channel", "amount", "unit", "text", "note", "disputed"]
    readonly_fields = fields


class FeeInline(ReadOnlyInline):
    model = Fee
    fields = ["channel", "amount_vnd", "description", "disputed"]
    readonly_fields = fields


class RequiredDocumentInline(admin.TabularInline):
    """Only the form template can change: it does not alter what the applicant must bring."""

    model = RequiredDocument
    extra = 0
    can_delete = False
    fields = ["position", "group", "name", "originals", "copies", "template_name", "template_file"]
    readonly_fields = ["position", "group", "name", "originals", "copies"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = ["procedure", "number", "name", "field", "change_kind", "valid_from", "valid_to"]
    list_filter = ["change_kind", "at_province", "at_district", "at_commune", "field"]
    list_select_related = ["procedure", "field"]
    search_fields = ["name"]
    inlines = [ProcessingTimeInline, FeeInline, RequiredDocumentInline]
    readonly_fields = [
        "procedure",
        "number",
        "name",
        "field",
        "at_ministry",
        "at_province",
        "at_district",
        "at_commune",
        "at_other",
        "procedure_type",
        "decision",
        "change_kind",
        "valid_from",
        "valid_to",
        "steps",
        "applicants",
        "result",
        "requirements",
        "legal_basis",
        "agencies",
        "online_level",
        "provenance",
    ]

    def has_add_permission(self, request):
        return False  # new versions come from an import (command, API or Excel)

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return folded_filter(queryset, search_term), False

    def save_model(self, request, obj, form, change):
        refresh_search_text(obj)
        super().save_model(request, obj, form, change)


@admin.register(AgencyProcedure)
class AgencyProcedureAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_field = "agency"
    list_display = ["agency", "procedure", "valid_from", "valid_to"]
    list_filter = ["agency"]
    list_select_related = ["agency", "procedure"]
    raw_id_fields = ["procedure"]
    search_fields = ["procedure__code", "agency__name"]

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        versions = folded_filter(ProcedureVersion.objects.all(), search_term)
        by_agency = queryset.filter(agency__name__icontains=search_term.strip())
        return queryset.filter(procedure__in=versions.values("procedure")) | by_agency, False


class ProcessStepFormSet(forms.BaseInlineFormSet):
    """Checks the step budgets with the same rule as services.processes.validate_steps."""

    def specs(self) -> list[processes.StepSpec]:
        specs = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("name"):
                continue
            specs.append(
                processes.StepSpec(
                    position=data.get("position"),
                    name=data.get("name"),
                    agency=data.get("agency"),
                    role=data.get("role"),
                    budget=data.get("budget"),
                )
            )
        return specs

    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.pk is not None or self.instance.total is None:
            return
        processes.validate_steps(self.instance.total, self.specs(), unit=self.instance.unit)


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    formset = ProcessStepFormSet
    extra = 3
    fields = ["position", "name", "agency", "role", "budget"]

    def has_change_permission(self, request, obj=None):
        return obj is None

    def has_delete_permission(self, request, obj=None):
        return obj is None


class ProcessForm(forms.ModelForm):
    class Meta:
        model = Process
        fields = ["agency", "procedure", "valid_from", "total", "unit", "interlinked"]

    def clean(self):
        data = super().clean()
        if data.get("agency") and data.get("procedure") and data.get("valid_from"):
            try:
                processes.check_new_process_date(
                    data["agency"], data["procedure"], data["valid_from"]
                )
            except ValidationError as exc:
                self.add_error("valid_from", exc)
        return data


@admin.register(Process)
class ProcessAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """A saved process is read-only; changing it means adding the next version."""

    scope_field = "agency"
    form = ProcessForm
    list_display = [
        "agency",
        "procedure",
        "number",
        "valid_from",
        "valid_to",
        "total",
        "unit",
        "interlinked",
    ]
    list_filter = ["interlinked", "agency"]
    list_select_related = ["agency", "procedure"]
    raw_id_fields = ["procedure"]
    search_fields = ["procedure__code"]
    inlines = [ProcessStepInline]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        versions = folded_filter(ProcedureVersion.objects.all(), search_term)
        return queryset.filter(procedure__in=versions.values("procedure")), False

    def save_model(self, request, obj, form, change):
        pass  # saved with its steps by services.processes in save_related

    def save_related(self, request, form, formsets, change):
        formset = next(f for f in formsets if isinstance(f, ProcessStepFormSet))
        process = processes.save_new_process(form.instance, formset.specs())
        # what the admin's change message reads from a saved formset
        formset.new_objects = list(process.steps.all())
        formset.changed_objects, formset.deleted_objects = [], []
