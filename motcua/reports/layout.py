"""The table of the official form (Biểu 06 style, Circular 01/2018): one header tree shared
by the page, the Excel file, the PDF and the CSV, so they cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

# "Dossiers to resolve" = carried over + newly received (the two sets are disjoint).
TO_RESOLVE = "to_resolve"


@dataclass
class Node:
    label: Any
    key: str = ""  # leaf: a report column (or TO_RESOLVE); group: ""
    children: list[Node] = field(default_factory=list)


def _leaf(key: str, label) -> Node:
    return Node(label, key)


TREE = [
    Node(
        _("Dossiers to resolve"),
        children=[
            _leaf(TO_RESOLVE, _("Total number")),
            _leaf("carried_over", _("Carried over from the previous period")),
            Node(
                _("Newly received"),
                children=[
                    _leaf("received_online", _("Online")),
                    _leaf("received_offline", _("At the counter and by public postal service")),
                ],
            ),
        ],
    ),
    Node(
        _("Resolution results"),
        children=[
            Node(
                _("Dossiers resolved"),
                children=[
                    _leaf("resolved_total", _("Total number")),
                    _leaf("resolved_early", _("Early")),
                    _leaf("resolved_on_time", _("On time")),
                    _leaf("resolved_late", _("Late")),
                ],
            ),
            Node(
                _("Dossiers in progress"),
                children=[
                    _leaf("in_progress_total", _("Total number")),
                    _leaf("in_progress_within", _("Within the deadline")),
                    _leaf("in_progress_overdue", _("Overdue")),
                ],
            ),
        ],
    ),
    _leaf("returned", _("Result returned")),
    _leaf("withdrawn", _("Withdrawn")),
    _leaf("refused", _("Refused at reception")),
    _leaf("stopped", _("Stopped")),
    _leaf("on_time_rate", _("On-time rate (%)")),
]
DEPTH = 3


def leaves(nodes: list[Node] | None = None) -> list[Node]:
    found: list[Node] = []
    for node in TREE if nodes is None else nodes:
        found.extend(leaves(node.children) if node.children else [node])
    return found


@dataclass
class HeaderCell:
    label: Any
    row: int
    col: int  # 0-based among the figure columns (after No. and the row label)
    colspan: int
    rowspan: int


def header_cells() -> list[list[HeaderCell]]:
    """The header rows (DEPTH of them): each cell with its span, as on the paper form."""
    rows: list[list[HeaderCell]] = [[] for _ in range(DEPTH)]

    def place(nodes: list[Node], depth: int, col: int) -> int:
        for node in nodes:
            if node.children:
                width = len(leaves(node.children))
                rows[depth].append(HeaderCell(node.label, depth, col, width, 1))
                place(node.children, depth + 1, col)
                col += width
            else:
                rows[depth].append(HeaderCell(node.label, depth, col, 1, DEPTH - depth))
                col += 1
        return col

    place(TREE, 0, 0)
    return rows


def values(row: dict[str, Any]) -> list[tuple[str, Any]]:
    """(column, value) of a report row in the order of the form's leaf columns."""
    out = []
    for leaf in leaves():
        if leaf.key == TO_RESOLVE:
            out.append((leaf.key, row["carried_over"] + row["received_total"]))
        else:
            out.append((leaf.key, row[leaf.key]))
    return out
