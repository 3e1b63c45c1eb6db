"""Keyset pages for the officers' lists: "next page" links, never a COUNT(*) or an OFFSET.

Two orders:
- "due": the appointment first (soonest, overdue at the top), dossiers without an
  appointment (not yet received) last, then by id. Cursor "<epoch µs>.<id>" or "-.<id>".
- "newest": newest first by id. Cursor "<id>".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import F, Q, QuerySet

PAGE_SIZE = 25
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DUE_CURSOR = re.compile(r"(-|-?[0-9]{1,18})\.([0-9]{1,18})")
_ID_CURSOR = re.compile(r"[0-9]{1,18}")
ORDERS = ("due", "newest")


class BadCursor(ValueError):
    """The `after` parameter is not one this module wrote."""


@dataclass(frozen=True)
class Page:
    rows: list
    next_cursor: str | None


def _micros(instant: datetime) -> int:
    return (instant - _EPOCH) // timedelta(microseconds=1)


def cursor_of(row, order: str) -> str:
    if order == "newest":
        return str(row.pk)
    due = "-" if row.due_at is None else str(_micros(row.due_at))
    return f"{due}.{row.pk}"


def _after(order: str, cursor: str) -> Q:
    if order == "newest":
        if not _ID_CURSOR.fullmatch(cursor):
            raise BadCursor(cursor)
        return Q(pk__lt=int(cursor))
    match = _DUE_CURSOR.fullmatch(cursor)
    if match is None:
        raise BadCursor(cursor)
    due, pk = match.group(1), int(match.group(2))
    if due == "-":
        return Q(due_at__isnull=True, pk__gt=pk)
    try:
        instant = _EPOCH + timedelta(microseconds=int(due))
    except OverflowError:
        raise BadCursor(cursor) from None
    return Q(due_at__gt=instant) | Q(due_at=instant, pk__gt=pk) | Q(due_at__isnull=True)


def ordered(qs: QuerySet, order: str) -> QuerySet:
    if order == "newest":
        return qs.order_by("-pk")
    return qs.order_by(F("due_at").asc(nulls_last=True), "pk")


def page(qs: QuerySet, order: str, after: str = "", size: int = PAGE_SIZE) -> Page:
    """One page of `qs` in `order` after the cursor `after` ("" for the first page).
    Raises BadCursor for a cursor it did not write."""
    if order not in ORDERS:
        raise ValueError(order)
    if after:
        qs = qs.filter(_after(order, after))
    rows = list(ordered(qs, order)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, cursor_of(rows[-1], order) if more else None)
