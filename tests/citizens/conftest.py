"""The dossier tests' world (tests/dossiers/conftest.py) plus what citizens' pages need."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from motcua.citizens.services.accounts import AccountDetails, sign_up
from tests.dossiers.conftest import build_world

PASSWORD = "pw-Test-2025"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
EXE = b"MZ\x90\x00" + b"\x00" * 60


@pytest.fixture(autouse=True)
def fresh_cache():
    """Failed sign-ins are counted in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db, django_user_model, fast_passwords):
    return build_world(django_user_model)


@pytest.fixture
def lan(db, fast_passwords):
    """A citizen who signed up with a phone number and a full profile."""
    import datetime

    return sign_up(
        AccountDetails(
            full_name="Trần Thị Lan",
            email="lan@example.vn",
            phone="+84 912 345 678",
            id_number="079190001234",
            birth_date=datetime.date(1990, 5, 17),
            address="12 Lê Lợi, phường A",
        ),
        PASSWORD,
    )
