"""`motcua due` and `motcua holidays`: stable output for scripts, clear errors."""

import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.agencies.models import Agency
from motcua.worktime.models import WorkSchedule

pytestmark = pytest.mark.django_db


def run(*args) -> list[str]:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


def test_due_prints_iso_due_on_the_last_line():
    """Thông báo 6150/TB-BLĐTBXH: make-up Sat 26/4/2025, off 30/4 to 2/5/2025."""
    lines = run("due", "--start", "2025-04-25T16:20", "--duration", "3", "--unit", "working_days")
    assert lines[-1] == "2025-04-29T17:00:00+07:00"
    assert len(lines) == 2


def test_due_with_hours_and_offset_input():
    lines = run("due", "--start", "2025-03-03T03:30:00Z", "--duration", "4", "--unit", "hours")
    assert lines[-1] == "2025-03-03T16:30:00+07:00"  # 10:30 local + 4 h


def test_due_for_an_agency_schedule():
    schedule = WorkSchedule.objects.create(
        name="8-12, 13-17",
        morning_start="08:00",
        morning_end="12:00",
        afternoon_start="13:00",
        afternoon_end="17:00",
    )
    Agency.objects.create(code="000.00.15.H51", name="UBND", level="commune", schedule=schedule)
    lines = run(
        "due",
        "--start",
        "2025-03-03T09:00",
        "--duration",
        "0",
        "--unit",
        "working_days",
        "--agency",
        "000.00.15.H51",
    )
    assert lines[-1] == "2025-03-03T12:00:00+07:00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "25/04/2025", "--duration", "1", "--unit", "working_days"], "ISO 8601"),
        (["--start", "2025-04-25T09:00", "--duration", "1.2", "--unit", "working_days"], "0,5"),
        (["--start", "2025-04-25T09:00", "--duration", "-1", "--unit", "days"], "âm"),
        (["--start", "2025-04-25T09:00", "--duration", "x", "--unit", "days"], "số"),
        (["--start", "1990-01-01T09:00", "--duration", "1", "--unit", "days"], "phạm vi"),
        (["--start", "2025-04-25T09:00", "--duration", "1", "--unit", "weeks"], "weeks"),
        (
            [
                "--start",
                "2025-04-25T09:00",
                "--duration",
                "1",
                "--unit",
                "days",
                "--agency",
                "999.99.99.X00",
            ],
            "999.99.99.X00",
        ),
    ],
)
def test_due_bad_input_is_a_command_error(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("due", *args, stdout=StringIO())


def test_holidays_lists_tab_separated_lines():
    lines = run("holidays", "--year", "2026")
    rows = [line.split("\t") for line in lines]
    assert all(len(r) == 3 for r in rows)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert ["2026-08-22", "workday", "Làm bù cho thứ Hai 31/8/2026"] in rows
    assert ["2026-09-02", "off", "Quốc khánh"] in rows
    assert ["2026-01-01", "off", "Tết Dương lịch"] in rows


def test_holidays_out_of_range_year():
    with pytest.raises(CommandError):
        call_command("holidays", "--year", "1800", stdout=StringIO())


def test_cli_exit_status_is_non_zero_on_error():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "motcua.cli",
            "due",
            "--start",
            "nope",
            "--duration",
            "1",
            "--unit",
            "days",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "ISO 8601" in done.stderr
