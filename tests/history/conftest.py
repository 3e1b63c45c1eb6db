from tests.dossiers.conftest import fast_passwords, vietnamese, world  # noqa: F401
