"""Reception: counter, postal and online intake, codes, snapshots, applicant validation."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.agencies.models import Role
from motcua.catalogue.models import Channel, Procedure, ProcedureVersion, RequiredDocument
from motcua.catalogue.services.processes import StepSpec, create_process
from motcua.dossiers.codes import SECRET_ALPHABET, SECRET_LENGTH, secrets_match
from motcua.dossiers.models import Dossier, Event, Notice, ReceivedDocument, Regime
from motcua.dossiers.services.engine import perform
from motcua.dossiers.services.intake import Applicant, DocumentLine, prepare, time_needed
from motcua.dossiers.workflow import Status
from motcua.worktime.units import DurationUnit
from tests.dossiers.conftest import at, untimed_procedure

# --- counter and postal reception ------------------------------------------------------------


def test_counter_reception_gives_a_code_of_the_desk_and_day(world):
    """ND 61/2018 art. 26.2 and art. 17.3: the code is the receiving agency's identifier,
    the reception date and the sequence number of the day: `<desk>-YYMMDD-NNNN`."""
    dossier = world.receive("2026-03-02 09:00")
    assert dossier.code == "000.01.70.H51-260302-0001"
    assert re.fullmatch(r"[0-9A-Z.]+-\d{6}-\d{4}", dossier.code)
    assert dossier.status == Status.RECEIVED
    assert dossier.national_status == 2
    assert dossier.channel == Channel.COUNTER
    assert dossier.desk == world.commune_desk
    assert dossier.agency == world.commune
    assert dossier.received_at == at("2026-03-02 09:00")
    assert dossier.created_by == world.users["officer"]
    assert dossier.owner is None


def test_the_sequence_counts_per_desk_and_restarts_each_day(world):
    """ND 61/2018 art. 26.2.b: the sequence number of the dossier received on that day."""
    first = world.receive("2026-03-02 08:00")
    second = world.receive("2026-03-02 16:59")
    other = prepare(world.intake(agency=world.other.code), at=at("2026-03-02 10:00"))
    other_desk = perform(
        other, "receive", user=world.users["other_officer"], at=at("2026-03-02 10:00")
    )
    next_day = world.receive("2026-03-03 08:00")
    assert first.code == "000.01.70.H51-260302-0001"
    assert second.code == "000.01.70.H51-260302-0002"
    assert other_desk.code == "000.01.71.H51-260302-0001"
    assert next_day.code == "000.01.70.H51-260303-0001"


def test_the_code_day_is_the_local_day_in_vietnam(world):
    """A reception at 06:30 on 3/3 in Vietnam is 23:30 UTC on 2/3: the code says 260303."""
    when = datetime.datetime(2026, 3, 2, 23, 30, tzinfo=datetime.UTC)
    dossier = prepare(world.intake(), at=when)
    dossier = perform(dossier, "receive", user=world.users["officer"], at=when)
    assert "-260303-" in dossier.code


def test_refusals_and_rolled_back_receptions_leave_no_gap(world):
    """domain.md §3: codes are unique and have no gaps; a failed reception gives its
    number back."""
    world.receive("2026-03-02 08:00")
    broken = prepare(world.intake(), at=at("2026-03-02 08:10"))
    with pytest.raises(ValidationError):
        perform(
            broken,
            "request_completion",
            user=world.users["officer"],
            at=at("2026-03-02 08:10"),
            reason="Thiếu",
        )
    again = world.receive("2026-03-02 08:20")
    assert again.code.endswith("-0002")


def test_a_secret_is_given_for_lookup(world):
    """domain.md §7: lookups need a secret, not only the (guessable) code."""
    dossier = world.receive()
    assert len(dossier.secret) == SECRET_LENGTH
    assert set(dossier.secret) <= set(SECRET_ALPHABET)
    assert secrets_match(f"  {dossier.secret.lower()} ", dossier.secret)
    assert not secrets_match("", dossier.secret)
    other = world.receive()
    assert other.secret != dossier.secret or other.uid != dossier.uid


def test_reception_snapshots_version_process_and_statutory_time(world):
    """domain.md §2: every dossier keeps the procedure version and process in force when
    it was received; editing the catalogue never changes a dossier in flight."""
    dossier = world.receive("2026-03-02 09:00")
    process = dossier.process
    assert dossier.procedure_version == world.version
    assert process is not None and process.agency == world.commune
    assert dossier.time_amount == Decimal(3)
    assert dossier.time_unit == DurationUnit.WORKING_DAYS
    assert dossier.due_at == at("2026-03-05 11:30")
    assert [s.name for s in dossier.steps.all()] == [
        "Tiếp nhận hồ sơ",
        "Thẩm định, đề xuất",
        "Phê duyệt, ký kết quả",
        "Trả kết quả",
    ]

    # The catalogue changes from 3/3: a new process of 5 days and a new version.
    create_process(
        world.commune,
        world.procedure,
        total=5,
        unit=DurationUnit.WORKING_DAYS,
        valid_from=datetime.date(2026, 3, 3),
        steps=[
            StepSpec(1, "Tiếp nhận", world.commune_desk, Role.OFFICER, Decimal("0.5")),
            StepSpec(2, "Thẩm định", world.commune, Role.SPECIALIST, Decimal("4")),
            StepSpec(3, "Trả kết quả", world.commune_desk, Role.OFFICER, Decimal("0.5")),
        ],
    )
    world.version.valid_to = datetime.date(2026, 3, 2)
    world.version.save()
    new_version = ProcedureVersion.objects.create(
        procedure=world.procedure,
        number=2,
        name="Thủ tục đăng ký khai sinh (sửa đổi)",
        field=world.version.field,
        at_commune=True,
        valid_from=datetime.date(2026, 3, 3),
    )
    new_version.processing_times.create(channel=Channel.COUNTER, amount=5, unit="working_days")

    dossier = world.act(dossier, "transfer", "officer", "2026-03-03 09:00")
    dossier.refresh_from_db()
    assert dossier.process == process
    assert dossier.procedure_version == world.version
    assert dossier.due_at == at("2026-03-05 11:30")
    assert dossier.steps.count() == 4

    later = world.receive("2026-03-03 09:00", documents=[])
    assert later.procedure_version == new_version
    assert later.process != process
    assert later.time_amount == Decimal(5)
    assert later.steps.count() == 3
    assert later.due_at == at("2026-03-10 11:30")


def test_the_officer_gives_the_time_when_the_catalogue_states_none(world):
    """ND 61/2018 art. 18.1 (form 01): the receipt gives an appointment, counted from the
    procedure's time; when the catalogue states none in a known unit and the agency has no
    internal process, the officer gives it at reception, and only then."""
    procedure = untimed_procedure(world)
    day = datetime.date(2026, 3, 2)
    assert time_needed(procedure, world.commune, day)
    assert not time_needed(world.procedure, world.commune, day)
    untimed = {"procedure": procedure.code, "documents": []}
    with pytest.raises(ValidationError) as raised:
        world.receive("2026-03-02 09:00", **untimed)
    assert "time_amount" in raised.value.message_dict
    assert not Dossier.objects.exists()
    dossier = world.receive(
        "2026-03-02 09:00", time_amount=Decimal(2), time_unit="working_days", **untimed
    )
    assert (dossier.time_amount, dossier.due_at) == (Decimal(2), at("2026-03-04 11:30"))

    online = world.submitted("2026-03-02 08:00", **untimed)
    with pytest.raises(ValidationError):
        world.act(online, "accept", "officer", "2026-03-02 09:00")
    with pytest.raises(ValidationError):
        world.act(online, "accept", "officer", "2026-03-02 09:00", time_amount="-1")
    online = world.act(
        online, "accept", "officer", "2026-03-02 09:00", time_amount="3", time_unit="days"
    )
    assert (online.time_amount, online.time_unit) == (Decimal(3), "days")
    # The catalogue's time wins over anything the officer types.
    timed = world.act(
        world.submitted("2026-03-02 08:00"),
        "accept",
        "officer",
        "2026-03-02 09:00",
        time_amount="9",
    )
    assert timed.time_amount == Decimal(3) and timed.due_at == at("2026-03-05 11:30")


def test_reception_records_the_documents_checklist(world):
    """ND 61/2018 art. 17.1 and domain.md §2 (form 01): documents received, original or
    copy, and how many; the receipt event keeps the list."""
    dossier = world.receive(
        documents=[
            DocumentLine(required=world.documents[0].pk, originals=1),
            DocumentLine(required=world.documents[1].pk, copies=2, note="bản sao chứng thực"),
            DocumentLine(name="Giấy ủy quyền", originals=1),
        ]
    )
    lines = list(ReceivedDocument.objects.filter(dossier=dossier))
    assert [(d.name, d.originals, d.copies) for d in lines] == [
        ("Tờ khai đăng ký khai sinh", 1, 0),
        ("Giấy chứng sinh", 0, 2),
        ("Giấy ủy quyền", 1, 0),
    ]
    assert lines[0].required == world.documents[0]
    assert lines[1].note == "bản sao chứng thực"
    event = Event.objects.get(dossier=dossier)
    assert event.form == "receipt"
    assert event.data["documents"][1] == {"name": "Giấy chứng sinh", "originals": 0, "copies": 2}


def test_documents_the_procedure_does_not_list_are_refused(world):
    """domain.md §3: staff may not ask for documents beyond those the procedure lists."""
    other = Procedure.objects.create(code="1.000001")
    other_version = ProcedureVersion.objects.create(
        procedure=other, number=1, name="Khác", field=world.version.field
    )
    foreign = RequiredDocument.objects.create(version=other_version, position=1, name="Sổ đỏ")
    with pytest.raises(ValidationError) as raised:
        world.receive(documents=[DocumentLine(required=foreign.pk, originals=1)])
    assert "documents" in raised.value.message_dict
    assert not Dossier.objects.exists()


def test_document_lines_must_be_named_and_counted(world):
    """Form 01 lists each document by name with its originals and copies."""
    for line in (
        DocumentLine(),
        DocumentLine(name="Tờ khai", originals=-1),
        DocumentLine(name="x", copies=100),
    ):
        with pytest.raises(ValidationError) as raised:
            prepare(world.intake(documents=[line]), at=at("2026-03-02 09:00"))
        assert "documents" in raised.value.message_dict


def test_postal_reception_needs_an_address_to_post_the_result(world):
    """domain.md §1: dossiers come by public postal service (channel 3); the result may be
    posted home."""
    with pytest.raises(ValidationError) as raised:
        prepare(world.intake(channel=Channel.POSTAL, return_method="post"), at=at("2026-03-02"))
    assert "return_address" in raised.value.message_dict
    dossier = world.receive(
        channel=Channel.POSTAL, return_method="post", return_address="12 Lê Lợi, phường A"
    )
    assert dossier.channel == 3
    assert dossier.status == Status.RECEIVED
    assert dossier.return_address == "12 Lê Lợi, phường A"


def test_an_unknown_channel_is_refused(world):
    """domain.md §1: channels are 1 counter, 2 online, 3 post (KenhThucHien)."""
    for channel in (0, 4):
        with pytest.raises(ValidationError) as raised:
            prepare(world.intake(channel=channel), at=at("2026-03-02 09:00"))
        assert "channel" in raised.value.message_dict


# --- the applicant ---------------------------------------------------------------------------


def test_a_person_needs_a_12_digit_citizen_id(world):
    """domain.md §3 (SoGiayToChuHoSo): a person is identified by a 12-digit
    citizen ID, in ASCII digits and nothing else."""
    for id_number in (
        "07919000123",
        "0791900012345",
        "07919000123A",
        "",
        "079190001234\n",
        "０７９１９０００１２３４",  # full-width digits
    ):
        applicant = Applicant(name="Nguyễn Văn A", id_number=id_number)
        with pytest.raises(ValidationError) as raised:
            prepare(world.intake(applicant=applicant), at=at("2026-03-02 09:00"))
        assert "applicant.id_number" in raised.value.message_dict, id_number


def test_an_organisation_needs_a_tax_code(world):
    """domain.md §3 (LoaiDoiTuong, SoGiayToChuHoSo): an organisation is identified by its
    tax code, 10 digits or 10 + a 3-digit dependent-unit suffix."""
    organisation = Applicant(kind="organisation", name="Công ty TNHH An Bình")
    with pytest.raises(ValidationError) as raised:
        prepare(world.intake(applicant=organisation), at=at("2026-03-02 09:00"))
    assert "applicant.tax_code" in raised.value.message_dict
    assert "applicant.id_number" not in raised.value.message_dict
    for tax_code in ("0101234567", "0101234567-001"):
        organisation.tax_code = tax_code
        dossier = prepare(world.intake(applicant=organisation), at=at("2026-03-02 09:00"))
        assert dossier.applicant_tax_code == tax_code
    for tax_code in ("010123456", "0101234567-01", "0101234567\n", "０１０１２３４５６７"):
        organisation.tax_code = tax_code
        with pytest.raises(ValidationError):
            prepare(world.intake(applicant=organisation), at=at("2026-03-02 09:00"))


def test_a_representative_needs_a_valid_id_and_a_name(world):
    """Form 01: the person handing the dossier in for the applicant is named and identified."""
    applicant = Applicant(
        name="Nguyễn Văn A", id_number="079190001234", representative_id_number="123"
    )
    with pytest.raises(ValidationError) as raised:
        prepare(world.intake(applicant=applicant), at=at("2026-03-02 09:00"))
    errors = raised.value.message_dict
    assert "applicant.representative_id_number" in errors
    assert "applicant.representative_name" in errors

    applicant.representative_id_number = "079190009999"
    applicant.representative_name = "  Trần   Văn  B "
    dossier = prepare(world.intake(applicant=applicant), at=at("2026-03-02 09:00"))
    assert dossier.representative_name == "Trần Văn B"


def test_applicant_contact_details_are_checked(world):
    """Phone and e-mail are where the notices of ND 61/2018 art. 19.9 and 20.4 go."""
    applicant = Applicant(
        name="Nguyễn Văn A",
        id_number="079190001234",
        phone="０９０１２３４５６７",
        email="not-an-email",
        birth_date=datetime.date(2999, 1, 1),
    )
    with pytest.raises(ValidationError) as raised:
        prepare(world.intake(applicant=applicant), at=at("2026-03-02 09:00"))
    assert {"applicant.phone", "applicant.email", "applicant.birth_date"} <= set(
        raised.value.message_dict
    )


def test_every_problem_is_listed_at_once(world):
    """ND 61/2018 art. 17.2.a: guidance "đầy đủ một lần" (everything at once)."""
    with pytest.raises(ValidationError) as raised:
        prepare(
            world.intake(applicant=Applicant(), procedure="9.999999", channel=9),
            at=at("2026-03-02 09:00"),
        )
    assert {"applicant.name", "applicant.id_number", "procedure", "channel"} <= set(
        raised.value.message_dict
    )


# --- who receives what -----------------------------------------------------------------------


def test_an_agency_that_does_not_handle_the_procedure_is_refused(world):
    """ND 61/2018 art. 17.2.a: a dossier outside the agency's competence is not
    received; domain.md §6: each agency publishes the procedures it handles."""
    with pytest.raises(ValidationError) as raised:
        prepare(world.intake(agency=world.department.code), at=at("2026-03-02 09:00"))
    assert "agency" in raised.value.message_dict


def test_a_procedure_not_in_force_on_the_reception_day_is_refused(world):
    """domain.md §2 and §6: the procedure version in force on the reception day
    applies; none in force, nothing to receive."""
    world.version.valid_to = datetime.date(2026, 2, 28)
    world.version.save()
    with pytest.raises(ValidationError) as raised:
        prepare(world.intake(), at=at("2026-03-02 09:00"))
    assert "procedure" in raised.value.message_dict
    assert prepare(world.intake(), at=at("2026-02-27 09:00")).procedure_version == world.version


def test_a_desk_of_another_commune_is_refused(world):
    """ND 61/2018 art. 17: the dossier is received by the one-stop desk of the unit that
    resolves it (or transferred under art. 18.3)."""
    with pytest.raises(ValidationError) as raised:
        prepare(world.intake(desk=world.other_desk.code), at=at("2026-03-02 09:00"))
    assert "desk" in raised.value.message_dict
    named = prepare(world.intake(desk=world.commune_desk.code), at=at("2026-03-02 09:00"))
    assert named.desk == world.commune_desk


def test_the_officer_must_work_at_the_receiving_desk(world):
    """ND 61/2018 art. 17: reception is done by the desk's one-stop officers."""
    dossier = prepare(world.intake(), at=at("2026-03-02 09:00"))
    with pytest.raises(PermissionDenied):
        perform(dossier, "receive", user=world.users["other_officer"], at=at("2026-03-02 09:00"))
    with pytest.raises(PermissionDenied):
        perform(dossier, "receive", user=world.users["specialist"], at=at("2026-03-02 09:00"))
    assert not Dossier.objects.exists()


# --- the legal regime ------------------------------------------------------------------------


def test_the_regime_is_fixed_by_the_reception_date(world):
    """domain.md §2: Decree 61/2018 until 30/6/2025, Decree 118/2025 from 1/7/2025."""
    for when, regime in (("2025-06-30 16:59", Regime.R2018), ("2025-07-01 07:30", Regime.R2025)):
        dossier = world.receive(when)
        assert dossier.regime == regime
        assert Dossier.objects.get(pk=dossier.pk).regime == regime


def test_an_online_dossier_takes_the_regime_of_its_acceptance(world):
    """domain.md §2-§3: the rule set in force when the dossier was received; online
    dossiers count as received when the desk accepts them."""
    dossier = world.submitted("2025-06-30 20:00")
    dossier = world.act(dossier, "accept", "officer", "2025-07-01 08:00")
    assert dossier.regime == Regime.R2025


# --- online: draft, submission, the desk's check ---------------------------------------------


def test_a_citizen_saves_a_draft_without_a_code(world):
    """ND 61/2018 art. 17.3: the code comes with reception; a draft has none."""
    dossier = world.draft("2026-03-01 21:00")
    assert dossier.status == Status.DRAFT
    assert dossier.owner == world.users["citizen"]
    assert dossier.code is None
    assert dossier.national_status is None
    assert dossier.key == str(dossier.uid)
    assert dossier.documents.count() == 2
    event = Event.objects.get(dossier=dossier)
    assert (event.seq, event.action, event.role, event.actor) == (
        1,
        "create_draft",
        "applicant",
        world.users["citizen"],
    )
    assert event.actor_name == "Nguyễn Thị Ánh"


def test_only_the_owner_saves_a_draft(world):
    """An online draft belongs to the applicant's account."""
    dossier = prepare(
        world.intake(channel=Channel.ONLINE), at=at("2026-03-02"), owner=world.users["citizen"]
    )
    for who in ("citizen2", "officer"):
        with pytest.raises(PermissionDenied):
            perform(dossier, "create_draft", user=world.users[who], at=at("2026-03-02"))
    assert not Dossier.objects.exists()


def test_the_applicant_edits_the_draft_over_several_sittings(world):
    """A draft is the applicant's until submitted: they change it, and each change is an
    event; procedure and channel stay."""
    draft = world.draft("2026-03-01 21:00")
    changed = world.intake(
        channel=Channel.ONLINE,
        applicant=Applicant(
            name="Nguyễn Thị Ánh",
            id_number="079190001234",
            phone="0907654321",
            email="anh@example.vn",
            address="15 Lê Lợi, phường A",
        ),
        documents=[DocumentLine(required=world.documents[0].pk, originals=1)],
        return_method="post",
        return_address="15 Lê Lợi, phường A",
    )
    dossier = perform(
        draft, "edit_draft", user=world.users["citizen"], at=at("2026-03-01 22:00"), intake=changed
    )
    assert dossier.status == Status.DRAFT
    assert (dossier.applicant_phone, dossier.return_method) == ("0907654321", "post")
    assert [d.name for d in dossier.documents.filter(position__gt=0)] == [world.documents[0].name]
    event = dossier.events.last()
    assert event.action == "edit_draft"
    assert {"applicant_phone", "applicant_address", "documents"} <= set(event.data["changed"])

    for who in ("citizen2", "officer"):
        with pytest.raises(PermissionDenied):
            perform(dossier, "edit_draft", user=world.users[who], intake=changed)
    with pytest.raises(ValidationError) as raised:
        perform(
            dossier,
            "edit_draft",
            user=world.users["citizen"],
            intake=world.intake(channel=Channel.ONLINE, procedure="9.999999"),
        )
    assert "procedure" in raised.value.message_dict
    with pytest.raises(ValidationError):
        perform(dossier, "edit_draft", user=world.users["citizen"], intake=world.intake())
    submitted = world.act(dossier, "submit", "citizen", "2026-03-02 06:00")
    with pytest.raises(ValidationError):
        perform(submitted, "edit_draft", user=world.users["citizen"], intake=changed)
    assert Dossier.objects.get(pk=draft.pk).row_version == submitted.row_version


def test_an_online_dossier_gets_its_code_at_submission(world):
    """ND 61/2018 art. 26.1: the code is given automatically; a draft has none."""
    draft = world.draft("2026-03-01 21:00")
    dossier = world.act(draft, "submit", "citizen", "2026-03-02 06:15")
    assert dossier.status == Status.SUBMITTED
    assert dossier.national_status == 1
    assert dossier.code == "000.01.70.H51-260302-0001"
    assert dossier.submitted_at == at("2026-03-02 06:15")
    assert dossier.received_at is None and dossier.due_at is None


def test_only_the_owner_submits(world):
    """Only the applicant submits their online dossier."""
    draft = world.draft()
    for who in ("citizen2", "officer", "leader"):
        with pytest.raises(PermissionDenied):
            world.act(draft, "submit", who, "2026-03-02 09:00")


def test_the_counter_receive_action_is_not_for_new_online_dossiers(world):
    """ND 61/2018 art. 17.2: online dossiers are submitted, then checked by the desk."""
    dossier = prepare(world.intake(channel=Channel.ONLINE), at=at("2026-03-02 09:00"))
    with pytest.raises(ValidationError):
        perform(dossier, "receive", user=world.users["officer"], at=at("2026-03-02 09:00"))


def test_the_desk_accepts_an_online_dossier(world):
    """ND 61/2018 art. 17.2.b: a complete online dossier is received; the receipt (form 01)
    gives the appointment, counted from the acceptance."""
    dossier = world.submitted("2026-03-01 21:00")
    dossier = world.act(dossier, "accept", "officer", "2026-03-02 14:00")
    assert dossier.status == Status.RECEIVED
    assert dossier.received_at == at("2026-03-02 14:00")
    assert dossier.due_at == at("2026-03-05 17:00")
    assert dossier.code.endswith("-260301-0001")
    event = dossier.events.last()
    assert (event.action, event.form, event.role) == ("accept", "receipt", Role.OFFICER)
    assert Notice.objects.get(dossier=dossier).kind == "received"


def test_the_desk_asks_to_complete_an_online_dossier_listing_everything(world):
    """ND 61/2018 art. 17.2.a and Circular 01/2018 form 02: what is missing is listed all
    at once; the applicant completes and submits again."""
    dossier = world.submitted()
    with pytest.raises(ValidationError) as raised:
        world.act(dossier, "request_completion", "officer", "2026-03-02 09:00", reason="Thiếu")
    assert "missing" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        world.act(dossier, "request_completion", "officer", "2026-03-02 09:00", missing=["x"])
    assert "reason" in raised.value.message_dict

    dossier = world.act(
        dossier,
        "request_completion",
        "officer",
        "2026-03-02 09:00",
        reason="Hồ sơ chưa đầy đủ",
        missing=["Giấy chứng sinh (bản chính)", " ", "Tờ khai có chữ ký"],
    )
    assert dossier.status == Status.INCOMPLETE
    assert dossier.national_status == 5
    event = dossier.events.last()
    assert event.form == "supplement"
    assert event.data["missing"] == ["Giấy chứng sinh (bản chính)", "Tờ khai có chữ ký"]
    assert Notice.objects.filter(dossier=dossier, kind="incomplete").count() == 1

    dossier = world.act(dossier, "submit", "citizen", "2026-03-03 20:00")
    assert dossier.status == Status.SUBMITTED
    dossier = world.act(dossier, "accept", "officer", "2026-03-04 08:00")
    assert dossier.status == Status.RECEIVED
    assert dossier.due_at == at("2026-03-09 11:30")


def test_the_desk_refuses_an_online_dossier_with_reasons(world):
    """ND 61/2018 art. 17.1.b and form 03: a refusal states its reasons."""
    dossier = world.submitted()
    with pytest.raises(ValidationError):
        world.act(dossier, "refuse", "officer", "2026-03-02 09:00")
    dossier = world.act(
        dossier, "refuse", "officer", "2026-03-02 09:00", reason="Không thuộc thẩm quyền"
    )
    assert dossier.status == Status.REFUSED
    assert dossier.national_status == 3
    assert dossier.closed_at == at("2026-03-02 09:00")
    assert dossier.due_at is None
    event = dossier.events.last()
    assert (event.form, event.reason) == ("refusal", "Không thuộc thẩm quyền")
    assert Notice.objects.filter(dossier=dossier, kind="refused").exists()


def test_a_counter_dossier_can_be_completed_then_received(world):
    """ND 61/2018 art. 17.1.a: an incomplete counter dossier gets form 02, then is received
    when the applicant comes back; the appointment counts from the reception."""
    dossier = prepare(world.intake(documents=[]), at=at("2026-03-02 09:00"))
    dossier = perform(
        dossier,
        "request_completion",
        user=world.users["officer"],
        at=at("2026-03-02 09:00"),
        reason="Thiếu giấy chứng sinh",
        missing=["Giấy chứng sinh"],
    )
    assert dossier.status == Status.INCOMPLETE
    dossier = world.act(
        dossier,
        "receive",
        "officer",
        "2026-03-03 14:00",
        documents=[
            DocumentLine(required=world.documents[0].pk, originals=1),
            DocumentLine(required=world.documents[1].pk, originals=1),
        ],
    )
    assert dossier.status == Status.RECEIVED
    assert dossier.received_at == at("2026-03-03 14:00")
    assert dossier.due_at == at("2026-03-06 17:00")
    assert dossier.documents.filter(position__gt=0).count() == 2
