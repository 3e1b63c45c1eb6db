"""Shared fixtures."""


def pytest_configure(config):
    # Registered here because pyproject.toml is shared: run alone with `pytest -m schemathesis`.
    config.addinivalue_line(
        "markers", "schemathesis: property-based API tests against docs/openapi.yaml (slower)"
    )
