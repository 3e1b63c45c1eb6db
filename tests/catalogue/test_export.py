import datetime
import json

import jsonschema
import pytest
from django.core.management import call_command

from motcua.catalogue.models import Decision, Field, Procedure, ProcedureVersion
from motcua.catalogue.serializers import SCHEMA_FILE
from motcua.catalogue.services.exporter import VERSION_KEYS, export_json, export_records
from motcua.catalogue.services.importer import import_records
from motcua.catalogue.services.processes import assign_procedure

pytestmark = pytest.mark.django_db
D = datetime.date


def _wipe_catalogue():
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    Decision.objects.all().delete()
    Field.objects.all().delete()


def _history(records):
    """Three versions of 1.000419 and an abolition of 1.000894, on top of the sample."""
    import_records(records, effective=D(2024, 1, 1))
    amended = next(r for r in records if r["code"] == "1.000419")
    amended["processing"][0].update(amount=3, duration_text="3 WORKING_DAY")
    import_records(
        [
            {
                **amended,
                "valid_from": "2025-07-01",
                "decision": "7/QĐ-BTP",
                "decision_date": "2025-06-15",
            }
        ]
    )
    amended["documents"].pop()
    import_records([{**amended, "valid_from": "2026-02-01", "change_kind": "replaced"}])
    import_records([{"code": "1.000894", "change_kind": "abolished", "valid_from": "2025-09-01"}])


def test_export_reproduces_the_source_records(records):
    import_records(records)
    exported = export_records()
    assert [r["code"] for r in exported] == sorted(r["code"] for r in records)
    by_code = {r["code"]: r for r in records}
    for record in exported:
        content = {k: v for k, v in record.items() if k not in VERSION_KEYS and k != "steps"}
        assert content == by_code[record["code"]]
        assert (record["version"], record["change_kind"], record["valid_to"]) == (1, "new", None)


def test_export_validates_against_the_json_schema(records):
    _history(records)
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    exported = json.loads(export_json(all_versions=True))
    jsonschema.Draft202012Validator(schema).validate(exported)
    assert len(exported) == len(records) + 3
    broken = [{**exported[0], "levels": ["Cấp Thôn"]}]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_all_versions_round_trip_into_an_empty_catalogue(records):
    _history(records)
    before = export_records(all_versions=True)
    assert import_records(before).unchanged == [r["code"] for r in before]  # same database
    _wipe_catalogue()
    report = import_records(before)
    assert report.ok and report.abolished == ["1.000894"]
    assert export_records(all_versions=True) == before


def test_current_export_lists_versions_in_force(records):
    _history(records)
    on_2025 = {r["code"]: r for r in export_records(on=D(2025, 8, 1))}
    assert on_2025["1.000419"]["version"] == 2 and on_2025["1.000419"]["valid_to"] == "2026-01-31"
    assert on_2025["1.000419"]["decision_date"] == "2025-06-15"
    assert "1.000894" in on_2025
    assert "1.000894" not in {r["code"] for r in export_records(on=D(2025, 9, 1))}


def test_export_for_one_agency(records, agencies):
    import_records(records)
    assign_procedure(agencies["A"], Procedure.objects.get(code="1.001193"))
    assert [r["code"] for r in export_records(agency="000.00.70.H51")] == ["1.001193"]
    assert export_records(agency=agencies["B"]) == []


def test_export_and_import_commands(records, tmp_path, capsys):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    call_command("catalogue_import", str(source))
    assert "8" in capsys.readouterr().out
    target = tmp_path / "out.json"
    call_command("catalogue_export", "--all-versions", "-o", str(target))
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert len(exported) == 8
    _wipe_catalogue()
    call_command("catalogue_import", str(target))
    assert export_records(all_versions=True) == exported
