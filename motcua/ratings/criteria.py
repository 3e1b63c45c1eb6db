"""The criteria a citizen rates a dossier on, with their legal source and scores.

Decree 61/2018/NĐ-CP art. 31.1 lists what organisations and individuals evaluate; Circular
01/2018/TT-VPCP art. 13 turns the citizen-facing ones into indices scored 2 / 1 / 0 per
dossier, and art. 14.3.a says indices 1, 3, 4 and 7 are collected through the rating form
(phiếu đánh giá) and the online rating function. Each criterion is stored as the score of
the answer chosen (`Rating.<key>_score`), so the indices are averages of columns (art. 15.2).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Criterion:
    key: str
    source: str  # the legal source, for docs and the API description
    index: int | None  # the index of Circular 01/2018 art. 13 it feeds, if any
    question: Promise
    choices: tuple[tuple[int, Promise], ...]  # (score, answer), best first

    @property
    def field(self) -> str:
        return f"{self.key}_score"

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(score for score, _label in self.choices)

    def label_of(self, score: int | None) -> str:
        return next((str(label) for value, label in self.choices if value == score), "")


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "time",
        "NĐ 61/2018 art. 31.1.a; TT 01/2018 art. 13.1 (index 1)",
        1,
        _("When did you get the result, compared with the appointment on your receipt?"),
        (
            (2, _("Earlier than the appointment")),
            (1, _("On the appointment")),
            (0, _("Later than the appointment")),
        ),
    ),
    Criterion(
        "contacts",
        "NĐ 61/2018 art. 31.1.c; TT 01/2018 art. 13.3 (index 3)",
        3,
        _("How many times did you have to contact the desk to complete your dossier?"),
        (
            (2, _("Not once")),
            (1, _("Once")),
            (0, _("More than once")),
        ),
    ),
    Criterion(
        "bodies",
        "NĐ 61/2018 art. 31.1.b; TT 01/2018 art. 13.4 (index 4)",
        4,
        _("How many agencies or organisations did you have to contact to complete your dossier?"),
        (
            (2, _("None")),
            (1, _("Only the one-stop desk")),
            (0, _("More than one")),
        ),
    ),
    Criterion(
        "attitude",
        "NĐ 61/2018 art. 31.1.đ; TT 01/2018 art. 13.7 (index 7)",
        7,
        _("How did the officers behave when guiding you, receiving and resolving your dossier?"),
        (
            (2, _("Courteous and helpful")),
            (1, _("Correct")),
            (0, _("They harassed me, caused trouble or did not follow the rules")),
        ),
    ),
    Criterion(
        "information",
        "NĐ 61/2018 art. 31.1.d; TT 01/2018 art. 13.6",
        None,
        _("Was the published information on the procedure accurate, complete and up to date?"),
        (
            (2, _("Accurate and complete")),
            (1, _("Partly")),
            (0, _("Inaccurate or missing")),
        ),
    ),
    Criterion(
        "costs",
        "NĐ 61/2018 art. 31.1.e",
        None,
        _("Did you have to pay anything beyond the fees and charges set by law?"),
        (
            (2, _("No")),
            (0, _("Yes")),
        ),
    ),
)

BY_KEY: dict[str, Criterion] = {c.key: c for c in CRITERIA}
