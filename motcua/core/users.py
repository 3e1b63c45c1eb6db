"""Who did something, for the rows that record it."""

from __future__ import annotations

from typing import Any


def person(user: Any) -> Any:
    """The signed-in user, or None for the system, anonymous visitors and missing users
    (a foreign key to the user table cannot hold AnonymousUser)."""
    return user if user is not None and user.is_authenticated else None
