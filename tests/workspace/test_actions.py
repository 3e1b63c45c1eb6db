"""Each action through its small form on the dossier page: engine.perform with the version
the page showed; domain refusals in the form, nothing changed."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.dossiers.models import Dossier, Event
from tests.dossiers.conftest import untimed_procedure
from tests.workspace.helpers import ago, form_data, recent_in_process

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _url(dossier, action):
    return f"/can-bo/ho-so/{dossier.key}/thao-tac/{action}/"


def _with_proposal(world):
    dossier = recent_in_process(world)
    new_due = dossier.due_at + datetime.timedelta(days=7)
    return world.act(
        dossier,
        "propose_apology",
        "specialist",
        timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        reason="Chờ xác minh",
        new_due_at=new_due,
    )


def _consulted(world):
    return world.in_status("interlinked")


def _new_due(dossier):
    return timezone.localtime(dossier.due_at + datetime.timedelta(days=7)).strftime(
        "%Y-%m-%dT%H:%M"
    )


# action -> (the dossier before, who acts, the form's fields (a callable of the dossier))
SCENARIOS = {
    "accept": (lambda w: w.in_status("submitted"), "officer", {}),
    "request_completion": (
        lambda w: w.in_status("submitted"),
        "officer",
        {"reason": "Thiếu giấy tờ", "missing": "Giấy chứng sinh\nTờ khai"},
    ),
    "refuse": (lambda w: w.in_status("submitted"), "officer", {"reason": "Không thuộc thẩm quyền"}),
    "transfer": (lambda w: w.in_status("received"), "officer", {}),
    "assign": (lambda w: w.in_process(), "leader", {"assignee": "specialist"}),
    "complete_step": (lambda w: w.in_process(), "specialist", {"note": "Đủ điều kiện"}),
    "send_back": (lambda w: w.in_process(), "specialist", {"to_stage": 1, "reason": "Thiếu"}),
    "consult": (
        lambda w: w.in_process(),
        "specialist",
        {"mode": "parallel", "unit": "working_days", "agency_1": "000.00.03.H51", "amount_1": "1"},
    ),
    "hand_over": (
        lambda w: w.in_process(),
        "specialist",
        {"agency": "000.00.03.H51", "unit": "working_days", "reason": "Thẩm quyền cấp tỉnh"},
    ),
    "request_supplement": (
        recent_in_process,
        "specialist",
        {"reason": "Thiếu", "missing": "Giấy chứng sinh bản chính"},
    ),
    "receive_supplement": (lambda w: w.in_status("supplement"), "officer", {}),
    "request_fee": (lambda w: w.in_process(), "officer", {"amount_vnd": "8000"}),
    "record_fee": (
        lambda w: w.in_status("financial"),
        "officer",
        {"amount_vnd": "8000", "method": "counter", "receipt": "BL-01"},
    ),
    "propose_apology": (
        recent_in_process,
        "specialist",
        lambda d: {"reason": "Chờ xác minh", "new_due_at": _new_due(d)},
    ),
    "approve_apology": (_with_proposal, "leader", {}),
    "reject_apology": (_with_proposal, "leader", {"reason": "Chưa đủ lý do"}),
    "approve": (
        lambda w: w.in_process(),
        "leader",
        {"result": "Giấy khai sinh", "result_number": "12"},
    ),
    "refuse_result": (lambda w: w.in_process(), "leader", {"reason": "Không đủ điều kiện"}),
    "stop": (lambda w: w.in_process(), "leader", {"reason": "Người nộp đã mất"}),
    "withdraw": (lambda w: w.in_process(), "officer", {"reason": "Đơn xin rút ngày 2/3/2026"}),
    "return": (lambda w: w.in_status("result_ready"), "officer", {"method": "counter"}),
}


@pytest.mark.parametrize("action", sorted(SCENARIOS))
def test_each_action_through_its_form(world, as_user, action):
    make, who, fields = SCENARIOS[action]
    dossier = make(world)
    fields = fields(dossier) if callable(fields) else fields
    client = as_user(who)
    page = client.get(f"/can-bo/ho-so/{dossier.key}/").content.decode()
    assert f'id="action-{action}"' in page  # offered to this person now
    response = client.post(_url(dossier, action), form_data(dossier, action, **fields))
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"] == f"/can-bo/ho-so/{dossier.key}/"
    last = Event.objects.filter(dossier=dossier).order_by("-seq").first()
    assert last.action == action
    assert last.actor == world.users[who]
    assert Dossier.objects.get(pk=dossier.pk).row_version == dossier.row_version + 1


def test_attach_a_file_through_the_form(world, as_user):
    dossier = world.in_process()
    client = as_user("officer")
    data = form_data(dossier, "attach", kind="submission", digitised="on")
    data["attach-file"] = SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf")
    response = client.post(_url(dossier, "attach"), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    attachment = dossier.attachments.get()
    assert attachment.digitised and attachment.original_name == "to-khai.pdf"
    download = client.get(f"/can-bo/ho-so/{dossier.key}/tep/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    other = as_user("other_officer").get(f"/can-bo/ho-so/{dossier.key}/tep/{attachment.pk}/")
    assert other.status_code == 404


def test_a_stale_version_changes_nothing(world, as_user):
    dossier = world.in_status("received")
    client = as_user("officer")
    data = form_data(dossier, "transfer")
    world.act(dossier, "request_fee", "officer", "2026-03-02 09:10", amount_vnd=8000)
    response = client.post(_url(dossier, "transfer"), data)
    assert response.status_code == 409
    assert "Có người khác vừa thay đổi hồ sơ này" in response.content.decode()
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.status == "financial" and fresh.row_version == dossier.row_version + 1


def test_a_stale_version_in_htmx_answers_the_form_with_a_reload_link(world, as_user):
    dossier = world.in_status("received")
    data = form_data(dossier, "transfer")
    data["transfer-version"] = dossier.row_version - 1
    response = as_user("officer").post(
        _url(dossier, "transfer"), data, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="action-transfer"' in body and "<html" not in body
    assert f'href="/can-bo/ho-so/{dossier.key}/"' in body
    assert Dossier.objects.get(pk=dossier.pk).status == "received"


def test_htmx_success_redirects_the_page(world, as_user):
    dossier = world.in_status("received")
    response = as_user("officer").post(
        _url(dossier, "transfer"), form_data(dossier, "transfer"), headers={"HX-Request": "true"}
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"/can-bo/ho-so/{dossier.key}/"


def test_a_domain_refusal_is_shown_in_the_form(world, as_user):
    """ND 61/2018 art. 19.9: an apology at least 1 working day before the appointment; the
    world's dossier of March 2026 is long overdue, so the domain refuses."""
    dossier = world.in_process()
    response = as_user("specialist").post(
        _url(dossier, "propose_apology"),
        form_data(dossier, "propose_apology", reason="Chậm", extend_by="2"),
    )
    assert response.status_code == 400
    assert "chậm nhất 1 ngày làm việc trước ngày hẹn" in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).row_version == dossier.row_version
    assert not dossier.apologies.exists()


def test_missing_input_is_a_form_error(world, as_user):
    dossier = recent_in_process(world)
    response = as_user("specialist").post(
        _url(dossier, "request_supplement"), form_data(dossier, "request_supplement", reason="x")
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).status == "in_process"


def test_an_action_the_person_may_not_take_is_refused(world, as_user):
    dossier = world.in_process()
    response = as_user("officer").post(
        _url(dossier, "approve"), form_data(dossier, "approve", result="Giấy khai sinh")
    )
    assert response.status_code == 400
    assert "notice--error" in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).status == "in_process"


def test_only_the_actions_of_this_person_now_are_offered(world, as_user):
    dossier = world.in_process()
    officer = as_user("officer").get(f"/can-bo/ho-so/{dossier.key}/").content.decode()
    assert 'id="action-approve"' not in officer
    assert 'id="action-request_fee"' in officer
    leader = as_user("leader").get(f"/can-bo/ho-so/{dossier.key}/").content.decode()
    assert 'id="action-approve"' in leader
    # No apology waits: deciding on one is not offered.
    assert 'id="action-approve_apology"' not in leader


def test_unknown_action_and_get_are_refused(world, as_user):
    dossier = world.in_process()
    client = as_user("officer")
    assert client.post(_url(dossier, "reassign_agency"), {}).status_code == 404
    assert client.post(_url(dossier, "fly"), {}).status_code == 404
    assert client.get(_url(dossier, "transfer")).status_code == 405


def test_accepting_asks_for_the_time_only_when_the_catalogue_states_none(world, as_user):
    """ND 61/2018 art. 17.2.b: the receipt of an accepted online dossier gives the
    appointment; the officer types the time only when neither the catalogue nor a process
    states one."""
    client = as_user("officer")
    timed = world.in_status("submitted")
    page = client.get(f"/can-bo/ho-so/{timed.key}/").content.decode()
    assert 'id="action-accept"' in page and "id_accept-time_amount" not in page

    procedure = untimed_procedure(world)
    untimed = world.submitted(ago(30), procedure=procedure.code, documents=[])
    page = client.get(f"/can-bo/ho-so/{untimed.key}/").content.decode()
    assert "id_accept-time_amount" in page
    missing = client.post(_url(untimed, "accept"), form_data(untimed, "accept"))
    assert missing.status_code == 400
    assert Dossier.objects.get(pk=untimed.pk).status == "submitted"
    given = form_data(untimed, "accept", time_amount="2", time_unit="working_days")
    assert client.post(_url(untimed, "accept"), given).status_code == 302
    accepted = Dossier.objects.get(pk=untimed.pk)
    assert (accepted.status, accepted.time_amount, accepted.time_unit) == (
        "received",
        2,
        "working_days",
    )
