"""One definition of "in force": valid_from..valid_to, both inclusive, null = open end."""

from datetime import date

import pytest

from motcua.agencies.models import Agency, Level
from motcua.core.validity import not_closed_before_q, valid_during_q, valid_on_q

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    def unit(code, start, end):
        return Agency.objects.create(
            code=code, name=code, level=Level.COMMUNE, valid_from=start, valid_to=end
        )

    return {
        "open": unit("000.00.01.H51", None, None),
        "from_july": unit("000.00.02.H51", date(2025, 7, 1), None),
        "until_june": unit("000.00.03.H51", None, date(2025, 6, 30)),
        "march": unit("000.00.04.H51", date(2025, 3, 1), date(2025, 3, 31)),
    }


def names(q, rows):
    pks = set(Agency.objects.filter(q).values_list("pk", flat=True))
    return {name for name, row in rows.items() if row.pk in pks}


def test_valid_on_includes_both_ends(rows):
    assert names(valid_on_q(date(2025, 6, 30)), rows) == {"open", "until_june"}
    assert names(valid_on_q(date(2025, 7, 1)), rows) == {"open", "from_july"}
    assert names(valid_on_q(date(2025, 3, 1)), rows) == {"open", "until_june", "march"}
    assert names(valid_on_q(date(2025, 3, 31)), rows) == {"open", "until_june", "march"}
    assert names(valid_on_q(date(2025, 4, 1)), rows) == {"open", "until_june"}


def test_valid_during_is_an_overlap(rows):
    q = valid_during_q(date(2025, 3, 31), date(2025, 7, 1))
    assert names(q, rows) == {"open", "from_july", "until_june", "march"}
    assert names(valid_during_q(date(2025, 4, 1), date(2025, 6, 30)), rows) == {
        "open",
        "until_june",
    }


def test_not_closed_before_ignores_the_start(rows):
    assert names(not_closed_before_q(date(2025, 6, 30)), rows) == {
        "open",
        "from_july",
        "until_june",
    }
    assert names(not_closed_before_q(date(2025, 7, 1)), rows) == {"open", "from_july"}
