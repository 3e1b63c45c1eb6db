import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from motcua.catalogue.models import AgencyProcedure, Procedure, Process
from motcua.catalogue.services.importer import import_records
from motcua.catalogue.services.processes import (
    StepSpec,
    assign_procedure,
    create_process,
    process_in_force,
    unassign_procedure,
    validate_steps,
)
from motcua.worktime.units import DurationUnit

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def setup(record, agencies):
    import_records([record("1.000419")])
    return Procedure.objects.get(code="1.000419"), agencies


def steps(agency, *budgets):
    """(position, budget) pairs; equal positions run in parallel."""
    return [
        StepSpec(position=p, name=f"Bước {i}", agency=agency, role="specialist", budget=b)
        for i, (p, b) in enumerate(budgets, start=1)
    ]


def test_budgets_must_add_up_to_the_total(agencies):
    a = agencies["A"]
    validate_steps(5, steps(a, (1, 0.5), (2, 3), (3, 1), (4, "0.5")))
    validate_steps(Decimal("4"), steps(a, (1, 1), (2, 2), (2, 1.5), (3, 1)))  # stage 2 = 2
    with pytest.raises(ValidationError) as error:
        validate_steps(4, steps(a, (1, 1), (2, 2), (3, 0.5)))
    assert "3,5" in error.value.messages[0] and "4" in error.value.messages[0]
    parallel = steps(a, (1, 1), (2, 1), (2, 2))  # the stage lasts as its longest step: 1 + 2
    validate_steps(3, parallel)
    with pytest.raises(ValidationError) as error:
        validate_steps(4, parallel)
    assert "3" in error.value.messages[0] and "4" in error.value.messages[0]


@pytest.mark.parametrize(
    "specs",
    [
        [(1, "0.3"), (2, "2.7")],  # not a whole session
        [(1, 0), (2, 3)],  # zero
        [(1, -1), (2, 4)],  # negative
        [(1, "abc"), (2, 3)],  # not a number
        [(0, 1), (1, 2)],  # order starts at 1
    ],
)
def test_bad_budgets_are_refused(agencies, specs):
    with pytest.raises(ValidationError) as error:
        validate_steps(3, steps(agencies["A"], *specs))
    assert error.value.messages


def test_hours_may_use_quarter_hours_and_unknown_role_is_refused(agencies):
    validate_steps(2, steps(agencies["A"], (1, 0.25), (2, 1.75)), unit=DurationUnit.HOURS)
    bad = [StepSpec(1, "Thẩm định", agencies["A"], "janitor", 1)]
    with pytest.raises(ValidationError):
        validate_steps(1, bad)
    with pytest.raises(ValidationError):
        validate_steps(1, [])


def test_a_new_process_is_a_new_version(setup):
    procedure, agencies = setup
    a = agencies["A"]
    first = create_process(
        a,
        procedure,
        total=5,
        unit=DurationUnit.WORKING_DAYS,
        steps=steps(a, (1, 0.5), (2, 4), (3, 0.5)),
        valid_from=D(2025, 1, 1),
    )
    second = create_process(
        a,
        procedure,
        total=3,
        unit=DurationUnit.WORKING_DAYS,
        steps=steps(a, (1, 0.5), (2, 2), (2, 1), (3, 0.5)),
        valid_from=D(2025, 7, 1),
        interlinked=True,
    )
    first.refresh_from_db()
    assert (first.number, first.valid_to) == (1, D(2025, 6, 30))
    assert (second.number, second.valid_to, second.interlinked) == (2, None, True)
    assert [s.budget for s in second.steps.all()] == [Decimal("0.5"), 2, 1, Decimal("0.5")]
    assert process_in_force(a, procedure, D(2025, 6, 30)) == first
    assert process_in_force(a, procedure, D(2025, 7, 1)) == second


def test_invalid_process_changes_nothing(setup):
    procedure, agencies = setup
    a = agencies["A"]
    create_process(
        a, procedure, total=5, unit="working_days", steps=steps(a, (1, 5)), valid_from=D(2025, 7, 1)
    )
    with pytest.raises(ValidationError):  # before the current version
        create_process(
            a,
            procedure,
            total=5,
            unit="working_days",
            steps=steps(a, (1, 5)),
            valid_from=D(2025, 1, 1),
        )
    with pytest.raises(ValidationError):  # budgets do not add up
        create_process(
            a,
            procedure,
            total=5,
            unit="working_days",
            steps=steps(a, (1, 4)),
            valid_from=D(2026, 1, 1),
        )
    assert Process.objects.get().valid_to is None


def test_assignments_keep_history(setup):
    procedure, agencies = setup
    a = agencies["A"]
    first = assign_procedure(a, procedure, valid_from=D(2024, 1, 1))
    assert assign_procedure(a, procedure) == first  # idempotent while open
    unassign_procedure(a, procedure, valid_to=D(2024, 12, 31))
    with pytest.raises(ValidationError):
        assign_procedure(a, procedure, valid_from=D(2024, 6, 1))  # overlaps the closed one
    assign_procedure(a, procedure, valid_from=D(2025, 7, 1))
    spans = list(
        AgencyProcedure.objects.order_by("valid_from").values_list("valid_from", "valid_to")
    )
    assert spans == [(D(2024, 1, 1), D(2024, 12, 31)), (D(2025, 7, 1), None)]
