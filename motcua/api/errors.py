"""API errors as RFC 9457 problem details (`application/problem+json`).

Every error of /api/ is a JSON object

    {"type": "...", "title": "...", "status": 400, "detail": "...", "errors": {...}}

with `detail` (and `title`) in the request's language (Accept-Language, Vietnamese by
default; see core/middleware.py). `errors` is present on validation problems only:
field name → list of messages; nested fields are joined with dots ("fees.0.amount") and
messages not tied to a field are under "non_field_errors".

Problem types (`type`):

- ``about:blank``: the problem is exactly what the HTTP status says (401, 403, 404, 405,
  406, 415, 429, 500, a malformed body...); `title` is the status phrase.
- ``https://motcua.gov.vn/problems/validation`` (400): the input is invalid; see `errors`.
  Domain services' ``django.core.exceptions.ValidationError`` lands here too.
- ``https://motcua.gov.vn/problems/conflict`` (409): someone else changed the record since
  the client read it; reload and try again (raise :class:`Conflict`).
- ``https://motcua.gov.vn/problems/idempotency-key-in-use`` (409): another request with the
  same Idempotency-Key is still being processed; retry later.
- ``https://motcua.gov.vn/problems/idempotency-key-reused`` (422): the Idempotency-Key was
  already used for a different request (other method, path or body).

The URIs are identifiers, stable across releases; clients branch on `type` and `status`,
never on the (translated) `title` or `detail`. A new kind of problem gets a new URI under
https://motcua.gov.vn/problems/ and a :class:`ProblemError` subclass here.
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.http import Http404
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

logger = logging.getLogger("django.request")

PROBLEM_CONTENT_TYPE = "application/problem+json"
ABOUT_BLANK = "about:blank"
PROBLEM_BASE = "https://motcua.gov.vn/problems/"
VALIDATION_PROBLEM = PROBLEM_BASE + "validation"
CONFLICT_PROBLEM = PROBLEM_BASE + "conflict"
IDEMPOTENCY_KEY_IN_USE_PROBLEM = PROBLEM_BASE + "idempotency-key-in-use"
IDEMPOTENCY_KEY_REUSED_PROBLEM = PROBLEM_BASE + "idempotency-key-reused"

NON_FIELD_ERRORS = api_settings.NON_FIELD_ERRORS_KEY  # "non_field_errors"
_GET_OBJECT_404 = re.compile(r"No .+ matches the given query\.")

# Titles of `about:blank` problems: the HTTP status phrase, in the request's language.
STATUS_TITLES = {
    400: _("Bad Request"),
    401: _("Unauthorized"),
    403: _("Forbidden"),
    404: _("Not Found"),
    405: _("Method Not Allowed"),
    406: _("Not Acceptable"),
    409: _("Conflict"),
    413: _("Content Too Large"),
    415: _("Unsupported Media Type"),
    422: _("Unprocessable Content"),
    429: _("Too Many Requests"),
    500: _("Internal Server Error"),
    503: _("Service Unavailable"),
}


class ProblemError(exceptions.APIException):
    """An API error with its own problem type; subclass it for each new kind of problem."""

    problem_type = ABOUT_BLANK
    title: Any = None  # None: the HTTP status phrase


class Conflict(ProblemError):
    """409: the record changed since the client read it (optimistic concurrency).

    ``raise Conflict()`` for the standard message, or ``Conflict(detail=...)``.
    """

    status_code = 409
    problem_type = CONFLICT_PROBLEM
    title = _("Edit conflict")
    default_detail = _(
        "Someone else has changed this record since you opened it. Reload it and try again."
    )
    default_code = "conflict"


class IdempotencyKeyInUse(ProblemError):
    status_code = 409
    problem_type = IDEMPOTENCY_KEY_IN_USE_PROBLEM
    title = _("Request still in progress")
    default_detail = _(
        "A request with this Idempotency-Key is still being processed. Wait a moment and try again."
    )
    default_code = "idempotency_key_in_use"


class IdempotencyKeyReused(ProblemError):
    status_code = 422
    problem_type = IDEMPOTENCY_KEY_REUSED_PROBLEM
    title = _("Idempotency-Key already used")
    default_detail = _(
        "This Idempotency-Key was already used for a different request. "
        "Use a new key for a new request."
    )
    default_code = "idempotency_key_reused"


class ProblemResponse(Response):
    """A problem details response: always JSON, whatever the request's Accept header said."""

    def __init__(self, data: dict[str, Any], status: int, headers=None):
        super().__init__(data, status=status, headers=headers, content_type=PROBLEM_CONTENT_TYPE)

    @property
    def rendered_content(self):
        self.accepted_renderer = JSONRenderer()
        self.accepted_media_type = JSONRenderer.media_type
        if getattr(self, "renderer_context", None) is None:
            self.renderer_context = {}
        return super().rendered_content


def problem(
    status: int,
    detail: str,
    *,
    type: str = ABOUT_BLANK,  # the RFC 9457 member name
    title: str | None = None,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> ProblemResponse:
    """A problem response built by hand (the exception handler builds the usual ones)."""
    data: dict[str, Any] = {
        "type": type,
        "title": str(title) if title is not None else status_title(status),
        "status": status,
        "detail": str(detail),
    }
    if errors is not None:
        data["errors"] = errors
    return ProblemResponse(data, status=status, headers=headers)


def status_title(status: int) -> str:
    if status in STATUS_TITLES:
        return str(STATUS_TITLES[status])
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return str(status)


def field_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF error detail (nested dicts and lists) as {"field.sub.0": [messages]}."""
    out: dict[str, list[str]] = {}

    def add(name: str, message: Any) -> None:
        out.setdefault(name or NON_FIELD_ERRORS, []).append(str(message))

    def walk(node: Any, name: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                key = str(key)
                if not name and key in ("__all__", NON_FIELD_ERRORS):
                    key = ""
                walk(value, f"{name}.{key}" if name and key else name or key)
        elif isinstance(node, (list, tuple)):
            for index, item in enumerate(node):
                if isinstance(item, (dict, list, tuple)):
                    walk(item, f"{name}.{index}" if name else str(index))
                else:
                    add(name, item)
        else:
            add(name, node)

    walk(detail, prefix)
    return out


def _validation_problem(exc: exceptions.ValidationError, status: int) -> dict[str, Any]:
    errors = field_errors(exc.detail)
    general = errors.get(NON_FIELD_ERRORS)
    messages = [message for field in errors.values() for message in field]
    if general:
        detail = " ".join(general)
    elif len(messages) == 1:
        detail = messages[0]
    else:
        detail = gettext("Some fields are invalid: %(fields)s.") % {"fields": ", ".join(errors)}
    return {
        "type": VALIDATION_PROBLEM,
        "title": gettext("Invalid data"),
        "status": status,
        "detail": detail,
        "errors": errors,
    }


def _throttled_default(exc: exceptions.Throttled) -> str:
    return str(exceptions.Throttled(wait=exc.wait).detail)


def _throttled_detail(wait: float | None) -> str:
    if not wait:
        return gettext("Too many requests; try again later.")
    seconds = int(wait)
    return ngettext(
        "Too many requests; try again in %(seconds)d second.",
        "Too many requests; try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}


def _detail_text(detail: Any) -> str:
    if isinstance(detail, (dict, list, tuple)):
        return " ".join(
            message for messages in field_errors(detail).values() for message in messages
        )
    return str(detail)


def exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every exception of a DRF view → a problem."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Http404):
        message = str(exc.args[0]) if exc.args else ""
        # get_object_or_404's "No Agency matches the given query." is English and names a
        # model: the translated "Not found." says the same.
        exc = exceptions.NotFound(None if _GET_OBJECT_404.fullmatch(message) else message or None)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)

    response = drf_exception_handler(exc, context)  # headers (WWW-Authenticate...), rollback
    if response is None:
        return _server_error(exc, context)

    status = response.status_code
    if isinstance(exc, exceptions.ValidationError):
        data = _validation_problem(exc, status)
    else:
        title = getattr(exc, "title", None)
        data = {
            "type": getattr(exc, "problem_type", ABOUT_BLANK),
            "title": str(title) if title is not None else status_title(status),
            "status": status,
            "detail": _detail_text(exc.detail),
        }
        if isinstance(exc, exceptions.Throttled) and exc.detail == _throttled_default(exc):
            # DRF formats its "Expected available in N seconds" before translating it.
            data["detail"] = _throttled_detail(exc.wait)
    headers = {k: v for k, v in response.items() if k.lower() != "content-type"}
    return ProblemResponse(data, status=status, headers=headers)


def _server_error(exc: BaseException, context) -> ProblemResponse:
    """An unexpected exception: logged with its traceback, answered as a 500 problem."""
    request = context.get("request")
    django_request = getattr(request, "_request", request)
    path = getattr(django_request, "path", "?")
    logger.error(
        "Internal Server Error: %s",
        path,
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"status_code": 500, "request": django_request},
    )
    # As Django does for an unhandled exception (error reporting hooks, the test client).
    got_request_exception.send(sender=None, request=django_request)
    set_rollback()
    response = problem(
        500,
        gettext(
            "An unexpected error occurred on the server. It has been recorded; try again later."
        ),
    )
    response._has_been_logged = True  # Django must not log it a second time
    return response
