"""Catalogue data for the public pages, loaded through the importer like production data."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from motcua.agencies.models import Level
from motcua.agencies.services import create_agency
from motcua.catalogue.models import AgencyProcedure, Procedure
from motcua.catalogue.services.importer import import_records

DATA = Path(__file__).parent / "data" / "procedures.json"


def load_records() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))


@pytest.fixture
def catalogue(db):
    """The seven test records, in force since a year ago."""
    report = import_records(
        load_records(),
        effective=timezone.localdate() - timedelta(days=365),
        source="tests/web/data/procedures.json",
    )
    assert report.ok, [str(issue) for issue in report.errors]
    assert len(report.created) == 7
    return report


@pytest.fixture
def agencies(catalogue):
    """A province, its justice department and one commune, with procedures assigned."""
    today = timezone.localdate()
    province = create_agency(
        code="000.00.00.H51", name="UBND tỉnh Thử Nghiệm", level=Level.PROVINCE
    )
    department = create_agency(
        code="000.00.15.H51",
        name="Sở Tư pháp",
        level=Level.DEPARTMENT,
        parent=province,
    )
    commune = create_agency(
        code="000.01.15.H51",
        name="UBND xã Hòa Bình",
        level=Level.COMMUNE,
        parent=department,
        desk_name="Bộ phận Một cửa xã Hòa Bình",
        desk_address="Số 1 đường Trung tâm, xã Hòa Bình",
    )
    closed = create_agency(
        code="000.02.15.H51",
        name="UBND xã Đã Giải Thể",
        level=Level.COMMUNE,
        parent=department,
        valid_to=today - timedelta(days=30),
    )
    by_code = {p.code: p for p in Procedure.objects.all()}
    for code in ("1.001193", "1.004884", "1.000894", "1.001612"):
        AgencyProcedure.objects.create(agency=commune, procedure=by_code[code])
    # An assignment that ended last month is no longer published.
    AgencyProcedure.objects.create(
        agency=commune,
        procedure=by_code["2.000815"],
        valid_from=today - timedelta(days=300),
        valid_to=today - timedelta(days=31),
    )
    AgencyProcedure.objects.create(agency=department, procedure=by_code["1.001146"])
    return {"province": province, "department": department, "commune": commune, "closed": closed}
