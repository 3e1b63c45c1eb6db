import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from motcua.agencies.models import Agency, AgencyMerge, Level
from motcua.agencies.services import (
    create_agency,
    lineage_ids,
    merge_agency,
    move_agency,
    save_agency,
)
from motcua.catalogue.models import AgencyProcedure, Field, Procedure, ProcedureVersion, Process
from motcua.catalogue.services.processes import StepSpec, assign_procedure, create_process

JULY = datetime.date(2025, 7, 1)


def test_path_is_materialised(tree):
    p, d, v = tree["P"], tree["D"], tree["V"]
    assert p.path == f"/{p.pk}/"
    assert v.path == f"/{p.pk}/{d.pk}/{v.pk}/"
    assert v.depth == 2 and v.ancestor_ids() == [p.pk, d.pk, v.pk]


def test_move_rewrites_whole_subtree(tree):
    p, d, v, a = tree["P"], tree["D"], tree["V"], tree["A"]
    move_agency(d, a)
    d.refresh_from_db()
    v.refresh_from_db()
    assert d.parent == a
    assert d.path == f"/{p.pk}/{a.pk}/{d.pk}/"
    assert v.path == f"/{p.pk}/{a.pk}/{d.pk}/{v.pk}/"
    move_agency(d, None)
    v.refresh_from_db()
    assert v.path == f"/{d.pk}/{v.pk}/"


def test_move_under_own_descendant_refused(tree):
    with pytest.raises(ValidationError):
        move_agency(tree["D"], tree["V"])
    with pytest.raises(ValidationError):
        move_agency(tree["D"], tree["D"])
    tree["V"].refresh_from_db()
    assert tree["V"].parent == tree["D"]


def test_parent_change_through_save_agency(tree):
    d = Agency.objects.get(pk=tree["D"].pk)
    d.parent = tree["B"]
    save_agency(d)
    tree["V"].refresh_from_db()
    assert tree["V"].path.startswith(tree["B"].path)


def test_invalid_code_creates_nothing(db):
    with pytest.raises(ValidationError):
        create_agency(code="000.05.00.H51", name="X", level=Level.PROVINCE)
    assert not Agency.objects.exists()


def _procedure(code="1.000001"):
    procedure = Procedure.objects.create(code=code)
    field, _ = Field.objects.get_or_create(name="Hộ tịch")
    ProcedureVersion.objects.create(procedure=procedure, number=1, name="Thủ tục", field=field)
    return procedure


def test_merge_closes_source_and_moves_catalogue(tree, make_user):
    """Domain.md §2: from 1/7/2025 units are merged without losing their history."""
    a, b = tree["A"], tree["B"]
    procedure = _procedure()
    assign_procedure(a, procedure)
    steps = [
        StepSpec(1, "Tiếp nhận", a, "officer", "0.5"),
        StepSpec(2, "Thẩm định", a, "specialist", "2"),
        StepSpec(3, "Phê duyệt", a, "leader", "0.5"),
    ]
    create_process(
        a,
        procedure,
        total=3,
        unit="working_days",
        steps=steps,
        valid_from=datetime.date(2024, 1, 1),
    )
    actor = make_user("admin1")
    record = merge_agency(a, b, JULY, legal_basis="NQ 1685", actor=actor)
    a.refresh_from_db()
    assert a.valid_to == datetime.date(2025, 6, 30) and a.merged_into == b
    assert record.created_by == actor and AgencyMerge.objects.get(source=a) == record
    old = AgencyProcedure.objects.get(agency=a, procedure=procedure)
    new = AgencyProcedure.objects.get(agency=b, procedure=procedure)
    assert old.valid_to == datetime.date(2025, 6, 30)
    assert new.valid_from == JULY and new.valid_to is None
    old_process = Process.objects.get(agency=a, procedure=procedure)
    new_process = Process.objects.get(agency=b, procedure=procedure)
    assert old_process.valid_to == datetime.date(2025, 6, 30)
    assert new_process.valid_from == JULY and new_process.total == Decimal("3")
    assert [(s.agency_id, s.role, s.budget) for s in new_process.steps.all()] == [
        (b.pk, "officer", Decimal("0.5")),
        (b.pk, "specialist", Decimal("2")),
        (b.pk, "leader", Decimal("0.5")),
    ]
    assert old_process.steps.count() == 3  # history kept


def test_merge_keeps_target_process(tree):
    a, b = tree["A"], tree["B"]
    procedure = _procedure()
    for agency in (a, b):
        create_process(
            agency,
            procedure,
            total=1,
            unit="working_days",
            steps=[StepSpec(1, "Xử lý", agency, "specialist", 1)],
            valid_from=datetime.date(2025, 1, 1) if agency == a else JULY,
        )
    merge_agency(a, b, JULY)
    assert Process.objects.filter(agency=b).count() == 1


@pytest.mark.parametrize(
    "source,target,message",
    [("A", "A", "itself"), ("D", "V", "own units")],
)
def test_merge_refusals(tree, source, target, message):
    with pytest.raises(ValidationError, match=message):
        merge_agency(tree[source], tree[target], JULY)
    assert not AgencyMerge.objects.exists()


def test_merge_into_closed_unit_refused(tree):
    merge_agency(tree["A"], tree["B"], JULY)
    with pytest.raises(ValidationError, match="closed or merged"):
        merge_agency(tree["V"], tree["A"], datetime.date(2025, 8, 1))
    with pytest.raises(ValidationError, match="already been merged"):
        merge_agency(tree["A"], tree["P"], datetime.date(2025, 8, 1))


def test_merge_with_open_children_refused(tree):
    with pytest.raises(ValidationError, match="open units"):
        merge_agency(tree["D"], tree["A"], JULY)
    tree["D"].refresh_from_db()
    assert tree["D"].valid_to is None and tree["D"].merged_into is None


def test_merge_before_target_exists_refused(tree):
    with pytest.raises(ValidationError, match="established"):
        merge_agency(tree["A"], tree["B"], datetime.date(2025, 1, 1))


def test_lineage_includes_merged_units_recursively(tree):
    p, d, v, a, b = (tree[k] for k in "PDVAB")
    old = create_agency(code="000.00.60.H51", name="UBND huyện", level=Level.DISTRICT, parent=p)
    old_commune = create_agency(
        code="000.01.60.H51", name="UBND xã cũ", level=Level.COMMUNE, parent=old
    )
    merge_agency(old_commune, a, JULY)
    assert lineage_ids(a) == {a.pk, old_commune.pk}
    merge_agency(a, b, datetime.date(2025, 8, 1))
    assert lineage_ids(b) == {b.pk, a.pk, old_commune.pk}
    assert lineage_ids(d) == {d.pk, v.pk}
    merge_agency(old, b, JULY)  # its commune is already merged
    assert lineage_ids(b) == {b.pk, a.pk, old_commune.pk, old.pk}


def test_a_code_with_control_characters_is_unknown(db):
    """A NUL byte must never reach PostgreSQL (it refuses it in text): the lookup answers
    "no such agency" like any unknown code."""
    from django.core.exceptions import ValidationError

    from motcua.agencies.services import agency_by_code

    for code in ("000.00.00.H51\x00", "\x00", "abc\x1f"):
        with pytest.raises(ValidationError) as raised:
            agency_by_code(code)
        assert raised.value.code == "unknown_agency"
