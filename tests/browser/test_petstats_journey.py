"""Browser journey of the petitions statistics [47]–[50], on a desk (1280) and a phone (390): an office leader
opens 信访统计; the charts (ECharts, drawn from the same figures as the tables beneath them) show the on-time rates
per unit; a case still undecided past its 15 days appears among the late cases; the month filter narrows the
figures; no petitioner's name or number is on the page. Screenshots go to tmp_path (and PET_SHOTS when set)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from petitions import services
from tests.factories import PASSWORD

from ..petitions.factories import accepted, id_number, person, referred, registered
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def _shot(page, tmp_path, name: str) -> None:
    folder = Path(os.environ.get("PET_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"petstats-{name}.png"), full_page=True)


def _chart(page, element_id: str) -> dict:
    """What the chart really draws (ECharts' own option), read from the browser."""
    page.wait_for_selector(f"#{element_id}[data-drawn='1'] svg")
    return page.evaluate(
        """(id) => {
            const option = echarts.getInstanceByDom(document.getElementById(id)).getOption();
            const names = option.yAxis?.[0]?.data || option.xAxis?.[0]?.data;
            return {names, series: option.series.map((s) => s.data)};
        }""",
        element_id,
    )


def _table(page, name: str, column: int) -> dict:
    rows = page.locator(f"[data-table={name}] tbody tr").all()
    return {r.locator("td").first.inner_text(): r.locator("td").nth(column).inner_text() for r in rows}


def _percent(value) -> str:
    return "—" if value is None else f"{value:.1f}%"


def test_the_statistics_page_draws_the_tables_figures_and_shows_a_late_case(browser, live_server, office, tmp_path):
    now = timezone.now()
    accepted(
        office, title="冬季草场边界争议", received_at=now - timedelta(hours=2), people=[person(1, name="才仁多杰")]
    )
    answered = referred(office, title="村道损毁无人维修", received_at=now - timedelta(hours=3), people=[person(2)])
    services.record_unit_answer(actor=office["lianluo"], pk=answered.pk, answer="已安排维修。")
    services.answer_case(actor=office["xinfang"], pk=answered.pk, answer="道路已修复。")
    late = registered(office, title="低保资格被取消", received_at=now - timedelta(days=20), people=[person(3)])
    today = timezone.localdate()
    url = f"{live_server.url}/petitions/statistics/?year={today.year}"

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = desk.new_page()
    sign_in(page, live_server, office["zhuren"].username, PASSWORD)
    page.goto(url)
    units = _chart(page, "chart-units")
    table = _table(page, "units", 4)  # 按期受理告知率
    drawn = dict(zip(units["names"], [_percent(v) for v in units["series"][0]], strict=True))
    assert drawn == {name: rate for name, rate in table.items() if name != "合计"}
    assert drawn[office.units["township"].name] == "100.0%" and drawn["未分流"] == "0.0%"
    assert page.locator("[data-accept-rate]").first.inner_text() == "66.7%"
    assert page.locator("[data-handle-rate]").first.inner_text() == "100.0%"
    late_table = page.locator("[data-table=late]").inner_text()
    assert late.number in late_table and "超期未告知" in late_table
    channels = _chart(page, "chart-channels")
    assert sum(d["value"] for d in channels["series"][0]) == 3
    html = page.content()
    for secret in ("才仁多杰", id_number(1)):
        assert secret not in html
    _shot(page, tmp_path, "desk")

    # The month the late case came in holds it alone (unless that month is this one).
    received = timezone.localdate(late.received_at)
    if (received.year, received.month) != (today.year, today.month):
        page.goto(f"{live_server.url}/petitions/statistics/?year={received.year}&month={received.month}")
        assert page.locator("[data-total]").inner_text() == "1"
    desk.close()

    phone = browser.new_context(locale="zh-CN", **PHONE)
    page = phone.new_page()
    sign_in(page, live_server, office["xianzhang"].username, PASSWORD)
    page.goto(url)
    _chart(page, "chart-units")
    _chart(page, "chart-categories")
    assert late.number in page.locator("[data-table=late]").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 391, f"the page must fit a phone without sideways scrolling ({width}px)"
    _shot(page, tmp_path, "phone")
    phone.close()
