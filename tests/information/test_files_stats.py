"""政务信息统计 [44]–[46]: items per unit and week, sent and adopted per level (the adoption rates), each week
against the quota with the short ones marked — charts drawn from a json_script (no inline script) and the same
figures in tables beneath; only the office and the county's leaders open it; flat in queries."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from information import statistics
from information.models import Level, Target
from information.scoring import Period

from .test_files_helpers import TZ, adopt, approved, sent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime(2026, 9, 30, 9, 0, tzinfo=TZ), tick=False) as traveller:
        yield traveller


@pytest.fixture
def september(office):
    """W36 (31 Aug–6 Sep, Thursday 3 Sep): two to each, met; W37: one each, short; W38: nothing, short."""
    a = sent(office, on=date(2026, 9, 1), title="甲")
    sent(office, on=date(2026, 9, 2), title="乙", unit="department", author="才让")
    c = sent(office, on=date(2026, 9, 8), title="丙")
    adopt(office, a, level=Level.PROVINCE, on=date(2026, 9, 3))
    adopt(office, a, level=Level.PREFECTURE, on=date(2026, 9, 4), instruction="请抓好落实。")
    adopt(office, c, level=Level.PREFECTURE, on=date(2026, 9, 10))
    approved(office, on=date(2026, 9, 15), title="丁", unit=None, author="陈嘉怡")
    sent(office, on=date(2026, 9, 16), title="戊", to=(Target.COUNTY,))


def test_the_figures_per_week_level_and_unit_44_46(office, september):
    s = statistics.period_statistics(office["xinxi"], Period(2026, 9))
    weeks = {w.start: w for w in s.weeks}
    assert min(weeks) == date(2026, 8, 31)  # its Thursday is 3 September
    assert weeks[date(2026, 8, 31)].met and not weeks[date(2026, 8, 31)].short
    assert weeks[date(2026, 9, 7)].short and (weeks[date(2026, 9, 7)].province, weeks[date(2026, 9, 7)].prefecture) == (
        1,
        1,
    )
    assert weeks[date(2026, 9, 14)].short
    assert date(2026, 9, 28) not in weeks  # its Thursday is 1 October: October's week
    assert s.weeks_short == 3 and s.weeks_met == 1
    levels = {row.target: row for row in s.levels}
    assert (levels["province"].sent, levels["province"].adopted, levels["province"].rate) == (3, 1, "33.3%")
    assert (levels["prefecture"].sent, levels["prefecture"].adopted, levels["prefecture"].instructions) == (3, 2, 1)
    assert (levels["county"].sent, levels["county"].adopted, levels["county"].rate) == (1, 0, "0.0%")
    units = {u.label: u for u in s.units}
    township = units[office.units["township"].name]
    assert township.total == 3 and township.buckets == [1, 1, 1, 0, 0]
    assert units["县政府办公室"].total == 1 and s.submitted == 5


def test_the_page_draws_the_tables_figures_from_a_json_script_44(office, september, client_as):
    page = client_as("zhuren").get(reverse("information:stats") + "?year=2026&month=9")
    assert page.status_code == 200
    text = page.content.decode()
    data = json.loads(text.split('id="information-stats-data" type="application/json">')[1].split("</script>")[0])
    assert data["quota"] == 2 and data["levels"]["sent"] == [3, 3, 1]
    assert data["weeks"]["short"].count(True) == 3
    assert "vendor/echarts/echarts.min.js" in text and "information/infostats.js" in text
    assert "<script>" not in text  # CSP: no inline script
    assert 'data-table="weeks"' in text and 'data-table="levels"' in text and 'data-table="units"' in text
    year = client_as("zhuren").get(reverse("information:stats") + "?year=2026")
    assert year.status_code == 200 and len(year.context["s"].weeks) == 40  # W1 … W40, the week under way
    assert client_as("zhuren").get(reverse("information:stats") + "?year=20x6").status_code == 400


def test_a_unit_contact_does_not_open_the_statistics_45(office, september, client_as):
    assert client_as("lianluo").get(reverse("information:stats")).status_code == 403


def test_the_statistics_cost_the_same_queries_for_more_items_44(office, client_as, count_queries):
    sent(office, on=date(2026, 9, 1), title="一")
    client = client_as("xinxi")
    url = reverse("information:stats") + "?year=2026"
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for n in range(4):
        item = sent(office, on=date(2026, 9, 8 + n), title=f"再{n}", unit="department" if n % 2 else "township")
        adopt(office, item, level=Level.PROVINCE, on=date(2026, 9, 20))
    with count_queries() as more:
        client.get(url)
    assert len(more) == len(few)
