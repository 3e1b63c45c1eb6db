"""The dossiers' small world, and Huey in immediate mode (tasks run in-process at once),
as MOTCUA_HUEY_IMMEDIATE=1 would configure it."""

from __future__ import annotations

import pytest
from huey.contrib.djhuey import HUEY

from tests.dossiers.conftest import fast_passwords, vietnamese, world  # noqa: F401


@pytest.fixture(autouse=True)
def immediate_huey():
    previous = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = previous


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
