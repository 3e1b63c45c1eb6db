"""Pages: rate a dossier (/danh-gia/<key>/), send feedback, staff list and answer."""

import re
from html import unescape

import pytest

from motcua.ratings.models import Feedback, FeedbackStatus, Rating
from tests.ratings.conftest import GOOD

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def url(dossier) -> str:
    return f"/danh-gia/{dossier.key}/"


def test_the_owner_sees_one_radio_group_per_criterion(client, world, returned):
    client.force_login(world.users["citizen"])
    response = client.get(url(returned))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<fieldset") == 6 and html.count("<legend>") == 6
    assert html.count('type="radio"') == 17  # 3 answers x 5 criteria + yes/no
    assert '<label for="id_time_0">Sớm hơn ngày hẹn</label>' in html
    assert "ratings/ratings.css" in html
    page = text(response)
    assert "Thời gian trả kết quả so với ngày hẹn trên phiếu hẹn?" in page
    assert "Thái độ của cán bộ, công chức" in page


def test_rating_is_recorded_once_and_shown(client, world, returned):
    client.force_login(world.users["citizen"])
    response = client.post(url(returned), {**GOOD, "comment": "Tốt"}, follow=True)
    assert response.status_code == 200
    page = text(response)
    assert "Cảm ơn ông/bà: ý kiến đánh giá đã được ghi nhận." in page
    assert "Mỗi hồ sơ chỉ được đánh giá một lần" in page
    assert "Chỉ Bộ phận Một cửa" in page  # bodies = 1
    assert Rating.objects.get(dossier=returned).bodies_score == 1
    again = client.post(url(returned), {k: 0 for k in GOOD}, follow=True)
    assert "Hồ sơ này đã được đánh giá trước đó; không có gì thay đổi." in text(again)
    assert Rating.objects.get().attitude_score == 2


def test_missing_answers_are_named_and_nothing_is_saved(client, world, returned):
    client.force_login(world.users["citizen"])
    response = client.post(url(returned), {"time": "2", "costs": "9"})
    assert response.status_code == 400
    page = text(response)
    assert "Chưa có gì được lưu." in page
    assert page.count("Vui lòng chọn một câu trả lời.") >= 5 * 2  # summary and each group
    html = response.content.decode()
    assert re.search(r'name="time" value="2"[^>]*checked', html)  # the answer given is kept
    assert 'aria-describedby="id_attitude-error"' in html


@pytest.mark.parametrize("who", ["citizen2", "officer", "leader"])
def test_others_get_404(client, world, returned, who):
    client.force_login(world.users[who])
    assert client.get(url(returned)).status_code == 404
    assert client.post(url(returned), GOOD).status_code == 404
    assert not Rating.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, returned):
    response = client.get(url(returned))
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_unknown_and_odd_keys_are_404(client, world):
    client.force_login(world.users["citizen"])
    for key in ("000.01.70.H51-260302-9999", "abc", "0" * 48):
        assert client.get(f"/danh-gia/{key}/").status_code == 404


def test_an_open_dossier_says_when_it_can_be_rated(client, world):
    dossier = world.submitted()
    client.force_login(world.users["citizen"])
    response = client.get(url(dossier))
    assert response.status_code == 200
    assert "Ông/bà có thể đánh giá sau khi đã trả kết quả" in text(response)
    assert "<fieldset" not in response.content.decode()
    client.post(url(dossier), GOOD)
    assert not Rating.objects.exists()


def test_english_rating_page(client, world, returned):
    client.force_login(world.users["citizen"])
    page = text(client.get(f"/en{url(returned)}"))
    assert "Rate the service" in page
    assert "When did you get the result, compared with the appointment" in page


def test_citizen_sends_feedback_about_a_dossier(client, world, returned):
    client.force_login(world.users["citizen"])
    form = client.get(f"/danh-gia/phan-anh/?dossier={returned.code}")
    assert form.status_code == 200
    html = form.content.decode()
    assert f'<option value="{returned.code}" selected>' in html
    assert '<label for="id_text">Nội dung</label>' in html
    response = client.post(
        "/danh-gia/phan-anh/",
        {"kind": "report", "dossier": returned.code, "text": "Phải chờ rất lâu ở quầy."},
        follow=True,
    )
    assert response.status_code == 200
    assert "Đã gửi phản ánh, kiến nghị." in text(response)
    feedback = Feedback.objects.get()
    assert (feedback.dossier, feedback.agency, feedback.desk) == (
        returned,
        world.commune,
        world.commune_desk,
    )
    assert "Phải chờ rất lâu ở quầy." in text(response)  # listed under "my feedback"


def test_feedback_form_errors_and_someone_elses_dossier(client, world, returned):
    client.force_login(world.users["citizen2"])
    response = client.post(
        "/danh-gia/phan-anh/", {"kind": "report", "dossier": returned.code, "text": "x" * 20}
    )
    assert response.status_code == 400
    assert "Vui lòng chọn một hồ sơ của ông/bà trong danh sách." in text(response)
    response = client.post("/danh-gia/phan-anh/", {"text": "ngắn"})
    assert response.status_code == 400
    page = text(response)
    assert "Vui lòng chọn phản ánh, kiến nghị hoặc khiếu nại." in page
    response = client.post("/danh-gia/phan-anh/", {"kind": "report", "text": "ngắn"})
    assert response.status_code == 400
    assert "Vui lòng nhập ít nhất 10 ký tự." in text(response)
    assert "Vui lòng chọn cơ quan hoặc một hồ sơ của ông/bà." in text(response)
    assert not Feedback.objects.exists()


def test_feedback_about_an_agency(client, world):
    client.force_login(world.users["citizen"])
    response = client.post(
        "/danh-gia/phan-anh/",
        {"kind": "recommendation", "agency": world.other.code, "text": "Nên có chỗ đỗ xe."},
    )
    assert response.status_code == 302
    assert Feedback.objects.get().agency == world.other


def test_staff_list_and_answer(client, world, returned):
    from motcua.ratings import services

    fb = services.send_feedback(
        world.users["citizen"], kind="complaint", text="Cán bộ gây khó dễ", dossier=returned
    )
    client.force_login(world.users["other_officer"])
    assert "Cán bộ gây khó dễ" not in text(client.get("/danh-gia/can-bo/phan-anh/"))
    assert client.get(f"/danh-gia/can-bo/phan-anh/{fb.pk}/").status_code == 404
    client.force_login(world.users["officer"])
    listing = client.get("/danh-gia/can-bo/phan-anh/?status=received")
    assert "Cán bộ gây khó dễ" in text(listing)
    detail = client.get(f"/danh-gia/can-bo/phan-anh/{fb.pk}/")
    assert '<label for="id_answer">' in detail.content.decode()
    empty = client.post(f"/danh-gia/can-bo/phan-anh/{fb.pk}/", {"answer": ""})
    assert empty.status_code == 400
    assert "Vui lòng nhập nội dung trả lời." in text(empty)
    done = client.post(
        f"/danh-gia/can-bo/phan-anh/{fb.pk}/", {"answer": "Đã nhắc nhở cán bộ."}, follow=True
    )
    assert "Đã ghi nhận nội dung trả lời." in text(done)
    fb.refresh_from_db()
    assert fb.status == FeedbackStatus.ANSWERED and fb.answered_by == world.users["officer"]
    again = client.post(f"/danh-gia/can-bo/phan-anh/{fb.pk}/", {"answer": "Lần hai"})
    assert "Phản ánh, kiến nghị này đã được trả lời." in text(again)
    fb.refresh_from_db()
    assert fb.answer == "Đã nhắc nhở cán bộ."
    client.force_login(world.users["citizen"])
    assert "Đã nhắc nhở cán bộ." in text(client.get("/danh-gia/phan-anh/cua-toi/"))


def test_staff_list_pages_without_count(client, world, django_assert_max_num_queries):
    from motcua.ratings import services

    for i in range(30):
        services.send_feedback(
            world.users["citizen"],
            kind="report",
            text=f"Phản ánh thứ {i:02d}",
            agency=world.commune,
        )
    client.force_login(world.users["leader"])
    with django_assert_max_num_queries(12):
        first = client.get("/danh-gia/can-bo/phan-anh/")
    assert "Phản ánh thứ 29" in text(first) and "Phản ánh thứ 04" not in text(first)
    link = re.search(r'href="(\?before=\d+)" rel="next"', first.content.decode()).group(1)
    second = client.get("/danh-gia/can-bo/phan-anh/" + link)
    assert "Phản ánh thứ 04" in text(second) and "Phản ánh thứ 29" not in text(second)
    assert client.get("/danh-gia/can-bo/phan-anh/?before=abc&status=zzz").status_code == 200
