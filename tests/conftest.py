"""Shared fixtures."""

import pytest


def pytest_configure(config):
    # Registered here because pyproject.toml is shared: run alone with `pytest -m schemathesis`.
    config.addinivalue_line(
        "markers", "schemathesis: property-based API tests against docs/openapi.yaml (slower)"
    )


@pytest.fixture(autouse=True, scope="session")
def _huey_in_process():
    """Background jobs run at once in the test's process: no test ever writes to the real
    queue (tests/jobs switch it off where they test the queued path)."""
    from huey.contrib.djhuey import HUEY

    previous, HUEY.immediate = HUEY.immediate, True
    yield
    HUEY.immediate = previous


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's language: a request to an /en/ page activates English
    in the thread (LocaleMiddleware) and would leak it into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _migration_data(request):
    """Put back what the data migrations wrote (government calendar decisions, one Group
    per role) after a transactional test flushed the database, so later tests do not
    depend on the order they run in. A no-op (two cheap queries) when nothing was lost."""
    needs_db = request.node.get_closest_marker("django_db") is not None or {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if needs_db:
        request.getfixturevalue(
            "transactional_db"
            if "transactional_db" in request.fixturenames
            or "live_server" in request.fixturenames
            or _is_transactional(request)
            else "db"
        )
        from django.contrib.auth.models import Group

        from motcua.agencies.policy import sync_role_groups
        from motcua.worktime.models import DayOverride
        from motcua.worktime.seed import apply_seed

        if not DayOverride.objects.exists():
            apply_seed(DayOverride)
        if not Group.objects.exists():
            sync_role_groups()
    yield


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
