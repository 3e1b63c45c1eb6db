"""Idempotency-Key for creating requests (draft-ietf-httpapi-idempotency-key-header).

A client that may retry a creating request (a dossier received at the desk, an import...)
sends a key of its choosing, unique per intended operation (a UUID):

    POST /api/v1/... HTTP/1.1
    Idempotency-Key: 5f0c3e8a-1d2b-4c6e-9a7f-2b8d4e6f1a3c

- No header: the request runs normally.
- First request with a key: it runs, and its response is stored in the SAME database
  transaction as what it created, so there is never a creation without its stored response.
- The same key again, same method, path and body: the stored response is returned as it
  was, with `Idempotent-Replayed: true`, and nothing runs again.
- The same key for a different request: 422 problem (idempotency-key-reused).
- The same key while the first request is still running: the second waits for the first to
  finish (it is blocked on the key's row) and then gets the stored response; after
  IN_PROGRESS_WAIT_SECONDS (PostgreSQL) it gets a 409 problem (idempotency-key-in-use).
  On SQLite writers are serialised anyway (transaction_mode IMMEDIATE).
- A request whose creation fails with an error stores nothing (the transaction rolls back),
  so a corrected retry may reuse the key only with the same body.

Keys belong to the authenticated user (unique per user); an anonymous request's key is
ignored. The body is compared by the SHA-256 of its canonical JSON form (parsed data, keys
sorted; uploaded files by name, size and SHA-256), so key order, whitespace and multipart
boundaries do not count.

Use: `@idempotent` on an APIView method, `IdempotentCreateMixin` before a viewset's
CreateModelMixin, or `run_idempotent(request, lambda: ...)` by hand. The AutoSchema of
motcua/api/schema.py documents the first two by itself; with `run_idempotent`, add
`IDEMPOTENCY_KEY_PARAMETER` to the operation's `@extend_schema(parameters=[...])`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, OperationalError, transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from motcua.api.errors import IdempotencyKeyInUse, IdempotencyKeyReused
from motcua.api.models import IdempotentRequest

IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
# How long a request waits for another one with the same key to finish (PostgreSQL).
IN_PROGRESS_WAIT_SECONDS = 10.0
# Response headers stored and replayed with the body.
STORED_HEADERS = ("Location", "Content-Location")

_KEY = re.compile(r"[!-~]{1,255}")  # visible ASCII, as the OpenAPI pattern below

IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    IDEMPOTENCY_KEY_HEADER,
    {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    OpenApiParameter.HEADER,
    description="A key of the client's choosing (e.g. a UUID), unique per intended "
    "operation. Retrying with the same key and body returns the stored response of the "
    "first request (header `Idempotent-Replayed: true`) instead of creating again; the "
    "same key with a different request is refused with 422, and with 409 while the first "
    "request is still in progress.",
)


def idempotency_key(request: Request) -> str | None:
    """The request's Idempotency-Key (quotes of the structured-field form removed)."""
    value = request.headers.get(IDEMPOTENCY_KEY_HEADER)
    if value is None:
        return None
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    if not _KEY.fullmatch(value):
        raise ValidationError(
            {
                IDEMPOTENCY_KEY_HEADER: [
                    _(
                        "The Idempotency-Key header must be 1 to 255 visible ASCII "
                        "characters, without spaces (a UUID, for example)."
                    )
                ]
            }
        )
    return value


def _canonical(value: Any) -> Any:
    if hasattr(value, "lists"):  # QueryDict of a form or multipart body
        return {str(k): [_canonical(v) for v in values] for k, values in value.lists()}
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"name": value.name, "size": value.size, "sha256": digest.hexdigest()}
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return value


def body_fingerprint(request: Request) -> str:
    """SHA-256 of the request body's canonical JSON form."""
    canonical = json.dumps(
        _canonical(request.data),
        cls=JSONEncoder,
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def run_idempotent(request: Request, create: Callable[[], Response]) -> Response:
    """Run `create` at most once per (user, Idempotency-Key); see the module docstring.

    `create` must return a DRF Response with JSON-serialisable data. It runs inside a
    transaction that also stores its response; an exception it raises rolls both back.
    """
    key = idempotency_key(request)
    user = request.user
    if key is None or not user.is_authenticated:
        return create()
    fingerprint = {
        "method": request.method,
        "path": request.get_full_path(),
        "body_sha256": body_fingerprint(request),
    }
    with transaction.atomic():
        try:
            with transaction.atomic(), bounded_lock_wait():
                record = IdempotentRequest.objects.create(user=user, key=key, **fingerprint)
        except IntegrityError:
            # The key's row exists: committed with its response by an earlier request, or
            # by a concurrent one we waited for.
            return _replay(user, key, fingerprint)
        response = create()
        if not isinstance(response, Response):
            raise TypeError("run_idempotent: create() must return a rest_framework Response")
        record.response_status = response.status_code
        record.response_body = json.loads(json.dumps(response.data, cls=JSONEncoder))
        record.response_headers = {h: response[h] for h in STORED_HEADERS if response.has_header(h)}
        record.save(update_fields=["response_status", "response_body", "response_headers"])
    return response


def _replay(user, key: str, fingerprint: dict[str, str]) -> Response:
    record = IdempotentRequest.objects.filter(user=user, key=key).first()
    if record is None or record.response_status is None:
        raise IdempotencyKeyInUse()
    if {name: getattr(record, name) for name in fingerprint} != fingerprint:
        raise IdempotencyKeyReused()
    headers = {**record.response_headers, REPLAYED_HEADER: "true"}
    return Response(record.response_body, status=record.response_status, headers=headers)


@contextmanager
def bounded_lock_wait() -> Iterator[None]:
    """On PostgreSQL, wait at most IN_PROGRESS_WAIT_SECONDS for a concurrent same key.

    A concurrent transaction that inserted the same (user, key) holds the unique index
    entry until it ends; our insert waits for it. `lock_timeout` bounds that wait; it is
    set for the enclosing savepoint only and restored afterwards.
    """
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout')")
        (previous,) = cursor.fetchone()
        timeout = f"{max(1, int(IN_PROGRESS_WAIT_SECONDS * 1000))}ms"
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [timeout])
    try:
        yield
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == "55P03":  # lock_not_available
            raise IdempotencyKeyInUse() from None
        raise
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])


def idempotent(view_method: Callable[..., Response]) -> Callable[..., Response]:
    """Decorator for an APIView/ViewSet method: run it through `run_idempotent`."""

    @functools.wraps(view_method)
    def wrapper(self, request, *args, **kwargs):
        return run_idempotent(request, lambda: view_method(self, request, *args, **kwargs))

    wrapper.motcua_idempotent = True  # type: ignore[attr-defined]
    return wrapper


def is_idempotent(view_method: Any) -> bool:
    return bool(getattr(view_method, "motcua_idempotent", False))


class IdempotentCreateMixin:
    """Put before CreateModelMixin (or ModelViewSet): `create` honours Idempotency-Key."""

    @idempotent
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)
