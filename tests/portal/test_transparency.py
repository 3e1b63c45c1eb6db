"""The public transparency pages /cong-khai/ and their API: an agency's volumes and on-time
rates for a year, the resolution report's numbers (domain.md §5), aggregates only (no
dossier, applicant or code: domain.md §7 lists the lookup endpoints that leaked names)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from motcua.portal import transparency
from motcua.portal.api import TransparencyThrottle
from motcua.reports import charts
from motcua.reports.resolution import resolution
from tests.reports.conftest import build_scenario

pytestmark = pytest.mark.django_db

PROVINCE = "000.00.00.H51"
API = "/api/v1/public/agencies/{code}/figures"


@pytest.fixture
def scenario(world):
    return build_scenario(world)


def year_report(agency, year: int = 2026):
    today = timezone.localdate()
    last = max(datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today))
    return resolution(agency, datetime.date(year, 1, 1), last, "agency")


def personal_data(scenario) -> list[str]:
    values = []
    for dossier in scenario.dossiers.values():
        values += [dossier.code, dossier.secret, dossier.applicant_name]
        values += [dossier.applicant_id_number, dossier.applicant_phone, dossier.applicant_email]
        values.append(dossier.applicant_address)
    for user in scenario.world.users.values():
        values.append(f"{user.first_name} {user.last_name}".strip() or user.username)
    return [v for v in values if v]


def test_list_links_every_public_agency_and_searches_without_accents(client, world):
    html = client.get("/cong-khai/").content.decode()
    for agency in (world.province, world.department, world.commune, world.other):
        assert f'href="/cong-khai/{agency.code}/"' in html
        assert agency.name in html
    assert world.commune_desk.code not in html  # internal divisions have no page
    found = client.get("/cong-khai/", {"q": "xa a"}).content.decode()
    assert "UBND xã A" in found and "UBND xã B" not in found and "Sở Tư pháp" not in found
    none = client.get("/cong-khai/", {"q": "không có"}).content.decode()
    assert "Không có cơ quan nào khớp với tên này." in none
    assert "Transparency" in client.get("/en/cong-khai/").content.decode()


def test_page_shows_the_reports_numbers_and_no_personal_data(client, scenario):
    world = scenario.world
    response = client.get(f"/cong-khai/{PROVINCE}/", {"year": "2026"})
    assert response.status_code == 200
    html = response.content.decode()
    total = year_report(world.province).total
    assert total["received_total"] > 0 and total["resolved_total"] > 0
    stats = re.findall(r'<span class="stat__value">([^<]*)</span>', html)
    assert stats == [
        str(total["received_total"]),
        str(total["resolved_total"]),
        charts.fmt(total["on_time_rate"], "%").replace(".", ","),
        str(total["in_progress_total"]),
        charts.fmt(charts.online_share(total), "%").replace(".", ","),
    ]
    # Per child unit, each linked to its own page; and the charts with their data tables.
    assert f'href="/cong-khai/{world.commune.code}/?year=2026"' in html
    assert html.count('role="img"') == 3
    assert "Tỷ lệ giải quyết đúng hạn theo tháng, năm 2026" in html
    for value in personal_data(scenario):
        assert value not in html, value


def test_page_defaults_to_this_year_and_a_commune_has_no_unit_table(client, scenario):
    world = scenario.world
    html = client.get(f"/cong-khai/{world.commune.code}/").content.decode()
    assert f'value="{timezone.localdate().year}"' in html
    assert "Theo đơn vị" not in html
    past = client.get(f"/cong-khai/{world.commune.code}/", {"year": "2025"}).content.decode()
    assert past.count('<th scope="row">') >= 12  # every month of a past year, zeros
    assert "Không có số liệu để vẽ biểu đồ trong kỳ này." in past


def test_unknown_agency_and_division_are_404(client, world):
    assert client.get("/cong-khai/000.99.99.H99/").status_code == 404
    assert client.get(f"/cong-khai/{world.commune_desk.code}/").status_code == 404
    assert client.get("/cong-khai/%00/").status_code == 404
    api = APIClient()
    missing = api.get(API.format(code="000.99.99.H99"))
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize("year", ["abc", "20x6", "1999", "2999", "²⁰²⁵", "2026-01"])
def test_bad_year_is_a_clear_message(client, world, year):
    response = client.get(f"/cong-khai/{PROVINCE}/", {"year": year})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "năm" in html.lower()
    api = APIClient().get(API.format(code=PROVINCE), {"year": year})
    assert api.status_code == 400
    assert "year" in api.json()["errors"]


def test_english(client, scenario):
    html = client.get(f"/en/cong-khai/{PROVINCE}/", {"year": "2026"}).content.decode()
    assert "Dossiers received" in html
    assert "On-time rate per month, 2026" in html
    bad = client.get(f"/en/cong-khai/{PROVINCE}/", {"year": "abc"}).content.decode()
    assert "Give the year as four digits" in bad
    api = APIClient().get(API.format(code=PROVINCE), {"year": "abc"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "four digits" in api.json()["errors"]["year"][0]


def test_api_gives_the_same_numbers_as_the_page_anonymously(scenario):
    world = scenario.world
    response = APIClient().get(API.format(code=PROVINCE), {"year": "2026"})
    assert response.status_code == 200
    data = response.json()
    report = year_report(world.province)
    assert data["agency"] == {"code": PROVINCE, "name": "UBND tỉnh", "level": "province"}
    assert data["year"] == 2026 and data["first"] == "2026-01-01"
    assert data["total"] == transparency.figures(report.total)
    assert [(u["code"], u["received_total"]) for u in data["units"]] == [
        (row["key"], row["received_total"]) for row in report.rows
    ]
    today = timezone.localdate()
    months = charts.monthly(world.province, 2026, today)
    assert [m["month"] for m in data["months"]] == [m.month for m in months]
    march = next(m for m in data["months"] if m["month"] == 3)
    assert march["on_time_rate"] == months[2].total["on_time_rate"]
    assert march["received_online"] == months[2].total["received_online"]
    text = response.content.decode()
    for value in personal_data(scenario):
        assert value not in text, value
    slash = APIClient().get(API.format(code=PROVINCE) + "/", {"year": "2026"})
    assert slash.json() == data


def test_figures_keep_only_aggregates():
    row = {key: 1 for key in transparency.FIGURES}
    row.update(received_total=4, received_online=1, on_time_rate=50.0, carried_over=9)
    shown = transparency.figures(row)
    assert set(shown) == {*transparency.FIGURES, "online_share"}
    assert shown["online_share"] == 25.0


def test_parse_year():
    today = datetime.date(2026, 3, 20)
    assert transparency.parse_year("", today) == 2026
    assert transparency.parse_year(" 2000 ", today) == 2000
    for bad in ("2027", "1999", "26", "x"):
        with pytest.raises(ValidationError):
            transparency.parse_year(bad, today)


def test_too_many_requests_are_slowed_down(client, world, monkeypatch):
    monkeypatch.setattr(TransparencyThrottle, "rate", "2/minute")
    page = f"/cong-khai/{world.commune.code}/"
    assert client.get(page).status_code == 200
    assert APIClient().get(API.format(code=world.commune.code)).status_code == 200
    limited = client.get(page)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1
    assert "Quá nhiều yêu cầu" in limited.content.decode()
    assert APIClient().get(API.format(code=world.commune.code)).status_code == 429
