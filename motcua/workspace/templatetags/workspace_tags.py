"""`{% workspace_nav %}`: the side navigation of the officers' pages, with queue counts.

Any page extending workspace/base.html gets it (the counter's pages too); it reuses the
view's `work_scope` when there is one, so the roles are read once a request.
"""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from motcua.agencies.models import Role
from motcua.workspace.leader import OVERSEERS
from motcua.workspace.queues import WorkScope, counts

register = template.Library()


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:  # the counter's intake is another component's, maybe not yet
        return ""


@register.inclusion_tag("workspace/_nav.html", takes_context=True)
def workspace_nav(context, oob: bool = False):
    request = context["request"]
    scope = context.get("work_scope") or WorkScope.of(request.user)
    now = context.get("now") or timezone.now()
    return {
        "request": request,
        "queues": counts(scope, now),
        "current": context.get("current_queue", ""),
        "inbox_url": reverse("workspace:inbox"),
        "intake_url": _url("counter:intake") if scope.holds([Role.OFFICER]) else "",
        "leader_url": reverse("workspace:leader") if scope.holds(OVERSEERS) else "",
        "search_url": reverse("workspace:search"),
        "feedback_url": reverse("ratings:staff_list")
        if scope.holds([Role.OFFICER, Role.LEADER])
        else "",
        "exports_url": reverse("jobs:exports"),
        "oob": oob,
        "on_inbox": getattr(request.resolver_match, "view_name", "") == "workspace:inbox",
    }
