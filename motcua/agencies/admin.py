"""Admin for agencies, staff roles and staff accounts, scoped by policy.agencies_in_scope.

Writes go through services.py / policy.py; the admin only collects input.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from motcua.agencies import policy, services
from motcua.agencies.admin_scoping import ScopedAdminMixin, require_in_scope, scope_for
from motcua.agencies.models import Agency, AgencyMerge, StaffRole

User = get_user_model()


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = [
            "code",
            "name",
            "short_name",
            "level",
            "parent",
            "address",
            "phone",
            "email",
            "desk_name",
            "desk_address",
            "valid_from",
            "valid_to",
            "schedule",
        ]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent")
        try:
            moved = (parent.pk if parent else None) != self.instance.parent_id
            if self.request is not None and (moved or self.instance.pk is None):
                require_in_scope(self.request, parent)
            services.check_parent(self.instance, parent)
        except ValidationError as error:
            self.add_error("parent", error)
        return cleaned


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("successor"))
    effective_date = forms.DateField(
        label=_("effective date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    legal_basis = forms.CharField(label=_("legal basis"), max_length=300, required=False)

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (scope if scope is not None else Agency.objects).filter(
            merged_into__isnull=True
        )


@admin.register(Agency)
class AgencyAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_field = "pk"
    form = AgencyForm
    list_display = ["indented_name", "code", "level", "valid_from", "valid_to", "merged_into"]
    list_filter = ["level"]
    search_fields = ["code", "name", "short_name"]
    ordering = ["path"]
    readonly_fields = ["merged_into"]
    list_select_related = ["merged_into"]
    actions = ["merge_into"]
    autocomplete_fields = []

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj: Agency):
        return format_html('<span style="padding-left:{}em">{}</span>', 1.5 * obj.depth, obj.name)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class ScopedForm(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, request=request, **inner)

        return ScopedForm

    def save_model(self, request, obj, form, change):
        services.save_agency(obj)

    def has_delete_permission(self, request, obj=None):
        # Units are closed or merged, never deleted: their history must stay.
        return False

    @admin.action(description=_("Merge into another unit…"), permissions=["change"])
    def merge_into(self, request, queryset):
        scope = scope_for(request)
        if "apply" in request.POST:
            form = MergeForm(request.POST, scope=scope)
            if form.is_valid():
                self._apply_merge(request, queryset, form.cleaned_data)
                return None
        else:
            form = MergeForm(scope=scope)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge units"),
            "opts": self.model._meta,
            "sources": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/agencies/agency/merge.html", context)

    def _apply_merge(self, request, queryset, data) -> None:
        for source in queryset:
            try:
                services.merge_agency(
                    source,
                    data["target"],
                    data["effective_date"],
                    legal_basis=data["legal_basis"],
                    actor=request.user,
                )
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("“%(source)s” was merged into “%(target)s”.")
                    % {"source": source, "target": data["target"]},
                    messages.SUCCESS,
                )


@admin.register(AgencyMerge)
class AgencyMergeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only log: mergers are made with the “merge into…” action on agencies."""

    scope_field = "target"
    list_display = ["source", "target", "effective_date", "legal_basis", "created_by"]
    date_hierarchy = "effective_date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _staff_candidates(request):
    """Accounts a non-superuser administrator may give roles to."""
    users = User.objects.filter(is_superuser=False)
    if request.user.is_superuser:
        return User.objects.all()
    return users.filter(
        Q(staff_roles__agency__in=scope_for(request)) | Q(staff_roles__isnull=True)
    ).distinct()


@admin.register(StaffRole)
class StaffRoleAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "agency"]
    list_filter = ["role", "agency__level"]
    search_fields = ["user__username", "user__last_name", "agency__name", "agency__code"]
    list_select_related = ["user", "agency"]

    def get_readonly_fields(self, request, obj=None):
        # A role is granted or revoked, never edited in place.
        return ["user", "agency", "role"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = _staff_candidates(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            saved = policy.grant_role(obj.user, obj.agency, obj.role)
            obj.pk = saved.pk

    def delete_model(self, request, obj):
        policy.revoke_role(obj.user, obj.agency, obj.role)

    def delete_queryset(self, request, queryset):
        for staff_role in queryset.select_related("user", "agency"):
            policy.revoke_role(staff_role.user, staff_role.agency, staff_role.role)


class StaffRoleInline(ScopedAdminMixin, admin.TabularInline):
    model = StaffRole
    extra = 1
    verbose_name = _("role")
    verbose_name_plural = _("roles in agencies")


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(DjangoUserAdmin):
    """Staff accounts with their roles. Access (is_staff, groups) follows the roles."""

    inlines = [StaffRoleInline]
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_active"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            Q(pk__in=_staff_candidates(request).values("pk")) | Q(pk=request.user.pk)
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        hidden = {"is_superuser", "groups", "user_permissions", "is_staff"}
        return [
            (title, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for title, options in fieldsets
        ]

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if obj is not None else []

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        policy.sync_user_access(form.instance)
