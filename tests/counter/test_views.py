"""The counter's intake page: who gets in, the type-ahead, the applicant's earlier dossiers,
the three outcomes, errors next to the fields, and one dossier per submitted form."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from motcua.dossiers.models import Dossier, Event
from tests.dossiers.conftest import untimed_procedure
from tests.dossiers.forms.pdf import text as pdf_text

URL = reverse("counter:intake")
SUBMIT = reverse("counter:submit")
HX = {"HTTP_HX_REQUEST": "true"}


def client_for(client, user):
    client.force_login(user)
    return client


def form_data(world, **overrides) -> dict:
    """What the page posts for a complete counter reception at commune A's desk."""
    first, second = world.documents
    data = {
        "token": uuid.uuid4().hex,
        "desk": world.commune_desk.code,
        "procedure": world.procedure.code,
        "procedure_query": f"{world.procedure.code} · {world.version.name}",
        "agency": world.commune.code,
        "doc": [str(first.pk), str(second.pk)],
        f"originals_{first.pk}": "1",
        f"copies_{first.pk}": "0",
        f"originals_{second.pk}": "1",
        f"copies_{second.pk}": "0",
        "applicant_kind": "person",
        "id_number": "079190009999",
        "name": "Trần Văn Bình",
        "birth_date": "1990-05-17",
        "phone": "0912345678",
        "email": "binh@example.vn",
        "address": "5 Hai Bà Trưng, xã A",
        "sets": "1",
        "return_method": "counter",
        "summary": "",
        "missing": "",
        "reason": "",
        "outcome": "receive",
    }
    data.update(overrides)
    return data


def latest() -> Dossier | None:
    return Dossier.objects.order_by("-id").first()


# --- who gets in -----------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    response = client.post(SUBMIT, form_data(world))
    assert response.status_code == 302
    assert not Dossier.objects.exists()


@pytest.mark.parametrize("who", ["specialist", "leader", "citizen"])
def test_staff_without_the_officer_role_and_citizens_are_refused(client, world, who):
    client_for(client, world.users[who])
    assert client.get(URL).status_code == 403
    assert client.post(SUBMIT, form_data(world)).status_code == 403
    assert client.get(reverse("counter:procedures"), {"procedure_query": "khai"}).status_code == 403
    assert not Dossier.objects.exists()


def test_officer_sees_the_page_at_their_desk(client, world):
    response = client_for(client, world.users["officer"]).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bộ phận Một cửa xã A" in html
    assert 'name="procedure_query"' in html
    assert 'aria-keyshortcuts="Alt+R"' in html
    # Every visible input has a label.
    for input_id in re.findall(r'<input type="(?:text|date|number)"[^>]* id="([^"]+)"', html):
        assert f'for="{input_id}"' in html, input_id


def test_english_page(client, world):
    response = client_for(client, world.users["officer"]).get("/en" + URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Counter intake" in html
    assert "Receive" in html


def test_an_officer_with_several_desks_chooses_one_and_it_is_remembered(client, world):
    admin = client_for(client, world.users["admin"])
    html = admin.get(URL).content.decode()
    assert 'id="counter-desk-select"' in html
    response = admin.post(reverse("counter:desk"), {"desk": world.other_desk.code})
    assert response.status_code == 302
    html = admin.get(URL).content.decode()
    assert f'value="{world.other_desk.code}" selected' in html
    assert f'name="desk" value="{world.other_desk.code}"' in html


def test_an_officer_cannot_choose_another_units_desk(client, world):
    officer = client_for(client, world.users["other_officer"])
    response = officer.post(reverse("counter:desk"), {"desk": world.commune_desk.code})
    assert response.status_code == 403


# --- procedure by typing ---------------------------------------------------------------------


def test_type_ahead_finds_the_desks_procedures_without_accents(client, world):
    officer = client_for(client, world.users["officer"])
    response = officer.get(
        reverse("counter:procedures"), {"procedure_query": "dang ky khai sinh"}, **HX
    )
    html = response.content.decode()
    assert 'data-code="1.001193"' in html
    assert "Thủ tục đăng ký khai sinh" in html
    assert 'role="option"' in html
    by_code = officer.get(reverse("counter:procedures"), {"procedure_query": "1.0011"}, **HX)
    assert 'data-code="1.001193"' in by_code.content.decode()
    none = officer.get(reverse("counter:procedures"), {"procedure_query": "xay dung"}, **HX)
    assert "data-code" not in none.content.decode()


def test_type_ahead_lists_only_what_the_desk_receives(client, world):
    """The province's service centre does not receive the communes' procedures
    (ND 61/2018 art. 17: each unit's own one-stop desk)."""
    officer = client_for(client, world.users["centre_officer"])
    html = officer.get(
        reverse("counter:procedures"), {"procedure_query": "khai sinh"}, **HX
    ).content.decode()
    assert "data-code" not in html
    detail = officer.get(reverse("counter:procedure"), {"procedure": "1.001193"}, **HX)
    assert "does not receive" in detail.content.decode() or "không tiếp nhận" in (
        detail.content.decode()
    )


def test_choosing_the_procedure_shows_agency_documents_time_and_fees(client, world):
    officer = client_for(client, world.users["officer"])
    html = officer.get(
        reverse("counter:procedure"), {"procedure": "1.001193"}, **HX
    ).content.decode()
    first, second = world.documents
    assert f'name="agency" value="{world.commune.code}"' in html
    assert "UBND xã A" in html
    assert f'id="doc-{first.pk}"' in html and f'id="doc-{second.pk}"' in html
    assert f'name="originals_{first.pk}" id="originals-{first.pk}" value="1"' in html
    assert "3 ngày làm việc" in html
    assert "checked" not in html  # the officer ticks what the applicant hands over


def test_the_officer_gives_the_time_when_the_catalogue_states_none(client, world):
    """ND 61/2018 art. 17.1.c: the receipt carries the appointment; without a time in the
    catalogue or a process, the officer types it, and the dossier is counted from it."""
    procedure = untimed_procedure(world)
    officer = client_for(client, world.users["officer"])
    html = officer.get(reverse("counter:procedure"), {"procedure": procedure.code}, **HX)
    assert 'name="time_amount"' in html.content.decode()
    timed = officer.get(reverse("counter:procedure"), {"procedure": "1.001193"}, **HX)
    assert 'name="time_amount"' not in timed.content.decode()

    data = form_data(world, procedure=procedure.code, doc=[])
    officer.post(SUBMIT, data, **HX)
    assert latest() is None
    data = form_data(
        world, procedure=procedure.code, doc=[], time_amount="2", time_unit="working_days"
    )
    assert officer.post(SUBMIT, data, **HX).status_code == 200
    dossier = latest()
    assert (dossier.status, dossier.time_amount, dossier.time_unit) == (
        "received",
        2,
        "working_days",
    )


# --- the applicant's earlier dossiers ---------------------------------------------------------


def test_citizen_id_shows_earlier_dossiers_and_prefills_from_the_latest(client, world):
    earlier = world.receive()
    officer = client_for(client, world.users["officer"])
    response = officer.get(reverse("counter:applicant"), {"id_number": "079190001234"}, **HX)
    html = response.content.decode()
    assert earlier.code in html
    prefill = json.loads(re.search(r'id="counter-prefill"[^>]*>(.*?)</script>', html).group(1))
    assert prefill["name"] == "Nguyễn Thị Ánh"
    assert prefill["phone"] == "0901234567"
    assert prefill["address"] == "12 Lê Lợi, phường A"


def test_earlier_dossiers_only_within_the_users_agencies(client, world):
    world.receive()
    officer_b = client_for(client, world.users["other_officer"])
    html = officer_b.get(
        reverse("counter:applicant"), {"id_number": "079190001234"}, **HX
    ).content.decode()
    assert "counter-prefill" not in html
    assert "000.01.70.H51" not in html


def test_incomplete_citizen_id_looks_nothing_up(client, world):
    world.receive()
    officer = client_for(client, world.users["officer"])
    html = officer.get(
        reverse("counter:applicant"), {"id_number": "07919000"}, **HX
    ).content.decode()
    assert "counter-prefill" not in html


# --- the three outcomes ------------------------------------------------------------------------


def test_receive_creates_the_dossier_and_offers_the_receipt(client, world):
    """A complete dossier is received with the receipt and appointment, which carries the
    dossier code (ND 61/2018 art. 17.1.c, 17.3)."""
    officer = client_for(client, world.users["officer"])
    response = officer.post(SUBMIT, form_data(world), **HX)
    assert response.status_code == 200
    dossier = latest()
    assert dossier is not None and dossier.status == "received"
    assert dossier.desk == world.commune_desk and dossier.agency == world.commune
    assert dossier.channel == 1
    assert dossier.applicant_name == "Trần Văn Bình"
    assert [(d.name, d.originals) for d in dossier.documents.order_by("position")] == [
        ("Tờ khai đăng ký khai sinh", 1),
        ("Giấy chứng sinh", 1),
    ]
    assert dossier.events.get().actor_id == world.users["officer"].pk
    html = response.content.decode()
    assert dossier.code in html and dossier.secret in html
    print_url = reverse("counter:print", args=[dossier.code, "receipt"])
    assert f'href="{print_url}" target="_blank"' in html
    # The form is blank again, with a fresh token, focus on the procedure.
    assert 'data-focus="id_procedure_query"' in html
    assert "079190009999" not in html
    pdf = officer.get(print_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert dossier.code in text and "Trần Văn Bình" in text


def test_request_completion_lists_the_unticked_documents(client, world):
    """An incomplete dossier gets form 02 with the reason and what to complete
    (ND 61/2018 art. 17.1.a); the list starts from the documents not ticked."""
    first, second = world.documents
    officer = client_for(client, world.users["officer"])
    response = officer.post(
        SUBMIT,
        form_data(world, doc=[str(first.pk)], outcome="request_completion", reason="Thiếu giấy tờ"),
        **HX,
    )
    assert response.status_code == 200
    dossier = latest()
    assert dossier.status == "incomplete"
    event = dossier.events.get()
    assert event.data["missing"] == ["Giấy chứng sinh"]
    html = response.content.decode()
    assert reverse("counter:print", args=[dossier.code, "supplement"]) in html
    pdf = officer.get(reverse("counter:print", args=[dossier.code, "supplement"]))
    assert "Giấy chứng sinh" in pdf_text(pdf.content)


def test_request_completion_with_an_edited_list(client, world):
    officer = client_for(client, world.users["officer"])
    officer.post(
        SUBMIT,
        form_data(
            world,
            outcome="request_completion",
            missing="Giấy chứng sinh bản chính\n\n",
            reason="Giấy chứng sinh là bản sao",
        ),
        **HX,
    )
    assert latest().events.get().data["missing"] == ["Giấy chứng sinh bản chính"]


def test_refuse_needs_a_reason(client, world):
    """A refusal states its reason on form 03 (ND 61/2018 art. 17.1.b)."""
    officer = client_for(client, world.users["officer"])
    response = officer.post(SUBMIT, form_data(world, outcome="refuse"), **HX)
    html = response.content.decode()
    assert not Dossier.objects.exists()
    assert 'id="id_reason-error"' in html
    assert 'aria-invalid="true"' in html
    response = officer.post(
        SUBMIT, form_data(world, outcome="refuse", reason="Không thuộc thẩm quyền"), **HX
    )
    dossier = latest()
    assert dossier.status == "refused"
    assert reverse("counter:print", args=[dossier.code, "refusal"]) in response.content.decode()


def test_an_organisation_with_its_tax_code_and_its_earlier_dossiers(client, world):
    officer = client_for(client, world.users["officer"])
    officer.post(
        SUBMIT,
        form_data(
            world,
            applicant_kind="organisation",
            id_number="",
            tax_code="0312345678",
            name="Công ty TNHH Ánh Dương",
            representative_name="Trần Văn Bình",
            representative_id_number="079190009999",
        ),
        **HX,
    )
    dossier = latest()
    assert dossier.applicant_kind == "organisation"
    assert dossier.applicant_tax_code == "0312345678"
    assert dossier.representative_name == "Trần Văn Bình"
    html = officer.get(
        reverse("counter:applicant"), {"tax_code": "0312345678"}, **HX
    ).content.decode()
    assert dossier.code in html
    prefill = json.loads(re.search(r'id="counter-prefill"[^>]*>(.*?)</script>', html).group(1))
    assert prefill["name"] == "Công ty TNHH Ánh Dương"
    assert prefill["applicant_kind"] == "organisation"


def test_a_return_by_post(client, world):
    officer = client_for(client, world.users["officer"])
    officer.post(
        SUBMIT,
        form_data(world, return_method="post", return_address="9 Pasteur, xã A", sets="2"),
        **HX,
    )
    dossier = latest()
    assert (dossier.return_method, dossier.return_address, dossier.sets) == (
        "post",
        "9 Pasteur, xã A",
        2,
    )


# --- errors --------------------------------------------------------------------------------------


def test_domain_errors_are_shown_next_to_the_fields_and_nothing_is_created(client, world):
    officer = client_for(client, world.users["officer"])
    response = officer.post(
        SUBMIT, form_data(world, id_number="12345", name="", email="not-an-email"), **HX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert not Dossier.objects.exists()
    assert 'id="id_id_number-error"' in html and "12 chữ số" in html
    assert 'id="id_name-error"' in html
    assert 'id="id_email-error"' in html
    # What was typed stays, the documents stay ticked.
    assert 'value="not-an-email"' in html
    assert f'value="{world.documents[0].pk}" id="doc-{world.documents[0].pk}"' in html
    assert "checked" in html


def test_post_address_is_required_when_returning_by_post(client, world):
    officer = client_for(client, world.users["officer"])
    html = officer.post(SUBMIT, form_data(world, return_method="post"), **HX).content.decode()
    assert not Dossier.objects.exists()
    assert 'id="id_return_address-error"' in html


def test_unknown_procedure_and_bad_counts(client, world):
    officer = client_for(client, world.users["officer"])
    html = officer.post(
        SUBMIT, form_data(world, procedure="9.999999", procedure_query="9.999999"), **HX
    ).content.decode()
    assert 'id="id_procedure_query-error"' in html
    first = world.documents[0]
    html = officer.post(
        SUBMIT, form_data(world, **{f"originals_{first.pk}": "x"}), **HX
    ).content.decode()
    assert 'id="documents-error"' in html
    assert not Dossier.objects.exists()


def test_without_javascript_errors_render_the_whole_page(client, world):
    officer = client_for(client, world.users["officer"])
    response = officer.post(SUBMIT, form_data(world, name=""))
    assert response.status_code == 422
    assert "<html" in response.content.decode()


def test_expired_or_forged_token(client, world):
    officer = client_for(client, world.users["officer"])
    html = officer.post(SUBMIT, form_data(world, token="abc"), **HX).content.decode()
    assert not Dossier.objects.exists()
    assert "notice--error" in html


# --- idempotency ------------------------------------------------------------------------------


def test_a_resubmitted_form_never_creates_two_dossiers(client, world):
    officer = client_for(client, world.users["officer"])
    data = form_data(world)
    first = officer.post(SUBMIT, data, **HX)
    again = officer.post(SUBMIT, data, **HX)
    assert Dossier.objects.count() == 1
    assert Event.objects.count() == 1
    dossier = latest()
    assert dossier.code in first.content.decode()
    html = again.content.decode()
    assert dossier.code in html
    assert "đã được ghi nhận" in html  # "already recorded: nothing new was created"
    # The next applicant's form has a new token and creates a new dossier.
    token = re.search(r'name="token" value="([0-9a-f]{32})"', first.content.decode()).group(1)
    assert token != data["token"]
    officer.post(SUBMIT, form_data(world, token=token, id_number="079190008888"), **HX)
    assert Dossier.objects.count() == 2


def test_a_failed_submission_can_be_corrected_with_the_same_form(client, world):
    officer = client_for(client, world.users["officer"])
    data = form_data(world, name="")
    officer.post(SUBMIT, data, **HX)
    assert not Dossier.objects.exists()
    officer.post(SUBMIT, {**data, "name": "Trần Văn Bình"}, **HX)
    assert Dossier.objects.count() == 1


# --- permissions -------------------------------------------------------------------------------


def test_officer_of_commune_b_cannot_receive_at_commune_as_desk(client, world):
    officer_b = client_for(client, world.users["other_officer"])
    response = officer_b.post(SUBMIT, form_data(world), **HX)
    assert response.status_code == 403
    assert not Dossier.objects.exists()


def test_officer_of_commune_b_cannot_receive_for_commune_a(client, world):
    officer_b = client_for(client, world.users["other_officer"])
    html = officer_b.post(
        SUBMIT, form_data(world, desk=world.other_desk.code), **HX
    ).content.decode()
    assert not Dossier.objects.exists()
    assert 'id="id_agency-error"' in html or "id_agency" in html
    # For commune B itself, at commune B's desk, it works.
    officer_b.post(
        SUBMIT, form_data(world, desk=world.other_desk.code, agency=world.other.code), **HX
    )
    dossier = latest()
    assert dossier.desk == world.other_desk and dossier.agency == world.other


def test_forms_of_dossiers_the_officer_may_not_see_are_404(client, world):
    dossier = world.receive()
    officer_b = client_for(client, world.users["other_officer"])
    assert (
        officer_b.get(reverse("counter:print", args=[dossier.code, "receipt"])).status_code == 404
    )
    officer = client_for(client, world.users["officer"])
    assert officer.get(reverse("counter:print", args=[dossier.code, "nope"])).status_code == 404
    assert officer.get(reverse("counter:print", args=[dossier.code, "refusal"])).status_code == 404
    assert officer.get(reverse("counter:print", args=[dossier.code, "receipt"])).status_code == 200
