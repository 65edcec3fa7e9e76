"""The statistics and the scores in Chromium, on a desk (1280) and a phone (390) [44], [46]: the charts (ECharts,
vendored, fed from a json_script — no inline script under the CSP) draw the same figures as the tables beneath
them; a week that ended short is marked in both. Screenshots go to tmp_path (and INFO_SHOTS when set)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from information.models import Level, ScoringKey, Target
from tests.factories import PASSWORD

from ..browser.conftest import sign_in
from .test_files_helpers import adopt, rule, sent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def _shot(page, tmp_path, name: str) -> None:
    folder = Path(os.environ.get("INFO_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"infostats-{name}.png"), full_page=True)


def _chart(page, element_id: str) -> dict:
    page.wait_for_selector(f"#{element_id}[data-drawn='1'] svg")
    return page.evaluate(
        """(id) => {
            const option = echarts.getInstanceByDom(document.getElementById(id)).getOption();
            const names = option.yAxis?.[0]?.data || option.xAxis?.[0]?.data;
            const plain = (d) => (d && d.value !== undefined ? d.value : d);
            return {names, series: option.series.map((s) => s.data.map(plain))};
        }""",
        element_id,
    )


def test_the_charts_draw_the_tables_figures_44_46(browser, live_server, office, tmp_path):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    if (monday - timedelta(days=14)).isocalendar()[0] != today.isocalendar()[0]:  # the three weeks in one year
        pytest.skip("the year's first fortnight")
    rule(office, ScoringKey.PROVINCE_ADOPTION, 10, today.replace(month=1, day=1))
    a = sent(office, on=monday - timedelta(days=14), title="两周前甲")
    sent(office, on=monday - timedelta(days=13), title="两周前乙")
    sent(office, on=monday - timedelta(days=7), to=(Target.PROVINCE,), title="上周仅一条")
    adopt(office, a, level=Level.PROVINCE, on=monday - timedelta(days=12))
    errors = []
    for name, options in (("desk", {"viewport": {"width": 1280, "height": 900}}), ("phone", PHONE)):
        context = browser.new_context(locale="zh-CN", **options)
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        sign_in(page, live_server, office["zhuren"].username, PASSWORD)
        page.goto(f"{live_server.url}/information/statistics/?year={today.year}")
        weeks = _chart(page, "chart-weeks")
        rows = page.locator("[data-table=weeks] tbody tr").all()
        assert weeks["series"][0] == [int(r.locator("td").nth(1).inner_text()) for r in rows]
        assert weeks["series"][1] == [int(r.locator("td").nth(2).inner_text()) for r in rows]
        assert page.locator("[data-table=weeks] tr[data-short]").count() >= 1
        levels = _chart(page, "chart-levels")
        assert levels["series"][0] == [
            int(c) for c in page.locator("[data-table=levels] tbody tr td:nth-child(2)").all_inner_texts()
        ]
        _shot(page, tmp_path, f"stats-{name}")
        page.goto(f"{live_server.url}/information/scores/?year={today.year}")
        scores = _chart(page, "chart-scores")
        assert scores["names"] == [office.units["township"].name] and scores["series"][0] == [10]
        _shot(page, tmp_path, f"scores-{name}")
        context.close()
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
