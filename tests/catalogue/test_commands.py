import json

import pytest
from django.core.management import CommandError, call_command

from motcua.catalogue.models import Procedure

pytestmark = pytest.mark.django_db


def test_import_with_errors_exits_non_zero_and_keeps_good_records(records, tmp_path, capsys):
    bad = {**records[0], "name": ""}
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([bad, records[1]], ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("catalogue_import", str(path))
    assert records[0]["code"] in capsys.readouterr().err
    assert list(Procedure.objects.values_list("code", flat=True)) == [records[1]["code"]]


@pytest.mark.parametrize(
    "name, content",
    [("broken.json", "[{"), ("object.json", "{}"), ("list.csv", "code\n"), ("bad.xlsx", "x")],
)
def test_unreadable_files_fail_cleanly(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("catalogue_import", str(path))
    assert not Procedure.objects.exists()


def test_missing_file_and_bad_date(tmp_path):
    with pytest.raises(CommandError):
        call_command("catalogue_import", str(tmp_path / "none.json"))
    path = tmp_path / "ok.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("catalogue_import", str(path), "--effective", "2025-13-01")


def test_export_unknown_agency_fails():
    with pytest.raises(CommandError):
        call_command("catalogue_export", "--agency", "nope")
