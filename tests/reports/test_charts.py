"""Charts of the resolution figures (reports.charts): the series are the resolution report's
numbers (domain.md §5, Biểu 06 style of Circular 01/2018), months not yet begun are absent,
the geometry scales to the values, empty data draws nothing; the report page shows them."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from motcua.reports import charts
from motcua.reports.charts import Category, Series
from motcua.reports.resolution import resolution

pytestmark = pytest.mark.django_db

MARCH_20 = datetime.date(2026, 3, 20)


def test_monthly_series_are_the_reports_total_rows(scenario):
    """One resolution report per month (its total row), the current month cut at today."""
    province = scenario.world.province
    months = charts.monthly(province, 2026, today=MARCH_20)
    assert [(m.month, m.first, m.last) for m in months] == [
        (1, datetime.date(2026, 1, 1), datetime.date(2026, 1, 31)),
        (2, datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)),
        (3, datetime.date(2026, 3, 1), MARCH_20),
    ]
    for month in months:
        assert month.total == resolution(province, month.first, month.last, "agency").total
    march = months[2].total
    assert march["resolved_total"] > 0
    series = charts.on_time_series(months)
    assert [p.value for p in series] == [None, None, march["on_time_rate"]]
    assert [p.key for p in series] == ["2026-01", "2026-02", "2026-03"]


def test_months_after_today_are_absent_not_zero():
    assert [m for m, _, _ in charts.month_spans(2026, MARCH_20)] == [1, 2, 3]
    assert len(charts.month_spans(2025, MARCH_20)) == 12
    assert charts.month_spans(2026, datetime.date(2026, 1, 1)) == [
        (1, datetime.date(2026, 1, 1), datetime.date(2026, 1, 1))
    ]
    assert charts.month_spans(2027, MARCH_20) == []


def test_channel_mix_and_volumes_are_the_reports_numbers(scenario):
    report = resolution(
        scenario.world.province, datetime.date(2026, 3, 9), datetime.date(2026, 3, 13), "agency"
    )
    total = report.total
    online, offline = charts.channel_mix(total)
    assert (online.key, online.count) == ("received_online", total["received_online"])
    assert (offline.key, offline.count) == ("received_offline", total["received_offline"])
    assert online.count + offline.count == total["received_total"] > 0
    assert online.share == charts.percent(total["received_online"], total["received_total"])
    assert charts.online_share(total) == online.share
    volumes = charts.unit_volumes(report.rows)
    assert [(v.key, v.received, v.resolved) for v in volumes] == [
        (row["key"], row["received_total"], row["resolved_total"]) for row in report.rows
    ]


def test_percent_rounds_half_up_and_has_no_value_for_nothing():
    assert charts.percent(1, 3) == 33.3
    assert charts.percent(2, 3) == 66.7
    assert charts.percent(1, 8) == 12.5
    assert charts.percent(1, 16) == 6.3  # 6.25 half up, not to even
    assert charts.percent(0, 0) is None


def test_axis_ends_on_a_round_number():
    assert charts.axis(100, fixed=100) == (100.0, 25.0)
    assert charts.axis(7) == (8.0, 2.0)
    assert charts.axis(3) == (3.0, 1.0)  # counts: never a step below 1
    assert charts.axis(1234) == (1500.0, 500.0)
    assert charts.axis(0) == (1.0, 1.0)


def test_vertical_bars_scale_to_the_axis():
    chart = charts.vertical_bars(
        "c",
        "Rate",
        "Month",
        [Category("a", "A"), Category("b", "B"), Category("c", "C")],
        [Series("rate", (100, 50, None), "%")],
        maximum=100,
    )
    assert not chart.empty
    full, half = chart.bars  # no bar for the missing value
    assert half.height == pytest.approx(full.height / 2, abs=0.1)
    assert full.y + full.height == pytest.approx(half.y + half.height)  # same baseline
    for bar in chart.bars:
        assert 0 <= bar.x and bar.x + bar.width <= chart.width
        assert 0 <= bar.y and bar.y + bar.height <= chart.height
    values = [t.text for t in chart.texts if t.kind == "value"]
    assert values == ["100%", "50%", "–"]
    assert [r.cells for r in chart.rows] == [["100%"], ["50%"], ["–"]]


def test_horizontal_bars_grow_with_rows_and_highlight_one():
    categories = [Category(str(i), f"Unit {i}") for i in range(5)]
    chart = charts.horizontal_bars(
        "h", "Units", "Unit", categories, [Series("n", (10, 5, 0, 20, 20))], highlight="3"
    )
    assert chart.top == 20
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == pytest.approx(widths[3] / 2, abs=0.1)
    assert widths[2] == 0
    assert [bar.highlight for bar in chart.bars] == [False, False, False, True, False]
    assert [row.current for row in chart.rows] == [False, False, False, True, False]
    assert [t.strong for t in chart.texts if t.kind == "axis"][3] is True
    taller = charts.horizontal_bars("h", "Units", "Unit", categories * 2, [Series("n", (1,) * 10)])
    assert taller.height > chart.height


def test_long_labels_are_shortened_on_the_axis_but_whole_in_the_table():
    name = "Trung tâm Phục vụ hành chính công tỉnh và các đơn vị trực thuộc"
    chart = charts.horizontal_bars("h", "T", "Unit", [Category("x", name)], [Series("n", (3,))])
    axis = next(t for t in chart.texts if t.kind == "axis")
    assert axis.text.endswith("…") and axis.title == name
    assert chart.rows[0].label == name


def test_stacked_bar_fills_the_width():
    chart = charts.stacked_bar(
        "s",
        "Channels",
        "Channel",
        [Category("on", "Online"), Category("off", "Counter")],
        Series("Dossiers", (1, 3)),
        Series("Share", (25.0, 75.0), "%"),
    )
    assert sum(bar.width for bar in chart.bars) == pytest.approx(chart.width, abs=0.2)
    assert [r.cells for r in chart.rows] == [["1", "25%"], ["3", "75%"]]
    assert "Online: 1 (25%)" in [item.text for item in chart.legend]


def test_empty_data_draws_nothing():
    none = charts.vertical_bars("e", "T", "M", [Category("a", "A")], [Series("r", (None,))])
    assert none.empty and not none.bars
    assert charts.vertical_bars("e", "T", "M", [], [Series("r", ())]).empty
    zeros = charts.horizontal_bars("e", "T", "U", [Category("a", "A")], [Series("n", (0,))])
    assert zeros.empty
    # A rate of 0% is a figure (everything late), not an absence of data.
    late = charts.vertical_bars(
        "e", "T", "M", [Category("a", "A")], [Series("r", (0.0,), "%")], maximum=100
    )
    assert not late.empty
    assert charts.channel_chart(
        {"received_online": 0, "received_offline": 0, "received_total": 0}
    ).empty
    assert charts.on_time_chart([]).empty


def test_numbers_are_written_in_the_page_language():
    from django.utils import translation

    with translation.override("vi"):
        assert charts.fmt(66.7, "%") == "66,7%"
        assert charts.fmt(12) == "12"
    with translation.override("en"):
        assert charts.fmt(66.7, "%") == "66.7%"
    assert charts.fmt(None) == "–"


def _table(html: str, chart_id: str) -> list[list[str]]:
    figure = re.search(rf'<figure[^>]*id="{chart_id}".*?</figure>', html, re.S)
    assert figure, chart_id
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", figure.group(0), re.S)
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows[1:]]


def test_the_report_page_draws_the_charts(scenario, overseer, client_for):
    form = {
        "agency": "000.00.00.H51",
        "period": "range",
        "start": "2026-03-09",
        "end": "2026-03-13",
        "group_by": "agency",
    }
    response = client_for(overseer).get("/bao-cao/ket-qua-giai-quyet/", form)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 3
    assert "<title" in html
    report = resolution(
        scenario.world.province, datetime.date(2026, 3, 9), datetime.date(2026, 3, 13), "agency"
    )
    total = report.total
    channels = _table(html, "chart-channels")
    assert channels[0][1:] == [
        str(total["received_online"]),
        charts.fmt(charts.online_share(total), "%").replace(".", ","),
    ]
    volumes = _table(html, "chart-volumes")
    assert [row[1:] for row in volumes] == [
        [str(r["received_total"]), str(r["resolved_total"])] for r in report.rows
    ]
    on_time = _table(html, "chart-on-time")
    months = charts.month_spans(2026, timezone.localdate())  # the period's end year so far
    assert [row[0] for row in on_time] == [f"{m:02d}/2026" for m, _, _ in months]
    assert on_time[0] == ["01/2026", "–"]


def test_the_ranking_chart_highlights_the_shown_unit(world, overseer, client):
    """The Decision 766/QĐ-TTg ranking, drawn as bars; the unit shown is highlighted."""
    from tests.indices.conftest import approved

    approved(world, "2026-03-02 09:00", "2026-03-02 10:00")
    client.force_login(overseer)
    response = client.get("/chi-so/", {"agency": world.commune.code, "period": "2026-Q1"})
    html = response.content.decode()
    rows = _table(html, "chart-ranking")
    assert [row[0] for row in rows] == ["1. UBND xã A", "2. UBND xã B"]
    assert rows[1][1] == "–"  # commune B has no figure in the quarter
    assert 'aria-current="true"><th scope="row">1. UBND xã A' in html
    assert "chart__bar--highlight" in html
