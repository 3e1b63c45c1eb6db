"""Who may see the resolution report: staff holding the oversight, leader or administrator
role over the agency (agencies.policy.agencies_in_scope; superusers see every agency)."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.agencies.models import Agency, Role
from motcua.agencies.policy import agencies_in_scope

REPORT_ROLES = (Role.OVERSIGHT, Role.LEADER, Role.ADMINISTRATOR)


def report_agencies(user) -> QuerySet[Agency]:
    """The agencies whose report `user` may see."""
    return agencies_in_scope(user, REPORT_ROLES)


def may_see_report(user, agency: Agency) -> bool:
    return report_agencies(user).filter(pk=agency.pk).exists()
