"""Ratings and feedback rules (motcua/ratings/services.py)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.ratings import services
from motcua.ratings.criteria import BY_KEY, CRITERIA
from motcua.ratings.models import Feedback, FeedbackStatus, Rating
from tests.ratings.conftest import GOOD

pytestmark = pytest.mark.django_db


def test_the_criteria_are_those_of_the_law():
    """ND 61/2018 art. 31.1 a-đ and TT 01/2018 art. 13: indices 1, 3, 4 and 7 are scored
    2/1/0 per dossier and collected through the rating form (TT 01/2018 art. 14.3.a)."""
    indexed = {c.index: c for c in CRITERIA if c.index}
    assert set(indexed) == {1, 3, 4, 7}
    for criterion in indexed.values():
        assert criterion.scores == (2, 1, 0)
        assert f"art. 13.{criterion.index}" in criterion.source
    assert "31.1.a" in BY_KEY["time"].source
    assert "31.1.b" in BY_KEY["bodies"].source
    assert "31.1.c" in BY_KEY["contacts"].source
    assert "31.1.đ" in BY_KEY["attitude"].source
    assert "31.1.d" in BY_KEY["information"].source
    assert "31.1.e" in BY_KEY["costs"].source


def test_owner_rates_a_returned_dossier_with_agency_and_desk_from_it(world, returned):
    result = services.rate(world.users["citizen"], returned, GOOD, " Nhanh gọn ")
    assert result.created
    rating = Rating.objects.get(dossier=returned)
    assert rating.agency == world.commune and rating.desk == world.commune_desk
    assert rating.rated_by == world.users["citizen"]
    assert (rating.time_score, rating.contacts_score, rating.bodies_score) == (2, 2, 1)
    assert (rating.attitude_score, rating.information_score, rating.costs_score) == (2, 1, 2)
    assert rating.comment == "Nhanh gọn"


def test_a_second_rating_changes_nothing(world, returned):
    citizen = world.users["citizen"]
    first = services.rate(citizen, returned, GOOD).rating
    again = services.rate(citizen, returned, {k: 0 for k in GOOD}, "khác")
    assert not again.created
    assert again.rating.pk == first.pk
    assert Rating.objects.count() == 1
    assert Rating.objects.get().attitude_score == 2


@pytest.mark.parametrize("status", ["refused", "withdrawn", "stopped"])
def test_otherwise_closed_dossiers_may_be_rated(world, status):
    dossier = world.in_status(status)
    dossier.owner = world.users["citizen"]  # test set-up only: a counter dossier has no owner
    assert services.rate(world.users["citizen"], dossier, GOOD).created


@pytest.mark.parametrize("status", ["submitted", "in_process", "supplement", "result_ready"])
def test_open_dossiers_cannot_be_rated_yet(world, status):
    dossier = world.in_status(status)
    dossier.owner = world.users["citizen"]
    with pytest.raises(ValidationError, match="once the result has been returned|đã trả kết quả"):
        services.rate(world.users["citizen"], dossier, GOOD)
    assert not Rating.objects.exists()


@pytest.mark.parametrize("who", ["citizen2", "officer", "leader", "admin"])
def test_only_the_owner_rates(world, returned, who):
    with pytest.raises(PermissionDenied):
        services.rate(world.users[who], returned, GOOD)


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {**GOOD, "time": 3},
        {**GOOD, "costs": 1},
        {**GOOD, "attitude": "x"},
        {**GOOD, "bodies": None},
    ],
)
def test_every_criterion_needs_a_valid_answer(world, returned, answers):
    with pytest.raises(ValidationError) as error:
        services.rate(world.users["citizen"], returned, answers)
    assert error.value.message_dict
    assert not Rating.objects.exists()


def test_own_dossier_is_none_for_others(world, returned):
    assert services.own_dossier(world.users["citizen"], returned.code) == returned
    assert services.own_dossier(world.users["citizen2"], returned.code) is None
    assert services.own_dossier(world.users["officer"], returned.code) is None


def test_feedback_about_a_dossier_goes_to_its_agency_and_desk(world, returned):
    citizen = world.users["citizen"]
    fb = services.send_feedback(
        citizen,
        kind="report",
        text="Cán bộ hẹn lại nhiều lần",
        dossier=returned,
        about_conduct=True,
    )
    assert (fb.agency, fb.desk, fb.status) == (world.commune, world.commune_desk, "received")
    assert fb.about_conduct
    assert list(services.staff_feedback(world.users["officer"])) == [fb]
    assert list(services.staff_feedback(world.users["leader"])) == [fb]
    assert list(services.staff_feedback(world.users["other_officer"])) == []
    assert list(services.visible_feedback(world.users["citizen2"])) == []
    assert list(services.visible_feedback(citizen)) == [fb]


def test_feedback_about_someone_elses_dossier_is_refused(world, returned):
    with pytest.raises(PermissionDenied):
        services.send_feedback(
            world.users["citizen2"], kind="report", text="x" * 20, dossier=returned
        )


def test_feedback_about_an_agency_and_bad_input(world):
    citizen = world.users["citizen"]
    fb = services.send_feedback(
        citizen, kind="recommendation", text="Nên mở cửa sáng thứ Bảy", agency=world.other
    )
    assert fb.agency == world.other and fb.desk == world.other_desk
    assert list(services.staff_feedback(world.users["other_officer"])) == [fb]
    with pytest.raises(ValidationError) as error:
        services.send_feedback(citizen, kind="spam", text="ngắn")
    assert set(error.value.message_dict) == {"kind", "text", "agency"}
    assert Feedback.objects.count() == 1


def test_staff_of_the_agency_answer_once(world, returned):
    fb = services.send_feedback(
        world.users["citizen"], kind="complaint", text="Phải đi lại ba lần", dossier=returned
    )
    with pytest.raises(PermissionDenied):
        services.answer_feedback(world.users["other_officer"], fb, "Không phải của chúng tôi")
    with pytest.raises(PermissionDenied):
        services.answer_feedback(world.users["specialist"], fb, "Chuyên viên không trả lời")
    with pytest.raises(ValidationError):
        services.answer_feedback(world.users["officer"], fb, "   ")
    answered = services.answer_feedback(
        world.users["officer"], fb, "Xin lỗi ông/bà, đã chấn chỉnh."
    )
    assert answered.status == FeedbackStatus.ANSWERED
    assert answered.answered_by == world.users["officer"] and answered.answered_at
    with pytest.raises(ValidationError, match="already been answered|đã được trả lời"):
        services.answer_feedback(world.users["leader"], answered, "Lần hai")
    assert Feedback.objects.get().answer == "Xin lỗi ông/bà, đã chấn chỉnh."


def test_keyset_pages(world):
    citizen = world.users["citizen"]
    for i in range(5):
        services.send_feedback(
            citizen, kind="report", text=f"Phản ánh số {i} " * 2, agency=world.commune
        )
    first = services.keyset_page(Feedback.objects.all(), size=2)
    second = services.keyset_page(Feedback.objects.all(), first.next_before, size=2)
    third = services.keyset_page(Feedback.objects.all(), second.next_before, size=2)
    ids = [f.pk for f in first.items + second.items + third.items]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 5
    assert third.next_before is None
