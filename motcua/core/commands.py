"""What every `motcua` command does with the domain's answers: a refusal becomes a
CommandError with the domain's own message (exit status 1), in the operator's language."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def error_text(errors) -> str:
    """'field: message message; other: message' from a ValidationError or from a
    serializer's nested errors."""
    if isinstance(errors, ValidationError):
        errors = errors.message_dict if hasattr(errors, "error_dict") else errors.messages
    if isinstance(errors, dict):
        return "; ".join(f"{key}: {error_text(value)}" for key, value in errors.items())
    if isinstance(errors, list):
        return " ".join(error_text(e) for e in errors)
    return str(errors)


@contextmanager
def domain_errors(*also: type[Exception]) -> Iterator[None]:
    """Turn ValidationError, PermissionDenied (and `also`, e.g. StaleDossier) into a
    CommandError carrying their message."""
    try:
        yield
    except ValidationError as error:
        raise CommandError(error_text(error)) from None
    except (PermissionDenied, *also) as error:
        raise CommandError(str(error)) from None


def active_user(username: str):
    """The active user called `username`, or a CommandError saying there is none."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("No active user “%(name)s”.") % {"name": username})
    return user
