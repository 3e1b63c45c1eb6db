"""Development secret key, generated once per checkout and kept out of git (var/)."""

from pathlib import Path

from django.core.management.utils import get_random_secret_key


def create_secret_file(path: Path) -> str:
    key = get_random_secret_key()
    path.write_text(key)
    path.chmod(0o600)
    return key
