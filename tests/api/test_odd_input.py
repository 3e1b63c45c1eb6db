"""Stray bytes in paths and parameters never reach the database (PostgreSQL rejects NUL)."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/procedures/%00/", "/api/v1/agencies/%00/"])
def test_nul_in_a_code_is_404(client, path):
    client.force_login(get_user_model().objects.create_superuser("root", password="x"))
    assert client.get(path).status_code == 404


def test_nul_in_a_search_is_not_a_server_error(client):
    response = client.get("/api/v1/procedures/", {"q": "khai\x00sinh"})
    assert response.status_code in (200, 400)
