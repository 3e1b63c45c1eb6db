"""Failed sign-ins are limited (Django cache): per identifier and per client address.

After MOTCUA_LOGIN_FAILURES failures (default 5) for the same identifier within
MOTCUA_LOGIN_WINDOW seconds (default 900), or 4 times as many from one address, sign-in is
refused until the window ends, even with the right password. A success clears the
identifier's count. Use a cache shared by all web processes in production (CACHES).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

_PREFIX = "motcua:citizens:login"


def _limit() -> int:
    return int(getattr(settings, "MOTCUA_LOGIN_FAILURES", 5))


def window() -> int:
    return int(getattr(settings, "MOTCUA_LOGIN_WINDOW", 15 * 60))


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"{_PREFIX}:{kind}:{digest}"


def client_address(request) -> str:
    """The address the request came from (REMOTE_ADDR; a reverse proxy must set it)."""
    if request is None:
        return ""
    return str(getattr(request, "META", {}).get("REMOTE_ADDR") or "")


def _keys(identifier: str, address: str) -> list[tuple[str, int]]:
    keys = [(_key("id", identifier or ""), _limit())]
    if address:
        keys.append((_key("ip", address), _limit() * 4))
    return keys


def locked(identifier: str, address: str = "") -> bool:
    return any((cache.get(key) or 0) >= limit for key, limit in _keys(identifier, address))


def failed(identifier: str, address: str = "") -> None:
    for key, _limit_value in _keys(identifier, address):
        if not cache.add(key, 1, window()):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, window())


def succeeded(identifier: str) -> None:
    cache.delete(_key("id", identifier or ""))


def unlock(identifier: str = "", address: str = "") -> None:
    """Clear the counts (the operator's `motcua citizen unlock`)."""
    if identifier:
        cache.delete(_key("id", identifier))
    if address:
        cache.delete(_key("ip", address))
