"""The resolution report (domain.md §5; Biểu 06 style of Circular 01/2018) computed by hand
for a small scenario and compared with the API number by number."""

from __future__ import annotations

import datetime

import pytest

from motcua.reports.resolution import COLUMNS, KEYS, resolution, resolution_dossiers

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/resolution/"
PERIOD = {"from": "2026-03-09", "to": "2026-03-13"}
ZERO = dict.fromkeys(COLUMNS, 0)


def row(key, label, rate=None, **counts):
    return {"key": key, "label": label, **ZERO, **counts, "on_time_rate": rate}


COMMUNE_A = row(
    "000.00.70.H51",
    "UBND xã A",
    100.0,
    carried_over=3,
    received_online=1,
    received_offline=5,
    received_total=6,
    resolved_early=1,
    resolved_on_time=1,
    resolved_total=2,
    in_progress_within=2,
    in_progress_overdue=3,
    in_progress_total=5,
    returned=2,
    withdrawn=1,
    refused=1,
    stopped=1,
)
COMMUNE_B = row(
    "000.00.71.H51",
    "UBND xã B",
    0.0,
    received_offline=1,
    received_total=1,
    resolved_late=1,
    resolved_total=1,
)
TOTAL = row(
    "total",
    "Tổng cộng",
    66.7,
    carried_over=3,
    received_online=1,
    received_offline=6,
    received_total=7,
    resolved_early=1,
    resolved_on_time=1,
    resolved_late=1,
    resolved_total=3,
    in_progress_within=2,
    in_progress_overdue=3,
    in_progress_total=5,
    returned=2,
    withdrawn=1,
    refused=1,
    stopped=1,
)

# The dossiers behind each number of commune A's row, by hand.
BEHIND_A = {
    "carried_over": {"carry", "old_overdue", "late_apology"},
    "received_online": {"withdrawn"},
    "received_offline": {"apology", "overdue", "interlinked", "stopped", "supplement"},
    "received_total": {"withdrawn", "apology", "overdue", "interlinked", "stopped", "supplement"},
    "resolved_early": {"carry"},
    "resolved_on_time": {"interlinked"},
    "resolved_late": set(),
    "resolved_total": {"carry", "interlinked"},
    "in_progress_within": {"apology", "supplement"},
    "in_progress_overdue": {"old_overdue", "late_apology", "overdue"},
    "in_progress_total": {"apology", "supplement", "old_overdue", "late_apology", "overdue"},
    "returned": {"carry", "finished_before"},
    "withdrawn": {"withdrawn"},
    "refused": {"refused"},
    "stopped": {"stopped"},
}


def _get(client, **params):
    return client.get(URL, {"agency": "000.00.00.H51", **PERIOD, **params})


def test_the_hand_computed_report_matches_the_api(scenario, overseer, client_for):
    """domain.md §5: carried over + newly received (online; counter and post), resolved
    early / on time / late, in progress within / overdue at the period end, returned,
    withdrawn, refused, stopped, on-time rate. ND 61/2018 art. 19: the supplement pause
    does not count against the agency (within at E); art. 19.9: the apology's new
    appointment counts from its approval (approved after E: still overdue at E). The
    interlinked dossier (consultation of the department) counts once, under commune A."""
    response = _get(client_for(overseer))
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"rows", "total"}
    for item in [*body["rows"], body["total"]]:
        assert tuple(item) == KEYS
    rows = {item["key"]: item for item in body["rows"]}
    assert [item["key"] for item in body["rows"]] == [
        "000.00.00.H51",
        "000.00.03.H51",
        "000.00.01.H51",
        "000.00.70.H51",
        "000.00.71.H51",
    ]
    assert rows["000.00.70.H51"] == COMMUNE_A
    assert rows["000.00.71.H51"] == COMMUNE_B
    assert rows["000.00.03.H51"] == row("000.00.03.H51", "Sở Tư pháp")
    assert rows["000.00.00.H51"] == row("000.00.00.H51", "UBND tỉnh")
    assert body["total"] == TOTAL


def test_the_flow_identity_holds(scenario):
    """carried over + received = resolved + in progress + withdrawn + stopped (the
    definitions of docs/reports.md; refusals at reception were never received)."""
    report = resolution(scenario.world.province, *_dates(), "agency")
    for item in [*report.rows, report.total]:
        assert item["carried_over"] + item["received_total"] == (
            item["resolved_total"] + item["in_progress_total"] + item["withdrawn"] + item["stopped"]
        )


def _dates(first="2026-03-09", last="2026-03-13"):
    return datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)


def test_every_number_links_to_exactly_the_dossiers_behind_it(scenario, overseer, client_for):
    """domain.md §5: drill down from every number to the dossier list."""
    client = client_for(overseer)
    names = {dossier.pk: name for name, dossier in scenario.dossiers.items()}
    for column, expected in BEHIND_A.items():
        response = client.get(
            URL + "dossiers/",
            {"agency": "000.00.00.H51", **PERIOD, "key": "000.00.70.H51", "column": column},
        )
        assert response.status_code == 200, response.content
        keys = {item["key"] for item in response.json()["results"]}
        by_key = {d.key: names[d.pk] for d in scenario.dossiers.values()}
        assert {by_key[key] for key in keys} == expected, column
        assert len(expected) == COMMUNE_A[column]
    # The total row: commune B's late dossier joins commune A's.
    qs = resolution_dossiers(
        scenario.world.province, *_dates(), "total", "resolved_total", "agency"
    )
    assert set(qs.values_list("pk", flat=True)) == scenario.pks("carry", "interlinked", "late")


def test_as_of_the_period_end_not_as_of_today(scenario):
    """domain.md §5: counted as of the period end. Up to Mon 16/3 the apology approved that
    morning moved late_apology's appointment to Tue 17/3: within; up to Fri 13/3: overdue.
    The other apology's new appointment (Mon 16/3 11:30) has passed by the end of 16/3:
    overdue. The dossier received on 16/3 is new in the longer period."""
    short = resolution(scenario.world.commune, *_dates(), "agency").total
    longer = resolution(scenario.world.commune, *_dates(last="2026-03-16"), "agency").total
    assert short["in_progress_overdue"] == 3
    assert longer["in_progress_overdue"] == 3
    assert longer["in_progress_within"] == 3
    assert longer["received_total"] == short["received_total"] + 1
    behind = resolution_dossiers(
        scenario.world.commune, *_dates(last="2026-03-16"), "", "in_progress_within"
    )
    assert set(behind.values_list("pk", flat=True)) == scenario.pks(
        "supplement", "late_apology", "after"
    )
    overdue = resolution_dossiers(
        scenario.world.commune, *_dates(last="2026-03-16"), "", "in_progress_overdue"
    )
    assert set(overdue.values_list("pk", flat=True)) == scenario.pks(
        "old_overdue", "overdue", "apology"
    )


def test_a_period_before_anything_happened_is_empty(scenario):
    report = resolution(scenario.world.province, *_dates("2026-02-01", "2026-02-28"), "agency")
    assert all(report.total[c] == 0 for c in COLUMNS)
    assert report.total["on_time_rate"] is None


def test_a_commune_report_counts_only_its_subtree(scenario, client_for):
    """A leader of commune A sees commune A's report (itself and its one-stop division)."""
    response = client_for(scenario.world.users["leader"]).get(
        URL, {"agency": "000.00.70.H51", **PERIOD}
    )
    assert response.status_code == 200
    body = response.json()
    assert [item["key"] for item in body["rows"]] == ["000.00.70.H51"]
    assert body["total"] == {**COMMUNE_A, "key": "total", "label": "Tổng cộng"}


@pytest.mark.parametrize(
    ("group_by", "key", "label"),
    [
        ("level", "commune", "Cấp xã"),
        ("procedure", "1.001193", "Thủ tục đăng ký khai sinh"),
    ],
)
def test_group_by_level_and_procedure(scenario, overseer, client_for, group_by, key, label):
    body = _get(client_for(overseer), group_by=group_by).json()
    assert [item["key"] for item in body["rows"]] == [key]
    assert body["rows"][0] == {**TOTAL, "key": key, "label": label}
    assert body["total"] == TOTAL


def test_group_by_field(scenario, overseer, client_for):
    body = _get(client_for(overseer), group_by="field").json()
    field = scenario.world.version.field
    assert [(r["key"], r["label"]) for r in body["rows"]] == [(str(field.pk), "Hộ tịch")]
    qs = resolution_dossiers(
        scenario.world.province, *_dates(), str(field.pk), "in_progress_overdue", "field"
    )
    assert set(qs.values_list("pk", flat=True)) == scenario.pks(
        "old_overdue", "late_apology", "overdue"
    )


def test_the_report_needs_oversight_leader_or_administrator_over_the_agency(
    scenario, client_for, client
):
    """An officer, or a leader of another unit, gets a 404 (not a hint that it exists)."""
    users = scenario.world.users
    assert _get(client).status_code in (401, 403)
    assert _get(client_for(users["officer"])).status_code == 404
    assert _get(client_for(users["leader"])).status_code == 404  # province: not theirs
    other = client_for(users["other_leader"])
    assert other.get(URL, {"agency": "000.00.70.H51", **PERIOD}).status_code == 404
    assert other.get(URL, {"agency": "000.00.71.H51", **PERIOD}).status_code == 200
    assert _get(client_for(users["admin"])).status_code == 200
    drill = other.get(
        URL + "dossiers/",
        {"agency": "000.00.70.H51", **PERIOD, "column": "received_total"},
    )
    assert drill.status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-13-01"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"from": "2026-03-13", "to": "2026-03-09"}, "to"),
        ({"group_by": "colour"}, "group_by"),
        ({"agency": ""}, "agency"),
    ],
)
def test_bad_input_is_a_clear_400(scenario, overseer, client_for, params, field):
    response = _get(client_for(overseer), **params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_unknown_agency_and_column(overseer, client_for, world):
    client = client_for(overseer)
    assert client.get(URL, {"agency": "000.00.99.H51", **PERIOD}).status_code == 400
    response = client.get(URL + "dossiers/", {"agency": "000.00.00.H51", **PERIOD, "column": "x"})
    assert response.status_code == 400


def test_without_trailing_slash_as_the_issue_writes_it(scenario, overseer, client_for):
    response = client_for(overseer).get(
        "/api/v1/reports/resolution", {"agency": "000.00.00.H51", **PERIOD}
    )
    assert response.status_code == 200
    assert response.json()["total"] == TOTAL


def test_two_queries_for_the_aggregate(scenario, django_assert_max_num_queries):
    """Two SQL aggregations per report (the per-day counters, the dossiers open at S or
    E), plus the scope (lineage) and the agency rows."""
    with django_assert_max_num_queries(6):
        resolution(scenario.world.province, *_dates(), "agency")
