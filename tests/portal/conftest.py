"""The dossier tests' world (tests/dossiers/conftest.py), and a clean throttle per test."""

import pytest
from django.core.cache import cache

from tests.dossiers.conftest import fast_passwords, vietnamese, world  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()
