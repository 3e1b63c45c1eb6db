"""Ratings and feedback: every rule of this component, as plain typed functions.

- A dossier is rated by the applicant who owns it (their account), once it is closed (result
  returned, refused, withdrawn or stopped), once: a second rating changes nothing
  (`RateResult.created` is False). The agency and desk come from the dossier.
- Feedback (phản ánh, kiến nghị) is sent by a signed-in user about one of their dossiers or
  about an agency; staff holding the officer or leader role over that agency or the
  dossier's desk answer it, once. Nothing is ever deleted or edited after the answer.

Pages, the API and `motcua ratings` call these functions; they raise ValidationError
(bad input, wrong state) and PermissionDenied (not theirs), with messages in the user's
language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, Role
from motcua.agencies.policy import agencies_in_scope
from motcua.agencies.services import default_desk
from motcua.core.validity import valid_on_q
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import is_owner, visible_dossiers
from motcua.dossiers.services import queries
from motcua.dossiers.workflow import CLOSED
from motcua.ratings.criteria import CRITERIA
from motcua.ratings.models import Feedback, FeedbackKind, FeedbackStatus, Rating

COMMENT_MAX = 2000
TEXT_MIN = 10
TEXT_MAX = 4000
# Who answers feedback for an agency (and who may see it: any role there).
ANSWER_ROLES = (Role.OFFICER, Role.LEADER)
PAGE_SIZE = 25


# --------------------------------------------------------------------------- ratings


@dataclass(frozen=True)
class RateResult:
    rating: Rating
    created: bool  # False: the dossier was already rated; nothing changed


def own_dossier(user, key: str) -> Dossier | None:
    """The dossier `key` if `user` owns it (the applicant's account), else None."""
    if user is None or not user.is_authenticated:
        return None
    qs = (
        visible_dossiers(user)
        .filter(owner=user)
        .select_related("agency", "desk", "procedure", "procedure_version")
    )
    return queries.by_key(qs, key)


def rating_of(dossier: Dossier) -> Rating | None:
    return Rating.objects.filter(dossier=dossier).first()


def is_closed(dossier: Dossier) -> bool:
    """Rated once closed: result returned, refused, withdrawn or stopped."""
    return dossier.status in CLOSED


def check_rateable(user, dossier: Dossier) -> None:
    """PermissionDenied unless `user` owns `dossier`; ValidationError while it is open."""
    if not is_owner(user, dossier):
        raise PermissionDenied(_("Only the applicant who owns a dossier may rate it."))
    if not is_closed(dossier):
        raise ValidationError(
            _(
                "You can rate the service once the result has been returned or the dossier "
                "is closed."
            )
        )


def _scores(answers: Mapping[str, object]) -> dict[str, int]:
    scores: dict[str, int] = {}
    errors: dict[str, list[str]] = {}
    for criterion in CRITERIA:
        value = answers.get(criterion.key)
        try:
            score = int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            score = None
        if score is None or score not in criterion.scores:
            errors[criterion.key] = [_("Choose one of the answers.")]
        else:
            scores[criterion.field] = score
    if errors:
        raise ValidationError(errors)
    return scores


def rate(
    user,
    dossier: Dossier,
    answers: Mapping[str, object],
    comment: str = "",
    *,
    at: datetime | None = None,
) -> RateResult:
    """Record the applicant's rating of `dossier`: `answers` maps each criterion key to the
    score of the chosen answer. A dossier already rated keeps its rating."""
    check_rateable(user, dossier)
    existing = rating_of(dossier)
    if existing is not None:
        return RateResult(existing, False)
    scores = _scores(answers)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            {"comment": [_("At most %(max)d characters.") % {"max": COMMENT_MAX}]}
        )
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                dossier=dossier,
                agency_id=dossier.agency_id,
                desk_id=dossier.desk_id,
                rated_by=user,
                rated_at=at or timezone.now(),
                comment=comment,
                **scores,
            )
    except IntegrityError:  # rated at the same moment from another window
        return RateResult(Rating.objects.get(dossier=dossier), False)
    return RateResult(rating, True)


def visible_ratings(user) -> QuerySet[Rating]:
    """Ratings of the dossiers `user` may see (their own, or their agencies')."""
    return Rating.objects.filter(dossier__in=visible_dossiers(user).values("pk"))


# --------------------------------------------------------------------------- feedback


def agencies_for_feedback(on=None) -> QuerySet[Agency]:
    """Agencies a citizen may send feedback about: those existing today in their own right."""
    day = on or timezone.localdate()
    return Agency.objects.filter(valid_on_q(day), merged_into__isnull=True).order_by("path")


def send_feedback(
    user,
    *,
    kind: str,
    text: str,
    dossier: Dossier | None = None,
    agency: Agency | None = None,
    about_conduct: bool = False,
    at: datetime | None = None,
) -> Feedback:
    """Record feedback about one of the user's dossiers (its agency and desk) or about an
    agency (and the desk that receives for it)."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Sign in to send feedback."))
    errors: dict[str, list[str]] = {}
    if kind not in FeedbackKind.values:
        errors["kind"] = [_("Choose a report, a recommendation or a complaint.")]
    text = (text or "").strip()
    if len(text) < TEXT_MIN:
        errors["text"] = [_("Write at least %(min)d characters.") % {"min": TEXT_MIN}]
    elif len(text) > TEXT_MAX:
        errors["text"] = [_("At most %(max)d characters.") % {"max": TEXT_MAX}]
    desk = None
    if dossier is not None:
        if not is_owner(user, dossier):
            raise PermissionDenied(_("You may only send feedback about your own dossiers."))
        agency, desk = dossier.agency, dossier.desk
    elif agency is None:
        errors["agency"] = [_("Choose the agency or one of your dossiers.")]
    elif not agencies_for_feedback().filter(pk=agency.pk).exists():
        errors["agency"] = [_("This agency no longer exists in its own right.")]
    else:
        # The one-stop desk that receives for the agency sees and answers it too.
        desk = default_desk(agency)
    if errors:
        raise ValidationError(errors)
    return Feedback.objects.create(
        author=user,
        kind=kind,
        about_conduct=bool(about_conduct),
        text=text,
        dossier=dossier,
        agency=agency,
        desk=desk,
        created_at=at or timezone.now(),
    )


def _units_q(scope: QuerySet[Agency]) -> Q:
    ids = scope.values("pk")
    return Q(agency__in=ids) | Q(desk__in=ids)


def visible_feedback(user) -> QuerySet[Feedback]:
    """The user's own feedback, and the feedback about agencies they hold a role over."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Feedback.objects.none()
    return Feedback.objects.filter(Q(author=user) | _units_q(agencies_in_scope(user)))


def staff_feedback(user) -> QuerySet[Feedback]:
    """Feedback about the agencies `user` holds any role over (the staff list)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Feedback.objects.none()
    return Feedback.objects.filter(_units_q(agencies_in_scope(user)))


def can_answer(user, feedback: Feedback) -> bool:
    if feedback.status != FeedbackStatus.RECEIVED:
        return False
    scope = agencies_in_scope(user, ANSWER_ROLES)
    return scope.filter(pk__in=[feedback.agency_id, feedback.desk_id or 0]).exists()


def answer_feedback(user, feedback: Feedback, text: str, *, at: datetime | None = None) -> Feedback:
    """The agency's answer; once. Officers and leaders of the agency or the desk answer."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"answer": [_("Write the answer.")]})
    if len(text) > TEXT_MAX:
        raise ValidationError({"answer": [_("At most %(max)d characters.") % {"max": TEXT_MAX}]})
    with transaction.atomic():
        locked = Feedback.objects.select_for_update().get(pk=feedback.pk)
        if locked.status == FeedbackStatus.ANSWERED:
            raise ValidationError(_("This feedback has already been answered."))
        if not can_answer(user, locked):
            raise PermissionDenied(
                _("Only officers and leaders of the agency concerned may answer.")
            )
        locked.answer = text
        locked.answered_by = user
        locked.answered_at = at or timezone.now()
        locked.status = FeedbackStatus.ANSWERED
        locked.save(update_fields=["answer", "answered_by", "answered_at", "status"])
    return locked


@dataclass(frozen=True)
class Page:
    items: list
    next_before: int | None  # the `before` of the next page, None on the last one


def keyset_page(qs: QuerySet, before: int | None = None, size: int = PAGE_SIZE) -> Page:
    """Newest first, `size` rows with id < `before`: no COUNT over the table."""
    if before is not None:
        qs = qs.filter(pk__lt=before)
    rows = list(qs.order_by("-id")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, rows[-1].pk if more and rows else None)
