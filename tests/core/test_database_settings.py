"""Connection settings motcua relies on (docs/performance.md)."""

import pytest
from django.db import connection


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL setting")
def test_postgresql_connections_run_without_jit():
    """JIT compilation cost 0.56 s on a 28 ms inbox query at 10 M dossiers."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
