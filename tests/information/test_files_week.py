"""The week page [44]: this week's items sent to the province and the prefecture against the quota of two each,
what is still missing, the items waiting to be sent, a chosen week, and the last weeks with the short ones
marked; only the office and the county's leaders open it; its queries do not grow with the items."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from information.models import Target

from .test_files_helpers import TZ, approved, sent

pytestmark = pytest.mark.django_db
THURSDAY = datetime(2026, 9, 17, 9, 0, tzinfo=TZ)  # the week of Monday 14 – Sunday 20 September 2026 (W38)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(THURSDAY, tick=False) as traveller:
        yield traveller


def test_this_weeks_count_against_the_quota_and_what_is_missing_44(office, client_as):
    """[44]: two to 省 and one to 州 this week → 省 done, 州 short by one; last week (one each) ended short."""
    sent(office, on=date(2026, 9, 14), title="第一条")
    sent(office, on=date(2026, 9, 15), to=(Target.PROVINCE,), title="第二条")
    sent(office, on=date(2026, 9, 16), to=(Target.COUNTY,), title="报县领导的不计")
    sent(office, on=date(2026, 9, 9), title="上周的一条")
    approved(office, on=date(2026, 9, 16), title="审核通过待报送")
    page = client_as("xinxi").get(reverse("information:week"))
    assert page.status_code == 200
    w = page.context["w"]
    assert (w.start, w.province, w.prefecture) == (date(2026, 9, 14), 2, 1)
    assert (w.province_short, w.prefecture_short, w.met) == (0, 1, False)
    text = page.content.decode()
    assert "本周尚缺" in text and "报送州 1 条" in text
    assert "第一条" in text and "第二条" in text and "报县领导的不计" in text
    assert [i.title for i in page.context["waiting"]] == ["审核通过待报送"]
    history = dict(page.context["history"])
    assert not history["2026-W38"].short  # still under way
    assert history["2026-W37"].short and (history["2026-W37"].province, history["2026-W37"].prefecture) == (1, 1)
    assert text.count("data-short") >= 1


def test_a_chosen_week_and_a_met_one_44(office, client_as):
    """[44]: ?week=2026-W37 with two to each → 已完成, nothing missing; a bad week is a Chinese 400."""
    sent(office, on=date(2026, 9, 7), title="甲")
    sent(office, on=date(2026, 9, 11), title="乙")
    client = client_as("zhuren")
    page = client.get(reverse("information:week") + "?week=2026-W37")
    assert page.status_code == 200
    w = page.context["w"]
    assert (w.province, w.prefecture, w.met, w.status) == (2, 2, True, "已完成")
    assert "本周尚缺" not in page.content.decode()
    assert client.get(reverse("information:week") + "?week=2026-37").status_code == 400
    assert client.get(reverse("information:week") + "?week=2026-W60").status_code == 400


def test_a_unit_contact_does_not_open_the_offices_week_45(office, client_as):
    """[45]: the quota is the office's; a 联络员 sees their unit's items in the list, not this page."""
    assert client_as("lianluo").get(reverse("information:week")).status_code == 403


def test_the_week_page_costs_the_same_queries_for_more_items_44(office, client_as, count_queries):
    sent(office, on=date(2026, 9, 14), title="一")
    client = client_as("xinxi")
    client.get(reverse("information:week"))
    with count_queries() as few:
        client.get(reverse("information:week"))
    for n in range(4):
        sent(office, on=date(2026, 9, 15), title=f"再{n}", unit="department" if n % 2 else "township")
        approved(office, on=date(2026, 9, 16), title=f"待{n}")
    with count_queries() as more:
        page = client.get(reverse("information:week"))
    assert page.context["w"].province == 5
    assert len(more) == len(few)
