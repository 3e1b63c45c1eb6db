"""The import's per-run memo and batched writes (history.services.Lookups, save_all) write
exactly the rows the line-by-line path writes, and never remember across runs."""

from __future__ import annotations

import datetime
from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from motcua.agencies.models import Role
from motcua.catalogue.models import AgencyProcedure, Channel, ProcedureVersion
from motcua.catalogue.services.processes import StepSpec, create_process
from motcua.dossiers.models import Apology, ClockPause, Dossier, DossierCounter, Event
from motcua.history import services
from motcua.history.services import import_file, import_lines
from motcua.reports import counters
from motcua.reports.models import DailyCount
from motcua.worktime.models import WorkSchedule
from motcua.worktime.units import DurationUnit
from tests.dossiers.conftest import at, untimed_procedure
from tests.history.test_import import record, write

# Fields that differ between two runs by construction: keys, random values, "now".
VOLATILE = {"id", "uid", "secret", "recorded_at", "dossier_id"}


def change_version_and_process(world) -> ProcedureVersion:
    """Version 2 of the procedure (5 working days) from Wednesday 4/3/2026; commune B's
    internal process changes on Thursday 5/3/2026. Commune B also works on Saturdays, from
    8:00: another calendar."""
    world.other.schedule = WorkSchedule.objects.create(
        name="Xã B", morning_start="08:00", weekdays="1,2,3,4,5,6"
    )
    world.other.save(update_fields=["schedule"])
    world.version.valid_to = datetime.date(2026, 3, 3)
    world.version.save()
    new = ProcedureVersion.objects.create(
        procedure=world.procedure,
        number=2,
        name="Thủ tục đăng ký khai sinh (sửa đổi)",
        field=world.version.field,
        at_commune=True,
        valid_from=datetime.date(2026, 3, 4),
    )
    new.processing_times.create(channel=Channel.COUNTER, amount=5, unit="working_days")
    create_process(
        world.other,
        world.procedure,
        total=4,
        unit=DurationUnit.WORKING_DAYS,
        valid_from=datetime.date(2026, 3, 5),
        steps=[
            StepSpec(1, "Tiếp nhận", world.other_desk, Role.OFFICER, Decimal("0.5")),
            StepSpec(2, "Thẩm định", world.other, Role.SPECIALIST, Decimal("3")),
            StepSpec(3, "Trả kết quả", world.other_desk, Role.OFFICER, Decimal("0.5")),
        ],
    )
    return new


def timeline(kind: str, t0: datetime.datetime, world) -> dict:
    """Events after a reception at `t0`, of one of several shapes."""

    def h(hours: float) -> str:
        return (t0 + timedelta(hours=hours)).isoformat()

    if kind == "refused":
        return {
            "events": [{"at": h(0.1), "action": "refuse", "reason": "Sai thẩm quyền"}],
            "status": "refused",
        }
    if kind == "supplement":  # the time counted again from the catalogue / process
        return {
            "events": [
                {"at": h(0.5), "action": "transfer"},
                {"at": h(25), "action": "request_supplement", "reason": "Thiếu"},
                {"at": h(49), "action": "receive_supplement"},
                {"at": h(97), "action": "approve", "result": "Giấy khai sinh"},
                {"at": h(101), "action": "return"},
            ],
            "status": "returned",
            "outcome": "approved",
        }
    if kind == "fee":  # paused time given back on the agency's calendar
        return {
            "events": [
                {"at": h(0.5), "action": "transfer", "agency": world.commune_desk.code},
                {"at": h(20), "action": "request_fee", "amount_vnd": 8000},
                {"at": h(45), "action": "record_fee", "amount_vnd": 8000},
                {"at": h(150), "action": "approve"},
            ],
            "status": "result_ready",
            "outcome": "approved",
        }
    if kind == "apology":
        return {
            "events": [
                {"at": h(0.5), "action": "transfer"},
                {"at": h(1), "action": "consult", "agency": world.department.code},
                {"at": h(5), "action": "complete_step", "agency": world.department.code},
                {
                    "at": h(24),
                    "action": "propose_apology",
                    "reason": "Chờ xác minh",
                    "new_due_at": h(24 * 12),
                },
                {"at": h(25), "action": "approve_apology"},
                {"at": h(30), "action": "refuse_result", "reason": "Sai"},
            ],
            "status": "result_ready",
            "outcome": "refused",
        }
    return {  # withdrawn
        "events": [
            {"at": h(0.5), "action": "transfer"},
            {"at": h(3), "action": "withdraw", "reason": "Người nộp rút"},
        ],
        "status": "withdrawn",
    }


def varied_lines(world, procedure_b) -> list:
    """Two communes (named desk, default desk), two procedures, the three channels, five
    timelines, receptions over a week across the version change (including either side of
    midnight 3-4/3), own-form codes, and bad, repeated and conflicting lines."""
    lines: list = []
    starts = [at(f"2026-03-{d:02d} {hm}") for d in (2, 3, 4, 5, 6) for hm in ("08:15", "14:40")]
    starts += [at("2026-03-03 23:30"), at("2026-03-04 00:30")]
    kinds = ("supplement", "fee", "apology", "refused", "withdrawn")
    n = 0
    for t0 in starts:
        for agency, desk in (
            (world.commune, world.commune_desk),
            (world.other, world.other_desk),
            (world.other, None),
        ):
            for kind in kinds:
                n += 1
                channel = 1 + n % 3
                code = f"OLD-{n:04d}"
                if desk is not None and n % 4 == 0:
                    code = f"{desk.code}-{t0:%y%m%d}-{n:04d}"
                line = record(
                    world,
                    code=code,
                    agency=agency.code,
                    channel=channel,
                    received_at=t0.isoformat(),
                    due_at=(t0 + timedelta(days=3)).isoformat(),
                    **timeline(kind, t0, world),
                )
                if desk is None:
                    del line["desk"]
                else:
                    line["desk"] = desk.code
                if kind == "refused":
                    del line["due_at"]
                    line.pop("outcome", None)
                elif "outcome" not in timeline(kind, t0, world):
                    del line["outcome"]
                lines.append(line)
        # The procedure whose catalogue entry states no usable time: commune A only.
        line = record(
            world,
            code=f"UNT-{t0:%m%d%H%M}",
            procedure=procedure_b.code,
            time_amount=2,
            time_unit="working_days",
            received_at=t0.isoformat(),
            due_at=(t0 + timedelta(days=3)).isoformat(),
            **timeline("supplement", t0, world),
        )
        lines.append(line)
    lines.append(record(world, code="BAD-1", agency="000.99.99.H51"))
    lines.append(record(world, code="BAD-2", agency=world.department.code))
    lines.append("{not json")
    lines.append(lines[0])  # the same line again: skipped
    lines.append({**lines[1], "summary": "Khác"})  # the same code, other content: rejected
    lines.append(record(world, code="BAD-3", procedure=procedure_b.code))  # no time given
    return lines


def rows() -> dict[str, list]:
    """Every row the import writes, keyed on what does not change between runs."""
    codes = dict(Dossier.objects.values_list("pk", "code"))

    def dump(model) -> list:
        out = []
        for row in model.objects.values():
            if "dossier_id" in row:
                row["dossier"] = codes[row["dossier_id"]]
            out.append({k: v for k, v in row.items() if k not in VOLATILE})
        return sorted(out, key=repr)

    return {
        "dossiers": dump(Dossier),
        "events": dump(Event),
        "pauses": dump(ClockPause),
        "apologies": dump(Apology),
        "counters": dump(DossierCounter),
        "daily": dump(DailyCount),
    }


def wipe() -> None:
    for model in (Event, ClockPause, Apology, Dossier, DossierCounter, DailyCount):
        model.objects.all().delete()


def outcomes(results) -> list:
    return [(r.line, r.code, r.outcome, r.reasons) for r in results]


def test_memo_and_batches_write_the_same_rows(world, tmp_path):
    """The fast path (memo, batches of 200, and of 7 to cut the file mid-way) and the
    line-by-line path without memo give the same results and the same rows, field by field,
    across a procedure version change: each dossier keeps the version, process and time in
    force on its reception day (domain.md §2)."""
    new_version = change_version_and_process(world)
    path = write(tmp_path, varied_lines(world, untimed_procedure(world)))
    text = path.read_text(encoding="utf-8").splitlines()

    with open(path, encoding="utf-8") as lines, CaptureQueriesContext(connection) as slow:
        reference = outcomes(import_lines(lines, memo=False, batch=1))
    expected = rows()
    assert counters.check() == []
    wipe()
    queries = {}
    for batch in (services.BATCH, 7):
        with CaptureQueriesContext(connection) as queries[batch]:
            fast = outcomes(import_lines(text, batch=batch))
        assert fast == reference
        assert rows() == expected
        assert counters.check() == []
        wipe()
    # The file really is varied: the test would prove little otherwise.
    outcome = [r[2] for r in reference]
    assert outcome.count("imported") > 150
    rejected = [r[1] for r in reference if r[2] == "rejected"]
    assert rejected == ["BAD-1", "BAD-2", "", "OLD-0002", "BAD-3"]
    assert outcome.count("skipped") == 1

    def versions(when: str) -> set:
        return {
            d["procedure_version_id"]
            for d in expected["dossiers"]
            if d["created_at"] == at(when) and d["procedure_id"] == world.procedure.pk
        }

    assert versions("2026-03-03 23:30") == {world.version.pk}  # either side of midnight
    assert versions("2026-03-04 00:30") == {new_version.pk}
    assert len({d["process_id"] for d in expected["dossiers"]} - {None}) == 3
    assert expected["counters"] and expected["pauses"] and expected["apologies"]
    # About one query a dossier (its report counters) instead of some twenty.
    assert len(queries[services.BATCH]) < len(slow) / 5


def test_memo_holds_for_one_run_only(world, tmp_path):
    """A catalogue edit between two imports is seen by the second one."""
    first = record(world, code="RUN-1", agency=world.other.code, desk=world.other_desk.code)
    assert import_file(write(tmp_path, [first])).imported == 1
    AgencyProcedure.objects.filter(agency=world.other).update(valid_to=datetime.date(2026, 1, 1))
    second = {**first, "code": "RUN-2"}
    report = import_file(write(tmp_path, [second], name="second.jsonl"))
    assert report.imported == 0
    assert "1.001193" in " ".join(report.rejected[0].reasons)


def test_a_failed_batch_is_done_again_line_by_line(world, tmp_path, monkeypatch):
    """Each line is accepted or rejected on its own even when the batch's transaction
    fails: here a code imported "meanwhile" (the batch's check saw nothing)."""
    assert import_file(write(tmp_path, [record(world, code="TAKEN")])).imported == 1
    monkeypatch.setattr(services, "_known", lambda codes: {})
    lines = [record(world, code="A-1"), record(world, code="TAKEN"), record(world, code="A-2")]
    report = import_file(write(tmp_path, lines, name="meanwhile.jsonl"))
    assert report.imported == 2
    assert [(r.line, r.code) for r in report.rejected] == [(2, "TAKEN")]
    assert "TAKEN" in report.rejected[0].reasons[0]
    assert sorted(Dossier.objects.values_list("code", flat=True)) == ["A-1", "A-2", "TAKEN"]
    assert Event.objects.filter(dossier__code="TAKEN").count() == 6
    assert counters.check() == []


def test_a_line_whose_code_is_taken_meanwhile_is_rejected(world, tmp_path, monkeypatch):
    def taken(batch):
        raise IntegrityError("UNIQUE constraint failed: dossiers_dossier.code")

    monkeypatch.setattr(services, "save_all", taken)
    report = import_file(write(tmp_path, [record(world)]))
    assert report.imported == 0 and "CU.01-250301-0001" in report.rejected[0].reasons[0]
    assert not Dossier.objects.exists()
