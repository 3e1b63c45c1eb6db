"""Reusable admin scoping: non-superusers see and pick only agencies in their scope.

Usage in another app's admin::

    class AgencyProcedureAdmin(ScopedAdminMixin, admin.ModelAdmin):
        scope_field = "agency"          # ORM path from the model to an Agency FK

Rows are filtered with `policy.agencies_in_scope(request.user)`; every ForeignKey or
ManyToMany to Agency on the form (and in inlines using the mixin) offers only agencies in
scope, and saving an object whose agency is out of scope is refused by the form.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.agencies.policy import agencies_in_scope


def scope_for(request):
    """The agencies the request's user may act on (cached on the request)."""
    cached = getattr(request, "_motcua_agency_scope", None)
    if cached is None:
        cached = agencies_in_scope(request.user)
        request._motcua_agency_scope = cached
    return cached


class ScopedAdminMixin:
    """Mix into ModelAdmin or InlineModelAdmin; set `scope_field` to the Agency FK path."""

    scope_field: str = "agency"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        if self.scope_field:
            return queryset.filter(**{f"{self.scope_field}__in": scope_for(request)})
        return queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Agency and not request.user.is_superuser:
            kwargs["queryset"] = scope_for(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Agency and not request.user.is_superuser:
            kwargs["queryset"] = scope_for(request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def _in_scope(self, request, obj) -> bool:
        if obj is None or request.user.is_superuser or not self.scope_field:
            return True
        model = type(obj)
        return model._default_manager.filter(
            pk=obj.pk, **{f"{self.scope_field}__in": scope_for(request)}
        ).exists()


def require_in_scope(request, agency: Agency | None, *, allow_none: bool = False) -> None:
    """Raise ValidationError unless `agency` is in the user's scope (for custom forms)."""
    if agency is None:
        if allow_none or request.user.is_superuser:
            return
        raise ValidationError(_("Choose an agency within your scope."))
    if request.user.is_superuser:
        return
    if not scope_for(request).filter(pk=agency.pk).exists():
        raise ValidationError(
            _("“%(agency)s” is outside the agencies you manage.") % {"agency": agency}
        )


__all__ = ["ScopedAdminMixin", "require_in_scope", "scope_for"]
