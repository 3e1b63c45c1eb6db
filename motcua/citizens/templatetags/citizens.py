"""Template helpers of the citizens' pages and the header's user menu."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

from motcua.citizens.services.accounts import full_name, is_staff_member
from motcua.core.uploads import format_size

register = template.Library()

WORKSPACE_FALLBACK = "/can-bo/"


def workspace_url() -> str:
    """The officers' workspace (built by another app): its inbox when it exists."""
    try:
        return reverse("workspace:inbox")
    except NoReverseMatch:
        return WORKSPACE_FALLBACK


def rating_url(key: str) -> str:
    """The rating page of a returned dossier, when the ratings app offers one."""
    try:
        return reverse("ratings:rate", kwargs={"key": key})
    except NoReverseMatch:
        return ""


@register.simple_tag
def staff_home() -> str:
    return workspace_url()


@register.simple_tag
def rate_link(key: str) -> str:
    return rating_url(key)


@register.filter
def display_name(user) -> str:
    return full_name(user)


@register.filter
def is_staff_user(user) -> bool:
    return is_staff_member(user)


@register.filter
def filesize(size) -> str:
    try:
        return format_size(int(size))
    except (TypeError, ValueError):
        return ""
