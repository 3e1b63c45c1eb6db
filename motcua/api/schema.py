"""drf-spectacular customisation: problem responses on every operation, engine-free numbers.

`AutoSchema` (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]) adds the error responses a client
must expect to every operation, each an `application/problem+json` body described by the
`Problem` component (see motcua/api/errors.py):

- 400 and 404 everywhere (bad parameters or body; unknown object, page or cursor);
- 401 and 403 wherever the view authenticates (a bad token is refused even on public
  reads; permissions and CSRF on the rest);
- 409 and 422 on operations taking an Idempotency-Key (see motcua/api/idempotency.py),
  which also get the `Idempotent-Replayed` response header, and the header parameter itself
  when the view method is decorated with `@idempotent` or comes from IdempotentCreateMixin;
- 429 on throttled views.

Other problems an operation may give are documented by the endpoint with
`problem_response()`, e.g. 409 for an update that may raise errors.Conflict.

A response an endpoint documents itself (`@extend_schema(responses={400: ...})`) is kept.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from motcua.api.errors import PROBLEM_CONTENT_TYPE
from motcua.api.idempotency import (
    IDEMPOTENCY_KEY_HEADER,
    IDEMPOTENCY_KEY_PARAMETER,
    REPLAYED_HEADER,
    is_idempotent,
)


class ProblemSerializer(serializers.Serializer):
    """Problem details (RFC 9457)."""

    type = serializers.URLField(
        help_text="Problem type: `about:blank` (the HTTP status says it all) or a URI under "
        "https://motcua.gov.vn/problems/ (validation, conflict, idempotency-key-in-use, "
        "idempotency-key-reused). Stable: branch on it, not on the texts."
    )
    title = serializers.CharField(
        help_text="Short summary of the problem type, in the request's language."
    )
    status = serializers.IntegerField(
        min_value=100, max_value=599, help_text="The HTTP status code."
    )
    detail = serializers.CharField(
        help_text="What went wrong this time, in the request's language (Accept-Language)."
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Validation problems only: field → messages. Nested fields are joined with "
        "dots (`fees.0.amount`); messages about the whole input are under `non_field_errors`.",
    )


_DESCRIPTIONS = {
    400: "Invalid input: `errors` lists the messages of each field.",
    401: "Missing or invalid credentials.",
    403: "The caller may not do this.",
    404: "No such resource, page or cursor.",
    409: "The record changed since it was read (edit conflict): reload it and try again.",
    422: "The Idempotency-Key was already used for a different request.",
    429: "Too many requests: wait the number of seconds in Retry-After.",
}
_IDEMPOTENCY_DESCRIPTIONS = {
    409: "A request with the same Idempotency-Key is still in progress: try again later.",
}


def problem_response(status: int, description: str | None = None) -> dict:
    """A documented problem response, for `@extend_schema(responses=...)`.

    E.g. an update that may raise `Conflict`:
    ``responses={200: DossierSerializer, **problem_response(409)}``.
    """
    return {
        (status, PROBLEM_CONTENT_TYPE): OpenApiResponse(
            ProblemSerializer, description=description or _DESCRIPTIONS.get(status, "")
        )
    }


class AutoSchema(SpectacularAutoSchema):
    def _view_method(self):
        action = getattr(self.view, "action", None)
        return getattr(self.view, action or self.method.lower(), None)

    def _takes_idempotency_key(self) -> bool:
        return any(
            isinstance(p, OpenApiParameter)
            and p.location == OpenApiParameter.HEADER
            and p.name.lower() == IDEMPOTENCY_KEY_HEADER.lower()
            and not p.response
            for p in self.get_override_parameters()
        )

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if is_idempotent(self._view_method()):
            parameters = [*parameters, IDEMPOTENCY_KEY_PARAMETER]
        return parameters

    def _get_response_headers_for_code(self, status_code, direction="response"):
        headers = super()._get_response_headers_for_code(status_code, direction)
        if str(status_code).startswith("2") and self._takes_idempotency_key():
            headers[REPLAYED_HEADER] = {
                "schema": {"type": "string", "enum": ["true"]},
                "description": "Present when this is the stored response of an earlier "
                "request with the same Idempotency-Key, replayed instead of running it again.",
            }
        return headers

    def _problem_codes(self) -> dict[int, str]:
        codes = {400: _DESCRIPTIONS[400], 404: _DESCRIPTIONS[404]}
        if self.view.authentication_classes:
            codes.update({401: _DESCRIPTIONS[401], 403: _DESCRIPTIONS[403]})
        if self._takes_idempotency_key():
            codes.update({409: _IDEMPOTENCY_DESCRIPTIONS[409], 422: _DESCRIPTIONS[422]})
        if self.view.throttle_classes:
            codes[429] = _DESCRIPTIONS[429]
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in sorted(self._problem_codes().items()):
            problem = self._get_response_for_code(
                OpenApiResponse(ProblemSerializer, description=description),
                str(code),
                media_types=[PROBLEM_CONTENT_TYPE],
                direction=direction,
            )
            if code == 429:
                problem["headers"] = {
                    "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds."}
                }
            documented = responses.get(str(code))
            if documented is None:
                responses[str(code)] = problem
            elif "content" in documented:
                # The endpoint documents its own body for this code (e.g. an import report);
                # errors raised before it is built are still problems.
                documented["content"].setdefault(
                    PROBLEM_CONTENT_TYPE, problem["content"][PROBLEM_CONTENT_TYPE]
                )
        return responses


# Django derives integer bounds from the database backend (SQLite: 64-bit for every integer
# field, PostgreSQL: 16/32/64-bit by field type). They are storage limits, not part of the
# API contract, and would make the checked-in description differ between engines.
_STORAGE_LIMITS = {2**15 - 1, 2**31 - 1, 2**63 - 1}


def drop_storage_integer_limits(result, generator, request, public):
    def walk(node):
        # A bound is a number; a node may also be the `properties` of a schema with a
        # field called "maximum" (a dict, unhashable).
        if isinstance(node, dict):
            if isinstance(node.get("maximum"), int) and node["maximum"] in _STORAGE_LIMITS:
                del node["maximum"]
                if node.get("format") == "int64":
                    del node["format"]
            if isinstance(node.get("minimum"), int) and node["minimum"] in {
                -(limit + 1) for limit in _STORAGE_LIMITS
            }:
                del node["minimum"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
