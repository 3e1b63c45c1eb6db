"""Who may see a unit's indices: oversight staff, leaders and administrators holding their
role over the agency (agencies.policy.agencies_in_scope: its subtree and merged units)."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.agencies.models import Agency, Role
from motcua.agencies.policy import agencies_in_scope

ROLES = (Role.OVERSIGHT, Role.LEADER, Role.ADMINISTRATOR)


def units_for(user) -> QuerySet[Agency]:
    """Agencies whose indices `user` may see."""
    return agencies_in_scope(user, ROLES)


def unit_for(user, code: str) -> Agency | None:
    """The agency `code` if `user` may see its indices; None otherwise (unknown or not
    theirs: the front doors answer 404 either way)."""
    code = (code or "").strip()
    if not code or len(code) > 40:
        return None
    return units_for(user).filter(code=code).first()


def default_unit(user) -> Agency | None:
    """The highest agency in the user's scope (the first in tree order)."""
    return units_for(user).exclude(merged_into__isnull=False).order_by("path").first()
