"""A small tree: province P with department D (division V) and communes A, B."""

import datetime

import pytest

from motcua.agencies.models import Level
from motcua.agencies.services import create_agency


@pytest.fixture
def tree(db):
    province = create_agency(code="000.00.00.H51", name="UBND tỉnh", level=Level.PROVINCE)
    department = create_agency(
        code="000.00.03.H51", name="Sở Tư pháp", level=Level.DEPARTMENT, parent=province
    )
    division = create_agency(
        code="000.01.03.H51", name="Phòng HCTP", level=Level.DIVISION, parent=department
    )
    commune_a = create_agency(
        code="000.00.70.H51", name="UBND xã A", level=Level.COMMUNE, parent=province
    )
    commune_b = create_agency(
        code="000.00.71.H51",
        name="UBND xã B",
        level=Level.COMMUNE,
        parent=province,
        valid_from=datetime.date(2025, 7, 1),
    )
    return {"P": province, "D": department, "V": division, "A": commune_a, "B": commune_b}


@pytest.fixture
def make_user(django_user_model):
    def make(username, **extra):
        return django_user_model.objects.create_user(
            username=username, password="pw-Test-2025", **extra
        )

    return make


@pytest.fixture(autouse=True)
def english_messages():
    """Service messages are matched on their English msgids; the UI shows Vietnamese."""
    from django.utils import translation

    with translation.override("en"):
        yield
