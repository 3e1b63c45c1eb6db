"""Fixtures: real records from the national catalogue and a small agency tree."""

import copy
import json
from pathlib import Path

import pytest
from django.utils import translation

from motcua.agencies.models import Level
from motcua.agencies.services import create_agency

DATA = Path(__file__).parent / "data" / "procedures_sample.json"


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture(scope="session")
def _sample() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))


@pytest.fixture
def records(_sample) -> list[dict]:
    """Fresh deep copies, so a test may edit them."""
    return copy.deepcopy(_sample)


@pytest.fixture
def record(records):
    """Look a sample record up by code."""
    by_code = {r["code"]: r for r in records}
    return lambda code: by_code[code]


@pytest.fixture
def agencies(db):
    province = create_agency(code="000.00.00.H51", name="UBND tỉnh", level=Level.PROVINCE)
    commune = create_agency(
        code="000.00.70.H51", name="UBND xã A", level=Level.COMMUNE, parent=province
    )
    other = create_agency(
        code="000.00.71.H51", name="UBND xã B", level=Level.COMMUNE, parent=province
    )
    return {"P": province, "A": commune, "B": other}
