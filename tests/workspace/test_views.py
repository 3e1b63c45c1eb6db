"""The officers' pages: access, inbox with htmx and keyset pages, dossier page, printing."""

import pytest
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext

from motcua.workspace import paging

pytestmark = pytest.mark.django_db


def test_staff_only(world, client, as_user, settings):
    login = resolve_url(settings.LOGIN_URL)
    response = client.get("/can-bo/")
    assert response.status_code == 302
    assert response["Location"] == f"{login}?next=/can-bo/"
    citizen = as_user("citizen").get("/can-bo/ho-so/x/")
    assert citizen.status_code == 302 and citizen["Location"].startswith(login)


def test_inbox_lists_the_first_queue_with_counts(world, as_user):
    world.submitted()
    body = as_user("officer").get("/can-bo/").content.decode()
    assert "Hồ sơ trực tuyến cần kiểm tra" in body
    assert 'data-queue="check" aria-current="page"' not in body  # aria-current comes first
    assert 'aria-current="page" data-queue="check"' in body
    assert "Nguyễn Thị Ánh" in body


def test_rows_say_their_deadline_state_in_words_and_colour(world, as_user):
    world.receive()  # March 2026: long overdue now
    body = as_user("officer").get("/can-bo/?queue=transfer").content.decode()
    assert "ws-row--overdue" in body
    assert '<span class="ws-state ws-state--overdue">Quá hạn</span>' in body


def test_htmx_switches_queue_without_reload(world, as_user):
    world.receive()
    response = as_user("officer").get("/can-bo/?queue=transfer", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="queue"' in body and 'aria-live="polite"' in body
    assert 'hx-swap-oob="true"' in body  # the side navigation's counts and current item


def test_unknown_queue_or_cursor_falls_back_with_a_notice(world, as_user):
    client = as_user("officer")
    response = client.get("/can-bo/?queue=approve")  # not an officer's queue
    assert response.status_code == 200
    assert "Không có danh sách này" in response.content.decode()
    response = client.get("/can-bo/?queue=transfer&after=zzz")
    assert response.status_code == 200
    assert "Liên kết trang này không còn hợp lệ" in response.content.decode()


def test_keyset_pages_without_duplicates(world, as_user, monkeypatch):
    made = [world.receive(f"2026-03-0{day} 09:00").code for day in (2, 3, 4, 5, 6)]
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    monkeypatch.setattr(paging.page, "__defaults__", ("", 2))
    client = as_user("officer")
    url, seen = "/can-bo/?queue=transfer", []
    for _ in range(5):
        response = client.get(url)
        body = response.content.decode()
        seen += [code for code in made if f">{code}</a>" in body]
        if 'rel="next"' not in body:
            break
        url = body.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    assert seen == made  # soonest appointment first, each once


def test_lists_do_no_query_per_row(world, as_user):
    client = as_user("leader")
    world.in_process()
    with CaptureQueriesContext(connection) as one:
        client.get("/can-bo/?queue=assign")
    for hour in (10, 11, 13, 14):
        world.in_process(f"2026-03-02 {hour:02d}:00")
    with CaptureQueriesContext(connection) as five:
        body = client.get("/can-bo/?queue=assign").content.decode()
    assert body.count("ws-row--") == 5
    assert len(five) == len(one)


def test_inbox_query_budget(world, as_user, django_assert_max_num_queries):
    for hour in (9, 10, 11):
        world.in_process(f"2026-03-02 {hour:02d}:00")
    client = as_user("leader")
    with django_assert_max_num_queries(20):
        client.get("/can-bo/?queue=assign")


def test_dossier_page(world, as_user):
    dossier = world.in_process()
    body = as_user("officer").get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    for text in (
        dossier.code,
        "Thủ tục đăng ký khai sinh",
        "Tờ khai đăng ký khai sinh",  # the checklist
        "Thẩm định, đề xuất",  # the steps
        "05/03/2026 11:30",  # the appointment
        "Chuyển phòng chuyên môn giải quyết",  # the history
        f'href="/can-bo/ho-so/{dossier.code}/mau/receipt/"',  # forms to print
        'target="_blank"',
    ):
        assert text in body, text


def test_another_communes_dossier_is_404(world, as_user):
    dossier = world.in_process()
    client = as_user("other_officer")
    assert client.get(f"/can-bo/ho-so/{dossier.code}/").status_code == 404
    assert client.get(f"/can-bo/ho-so/{dossier.code}/mau/receipt/").status_code == 404
    assert client.get("/can-bo/ho-so/NO-SUCH-CODE/").status_code == 404


def test_print_a_form(world, as_user):
    dossier = world.in_process()
    client = as_user("officer")
    response = client.get(f"/can-bo/ho-so/{dossier.code}/mau/receipt/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get(f"/can-bo/ho-so/{dossier.code}/mau/receipt/?event=1").status_code == 200
    assert client.get(f"/can-bo/ho-so/{dossier.code}/mau/apology/").status_code == 404
    assert client.get(f"/can-bo/ho-so/{dossier.code}/mau/nothing/").status_code == 404
    assert client.get(f"/can-bo/ho-so/{dossier.code}/mau/receipt/?event=x").status_code == 404


def test_english_under_en(world, as_user):
    dossier = world.in_process()
    body = as_user("officer").get(f"/en/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "What you can do now" in body
    assert as_user("officer").get("/en/can-bo/").status_code == 200


def test_the_counter_intake_is_linked_for_officers_once_it_exists(world, as_user):
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("counter:intake")
    except NoReverseMatch:
        url = None
    officer = as_user("officer").get("/can-bo/").content.decode()
    specialist = as_user("specialist").get("/can-bo/").content.decode()
    if url:
        assert f'href="{url}"' in officer
        assert f'href="{url}"' not in specialist
    else:
        assert "/can-bo/tiep-nhan/" not in officer
