import pytest
from django.core.exceptions import ValidationError

from motcua.agencies.codes import (
    code_depth,
    code_levels,
    is_within,
    level1_code,
    parent_code,
    validate_agency_code,
)


@pytest.mark.parametrize(
    "code", ["000.00.15.H51", "000.02.15.H51", "001.02.15.H51", "000.00.00.A01"]
)
def test_qcvn_form_accepted(code):
    """QCVN 102:2016 form V1V2V3.Z1Z2.Y1Y2.MX1X2, level-1 code on the right."""
    assert validate_agency_code(code) == code


def test_level1_leftmost_form_accepted():
    """QĐ 20/2020/QĐ-TTg art. 4 §2-§3: level-1 code leftmost, groups develop left to right."""
    assert code_levels("H51.15.02") == ("H51", "15", "02")


@pytest.mark.parametrize("code", ["000.00.15.Z51", "000.00.15.h51", "000.00.15.H5", "G1.2"])
def test_level1_code_must_be_letter_a_to_y_and_two_digits(code):
    """QĐ 20/2020/QĐ-TTg art. 4 §2: Mã cấp 1 is MX1X2, M from A to Y, X1 X2 digits."""
    with pytest.raises(ValidationError):
        validate_agency_code(code)


@pytest.mark.parametrize(
    "code", ["000.00.15.H51 x", "000-00-15-H51", "000.00.15.Hà1", "H51..2", "H51."]
)
def test_characters_and_separators(code):
    """QĐ 20/2020/QĐ-TTg art. 4 §1: only ".", 0-9 and A-Z; groups separated by dots."""
    with pytest.raises(ValidationError):
        validate_agency_code(code)


def test_maximum_length_35():
    """QĐ 20/2020/QĐ-TTg art. 4 §1: at most 35 characters."""
    ok = "H51" + ".1" * 16  # 35 characters
    assert len(ok) == 35 and validate_agency_code(ok) == ok
    with pytest.raises(ValidationError, match="35"):
        validate_agency_code(ok + "2")


@pytest.mark.parametrize("code", ["000.05.00.H51", "001.00.15.H51", "001.02.00.H51"])
def test_no_gap_between_levels(code):
    """QĐ 20/2020/QĐ-TTg art. 4 §3: a unit belongs to the unit of the level before, so a
    zero (absent) level cannot sit between the level-1 code and a non-zero level."""
    with pytest.raises(ValidationError) as error:
        validate_agency_code(code)
    assert "4" in error.value.messages[0]


def test_empty_code_has_clear_message():
    with pytest.raises(ValidationError):
        validate_agency_code("  ")


def test_level_helpers():
    """QCVN 102:2016: Y1Y2 is level 2, Z1Z2 level 3, V1V2V3 level 4; zeros mean absent."""
    assert code_levels("000.00.00.H51") == ("H51",)
    assert code_levels("003.02.15.H51") == ("H51", "15", "02", "003")
    assert code_depth("000.02.15.H51") == 3
    assert level1_code("000.02.15.H51") == "H51"
    assert parent_code("003.02.15.H51") == "000.02.15.H51"
    assert parent_code("000.02.15.H51") == "000.00.15.H51"
    assert parent_code("000.00.15.H51") == "000.00.00.H51"
    assert parent_code("000.00.00.H51") is None
    assert parent_code("H51.15.02") == "H51.15"
    assert is_within("000.02.15.H51", "000.00.15.H51")
    assert not is_within("000.02.16.H51", "000.00.15.H51")


def test_model_field_uses_validator(db):
    from motcua.agencies.models import Agency

    agency = Agency(code="000.05.00.H51", name="X", level="province")
    with pytest.raises(ValidationError) as error:
        agency.full_clean()
    assert "code" in error.value.message_dict
