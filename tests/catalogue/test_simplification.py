import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from motcua.catalogue.models import Procedure
from motcua.catalogue.services.importer import import_records
from motcua.catalogue.services.processes import assign_procedure
from motcua.catalogue.services.simplification import simplification_report

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def history(records, agencies):
    import_records(records, effective=D(2024, 1, 1))
    by_code = {r["code"]: r for r in records}

    def amend(code, valid_from, change):
        rec = by_code[code]
        change(rec)
        report = import_records([{**rec, "valid_from": valid_from}])
        assert report.amended == [code]

    def cut_time(days):
        def change(rec):
            for entry in rec["processing"]:
                if entry["channel"] == "Trực tiếp":
                    entry["amount"] = days
                    break

        return change

    amend("1.000419", "2025-03-01", cut_time(4))  # 5 -> 4 working days
    amend("1.000419", "2025-06-01", cut_time(3))  # -> 3: net cut 2 in the period
    amend("1.010040", "2025-04-01", lambda r: r["documents"].pop())  # one paper fewer
    amend("1.004946", "2025-05-01", cut_time(6))  # 12 -> 6 hours: simplified, no days
    amend("1.001193", "2025-05-01", lambda r: r.update(name=r["name"] + " "))  # OTHER unit
    amend("1.000931", "2025-05-01", cut_time(2))  # not handled by the agency
    amend("1.013133", "2026-02-01", cut_time(0.5))  # outside the period
    for code in ("1.000419", "1.010040", "1.004946", "1.001193", "1.013133"):
        assign_procedure(agencies["A"], Procedure.objects.get(code=code))
    return agencies


def test_report_counts_procedures_and_working_days(history):
    report = simplification_report(history["A"], D(2025, 1, 1), D(2025, 12, 31))
    lines = {line.code: line for line in report.lines}
    assert sorted(lines) == ["1.000419", "1.004946", "1.010040"]
    death = lines["1.000419"]
    assert (death.old_version, death.new_version) == (1, 3)
    assert (death.old_time, death.new_time, death.working_days_cut) == (5, 3, 2)
    assert lines["1.004946"].time_cut == 6 and lines["1.004946"].working_days_cut == 0
    assert lines["1.010040"].documents_cut == 1
    assert report.count == 3 and report.working_days_cut == Decimal(2)
    assert report.summary() == "3 thủ tục được đơn giản hóa, cắt giảm 2 ngày làm việc"


def test_period_bounds_and_agency(history):
    march = simplification_report(history["A"], D(2025, 3, 1), D(2025, 3, 31))
    assert [(line.code, line.working_days_cut) for line in march.lines] == [("1.000419", 1)]
    assert simplification_report(history["B"], D(2025, 1, 1), D(2025, 12, 31)).count == 0
    with pytest.raises(ValidationError):
        simplification_report(history["A"], D(2025, 12, 31), D(2025, 1, 1))


def test_command_prints_lines_and_summary(history, capsys):
    call_command(
        "simplification", "--agency", "000.00.70.H51", "--from", "2025-01-01", "--to", "2025-12-31"
    )
    out = capsys.readouterr().out
    assert "1.000419" in out and out.strip().endswith("cắt giảm 2 ngày làm việc")
