"""THE permission policy: who may see and act on which agencies.

A role held at an agency covers that agency's subtree (by `path` prefix) and the lineage
of units merged into any of them, so a successor's staff see their predecessors' history.
Admin, API and later components ask this module only; they never filter by hand.

Roles also drive Django's admin permissions: one Group per Role (`sync_role_groups`) and
`is_staff`, both kept in step by `grant_role` / `revoke_role`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, Level, Role, StaffRole
from motcua.agencies.services import lineage_ids_of

GROUP_PREFIX = "motcua."

_CATALOGUE = (
    "catalogue.field",
    "catalogue.decision",
    "catalogue.procedure",
    "catalogue.procedureversion",
    "catalogue.processingtime",
    "catalogue.fee",
    "catalogue.requireddocument",
    "catalogue.agencyprocedure",
    "catalogue.process",
    "catalogue.processstep",
)
_WORKTIME = ("worktime.dayoverride", "worktime.workschedule")
_AGENCIES_READ = ("agencies.agency", "agencies.agencymerge")
_EDIT = ("add", "change", "view")

# Model permissions each role needs in the admin: "app_label.codename".
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADMINISTRATOR: frozenset(
        [f"agencies.{action}_agency" for action in _EDIT]
        + ["agencies.view_agencymerge"]
        # Revoking a role deletes its StaffRole row.
        + [f"agencies.{action}_staffrole" for action in (*_EDIT, "delete")]
        # Staff accounts of the unit; the admin hides superuser fields from non-superusers.
        + [f"auth.{action}_user" for action in _EDIT]
        + [
            f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
            for label in _CATALOGUE
            for action in _EDIT
        ]
        + [
            f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
            for label in _WORKTIME
            for action in _EDIT
        ]
    ),
}
_READER = frozenset(
    f"{label.split('.')[0]}.view_{label.split('.')[1]}" for label in _AGENCIES_READ + _CATALOGUE
)
for _role in (Role.OFFICER, Role.SPECIALIST, Role.LEADER, Role.OVERSIGHT):
    ROLE_PERMISSIONS[_role] = _READER


def as_role(role: Role | str) -> Role:
    """The Role for `role`, or ValidationError naming the valid roles."""
    try:
        return Role(role)
    except ValueError:
        raise ValidationError(
            _("Unknown role “%(role)s”; valid roles: %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)}
        ) from None


def group_name(role: Role | str) -> str:
    return f"{GROUP_PREFIX}{as_role(role).value}"


def _permissions(labels: Iterable[str]) -> list[Permission]:
    wanted = {tuple(label.split(".", 1)) for label in labels}
    found = [
        permission
        for permission in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _app, codename in wanted}
        )
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    return found


def sync_role_group(role: str) -> Group:
    """Create or update the Group of one role so it holds exactly ROLE_PERMISSIONS[role]."""
    group, _created = Group.objects.get_or_create(name=group_name(role))
    group.permissions.set(_permissions(ROLE_PERMISSIONS[as_role(role)]))
    return group


def sync_role_groups() -> list[Group]:
    """One Group per Role with that role's admin permissions; idempotent.

    Called from the data migration agencies.0002 and by `motcua demo`.
    """
    return [sync_role_group(role) for role in Role]


def _role_values(roles: Iterable[str] | None) -> list[str] | None:
    return None if roles is None else [as_role(role).value for role in roles]


def agencies_in_scope(user, roles: Iterable[Role] | None = None) -> QuerySet[Agency]:
    """Agencies `user` may act on with any of `roles` (all roles when None).

    Superusers: every agency. Anonymous or inactive users: none. Others: the union of the
    subtrees of the agencies where they hold one of the roles, plus the lineage of units
    merged into any agency of those subtrees (services.lineage_ids).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    held = StaffRole.objects.filter(user=user)
    wanted = _role_values(roles)
    if wanted is not None:
        held = held.filter(role__in=wanted)
    paths = set(held.values_list("agency__path", flat=True))
    if not paths:
        return Agency.objects.none()
    return Agency.objects.filter(pk__in=lineage_ids_of(paths))


def has_role(user, role: Role | str, agency: Agency) -> bool:
    """True when `user` holds `role` at `agency` or an ancestor of it (or at a successor
    `agency` was merged into, through the lineage). Superusers hold every role."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return agencies_in_scope(user, [role]).filter(pk=agency.pk).exists()


def works_for(user, role: Role | str, agency: Agency) -> bool:
    """Whether `user` may be given work of `role` at `agency`: they hold the role there (or
    above, has_role), or in one of the agency's own divisions, its internal units (a ward's
    specialists sit in its offices, yet the ward is the competent agency of the step)."""
    if has_role(user, role, agency):
        return True
    return StaffRole.objects.filter(
        user=user, role=role, agency__parent=agency, agency__level=Level.DIVISION
    ).exists()


def staff_for(role: Role | str, agency: Agency) -> QuerySet[StaffRole]:
    """The role assignments that let their holder be given work of `role` at `agency`
    (works_for): at the agency or above it, or in one of its own divisions."""
    return StaffRole.objects.filter(
        Q(agency_id__in=agency.ancestor_ids())
        | Q(agency__parent=agency, agency__level=Level.DIVISION),
        role=role,
        user__is_active=True,
    )


def roles_of(user) -> QuerySet[StaffRole]:
    """The user's role assignments, with agencies, in tree order."""
    return StaffRole.objects.filter(user=user).select_related("agency")


def sync_user_access(user) -> None:
    """`is_staff` and role Groups follow the user's StaffRole rows."""
    held = set(StaffRole.objects.filter(user=user).values_list("role", flat=True))
    should_be_staff = bool(held) or user.is_superuser
    if user.is_staff != should_be_staff:
        user.is_staff = should_be_staff
        user.save(update_fields=["is_staff"])
    for role in Role:
        group = sync_role_group(role) if role.value in held else None
        if group is not None:
            user.groups.add(group)
        else:
            user.groups.remove(*Group.objects.filter(name=group_name(role)))


@transaction.atomic
def grant_role(user, agency: Agency, role: Role | str) -> StaffRole:
    """Give `user` the `role` at `agency` (idempotent) and update is_staff and groups."""
    staff_role, _created = StaffRole.objects.get_or_create(
        user=user, agency=agency, role=as_role(role).value
    )
    sync_user_access(user)
    return staff_role


@transaction.atomic
def revoke_role(user, agency: Agency, role: Role | str) -> bool:
    """Take `role` at `agency` away from `user`; True if it was held."""
    deleted, _details = StaffRole.objects.filter(
        user=user, agency=agency, role=as_role(role).value
    ).delete()
    sync_user_access(user)
    return bool(deleted)
