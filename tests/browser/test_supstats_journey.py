"""Browser journey of the supervision statistics [11], [40], on a desk and on a phone (390 px): the county head
looks at the on-time rates; an item is finished on time, another late with its reason; the chart, drawn by
ECharts from the same figures as the table beneath it, changes with them. Screenshots go to the test's tmp_path
(and SUP_SHOTS when set) so a person can look at them."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from org.demo import build_demo_office
from org.models import Unit
from supervision import services
from supervision.models import ReceivedVia, Source

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, tmp_path, name: str) -> None:
    folder = Path(os.environ.get("SUP_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"supstats-{name}.png"), full_page=True)


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


def _unit_rates(page) -> dict:
    chart = _chart(page, "chart-units")
    return dict(zip(chart["names"], chart["series"][0], strict=True))


def _table_rates(page) -> dict:
    rows = page.locator("[data-table=units] tbody tr").all()
    return {r.locator("td").first.inner_text(): r.locator("td").last.inner_text() for r in rows}


def _finish(users, item, *, late_reason: str = ""):
    if late_reason:
        services.feedback_record(
            actor=users["guikou2"],
            pk=item.pk,
            data=services.FeedbackData(
                text="主体工程已完工，正在验收",
                received_via=ReceivedVia.PHONE,
                received_on=timezone.localdate(),
                late_reason=late_reason,
            ),
        )
    services.item_submit_close(actor=users["guikou2"], pk=item.pk, result="已办结")
    services.item_close(actor=users["fuzhuren"], pk=item.pk)


def test_the_on_time_rate_chart_follows_items_finished_on_time_and_late(browser, live_server, tmp_path):
    users = build_demo_office()
    today = timezone.localdate()
    first, second = Unit.objects.order_by("kind", "sort_order", "pk")[:2]

    def tracked(title, unit, days):
        item = services.item_create(
            actor=users["guikou2"],
            data=services.ItemData(
                source=Source.WORK_REPORT,
                title=title,
                text=f"{title}，按期报送进展。",
                first_responsible=users["fuzhuren"],
                handler=users["guikou2"],
                lead_unit=unit,
                deadline=today + timedelta(days=days),
            ),
        )
        return services.item_start(actor=users["guikou2"], pk=item.pk)

    on_time = tracked("完成城区供暖管网改造", first, 10)
    late = tracked("完成牧区饮水安全工程", second, -5)
    url = f"{live_server.url}/supervision/statistics/"

    # At a desk: nothing done yet — the first unit has nothing due (—), the second is late and open (0%).
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = desk.new_page()
    sign_in(page, live_server, "xianzhang")
    page.goto(url)
    assert _unit_rates(page) == {first.name: None, second.name: 0}
    assert _table_rates(page)[second.name] == "0.0%" and _table_rates(page)[first.name] == "—"
    assert page.locator("[data-on-time-rate]").inner_text() == "0.0%"
    assert "完成牧区饮水安全工程" in page.locator("[data-table=late]").inner_text()
    _shot(page, tmp_path, "desk-before")

    # The first unit finishes on time: its bar goes to 100%, the overall rate to 50%.
    _finish(users, on_time)
    page.reload()
    assert _unit_rates(page) == {first.name: 100, second.name: 0}
    assert page.locator("[data-on-time-rate]").inner_text() == "50.0%"
    desk.close()

    # On a phone: the second unit finishes late, with its reason; the late table says why, the leaders' chart
    # counts two done; the page fits the phone's width.
    _finish(users, late, late_reason="冬季冻土无法施工，开春后完工")
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = phone.new_page()
    sign_in(page, live_server, "xianzhang")
    page.goto(url)
    assert _unit_rates(page) == {first.name: 100, second.name: 0}
    leaders = _chart(page, "chart-leaders")
    assert leaders["series"][0] == [2] and leaders["series"][1] == [0]  # 已办结 2, 在办 0
    late_table = page.locator("[data-table=late]").inner_text()
    assert "逾期办结" in late_table and "冬季冻土无法施工" in late_table
    assert page.locator("[data-on-time-rate]").inner_text() == "50.0%"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page must fit a phone without sideways scrolling ({width}px)"
    _shot(page, tmp_path, "phone-after")
    phone.close()
