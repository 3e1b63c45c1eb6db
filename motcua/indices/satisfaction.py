"""Satisfaction statistics from the citizens' ratings (ratings.criteria) and feedback.

For a unit (the agency's subtree and merged predecessors) and a period: the ratings given
in the period, per criterion the average score (0-2) and how many chose each answer; the
feedback received, answered, and about an officer's conduct. One query for the ratings,
one for the feedback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from motcua.agencies.models import Agency
from motcua.indices.common import ratio, round2
from motcua.indices.periods import Period, unit_ids
from motcua.ratings.criteria import CRITERIA
from motcua.ratings.models import Feedback, Rating


@dataclass
class AnswerCount:
    score: int
    label: str
    count: int


@dataclass
class CriterionStats:
    key: str
    question: str
    source: str
    index: int | None
    average: Decimal | None  # 0..2
    answers: list[AnswerCount]


@dataclass
class Satisfaction:
    agency: Agency
    period: Period
    ratings: int
    criteria: list[CriterionStats] = field(default_factory=list)
    score_sum: int = 0  # every criterion's score of every rating
    feedback_received: int = 0
    feedback_answered: int = 0
    feedback_about_conduct: int = 0

    @property
    def rate(self) -> Decimal | None:
        """Sum of scores / the best possible sum (each criterion 2), 0..1."""
        return ratio(self.score_sum, 2 * len(CRITERIA) * self.ratings)

    @property
    def percent(self) -> Decimal | None:
        rate = self.rate
        return None if rate is None else round2(rate * 100)


def satisfaction(agency: Agency, period: Period) -> Satisfaction:
    ids = unit_ids(agency)
    ratings = Rating.objects.filter(agency_id__in=ids, **period.range_q("rated_at"))
    aggregates = {"n": Count("pk")}
    for c in CRITERIA:
        aggregates[f"{c.key}_sum"] = Sum(c.field)
        for score in c.scores:
            aggregates[f"{c.key}_{score}"] = Count("pk", filter=Q(**{c.field: score}))
    row = ratings.aggregate(**aggregates)
    result = Satisfaction(agency=agency, period=period, ratings=row["n"])
    for c in CRITERIA:
        total = row[f"{c.key}_sum"] or 0
        result.score_sum += total
        result.criteria.append(
            CriterionStats(
                key=c.key,
                question=str(c.question),
                source=c.source,
                index=c.index,
                average=round2(ratio(total, row["n"])),
                answers=[
                    AnswerCount(score, str(label), row[f"{c.key}_{score}"])
                    for score, label in c.choices
                ],
            )
        )
    fb = Feedback.objects.filter(agency_id__in=ids, **period.range_q("created_at")).aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        conduct=Count("pk", filter=Q(about_conduct=True)),
    )
    result.feedback_received = fb["received"]
    result.feedback_answered = fb["answered"]
    result.feedback_about_conduct = fb["conduct"]
    return result
