"""The dossier tests' world (tests/dossiers/conftest.py) and a client signed in as anyone."""

import pytest
from django.test import Client

from tests.dossiers.conftest import fast_passwords, vietnamese, world  # noqa: F401


@pytest.fixture
def as_user(world):  # noqa: F811
    """as_user("officer") -> a test client signed in as that user of the world."""

    def client_for(name: str) -> Client:
        client = Client()
        client.force_login(world.users[name])
        return client

    return client_for
