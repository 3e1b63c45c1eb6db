"""The OpenAPI description is part of the contract: docs/openapi.yaml must match the code.

Regenerate after an API change with:
    .venv/bin/motcua spectacular --urlconf motcua.api.schema_urls --lang en \
        --file docs/openapi.yaml --validate

The checked-in file is in English; /api/schema/ serves it in the request's language.
"""

from pathlib import Path

from django.core.management import call_command

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


def test_checked_in_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command(
        "spectacular",
        "--urlconf",
        "motcua.api.schema_urls",
        "--lang",
        "en",
        "--file",
        str(generated),
        "--validate",
        "--fail-on-warn",
    )
    assert SCHEMA_FILE.exists(), "docs/openapi.yaml is missing: generate it (see module doc)"
    assert generated.read_text() == SCHEMA_FILE.read_text(), (
        "docs/openapi.yaml is out of date: regenerate it (see module doc)"
    )


def test_schema_and_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200
