"""Browser journey of an emergency report at night, on phones [43], [8].

- [43]: 更尕, the person on duty, records on a phone a landslide a township reported by telephone (接报时间、地点、
  事件、伤亡、来源、等级); every county-government and office leader is told at once.
- [43][8]: 报州政府值班室 is refused while no leader has agreed — the page says which levels are missing; the
  county leader reads the report on his phone (已阅), gives an instruction and agrees; the page now asks for an
  office leader only; the office director agrees on his phone.
- [43][8]: the person on duty marks it sent to the 州政府值班室 and prints the 值班信息专报 (a PDF numbered
  〔year〕第1期).

Each phone page is checked to fit 390 px without sideways scrolling. Screenshots go to the test's tmp_path, or to
DUTY_SHOTS when set.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest

from duty.models import Agreement, EmergencyReport, LeaderNotice, ReportState
from org.demo import build_demo_office

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "G214线结多乡段山体滑坡阻断交通"


def _shot(page, tmp_path, name: str) -> None:
    folder = Path(os.environ.get("DUTY_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"dutyemergency-{name}.png"), full_page=True)


def _fits_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url}: the page must fit a phone without sideways scrolling ({width}px)"


@contextmanager
def on_phone(browser, live_server, username: str):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    sign_in(page, live_server, username)
    try:
        yield page
    finally:
        context.close()


def _go(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, f"{url}: {response.status}"


def _click(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)
    page.wait_for_load_state("networkidle")


def test_a_night_emergency_reported_agreed_on_phones_sent_and_printed_43_8(browser, live_server, tmp_path):
    build_demo_office()
    base = live_server.url

    # 接报登记 on the duty officer's phone [43].
    with on_phone(browser, live_server, "zhiban") as page:
        _go(page, f"{base}/duty/reports/")
        _fits_phone(page)
        _click(page, "a[data-new-report]")
        assert page.url.endswith("/duty/reports/new/")
        page.fill("input[name=title]", TITLE)
        page.fill("input[name=place]", "结多乡G214线K632处")
        page.fill("textarea[name=description]", "约300立方米土石方阻断道路，乡政府已设置警示、疏导车辆。")
        page.fill("input[name=casualties]", "暂无人员伤亡")
        page.fill("input[name=source]", "结多乡人民政府值班室")
        page.fill("input[name=source_phone]", "0976-0000000")
        page.select_option("select[name=category]", "natural")
        page.select_option("select[name=level]", "4")
        _fits_phone(page)
        _shot(page, tmp_path, "1-record-phone")
        _click(page, "form[data-report-form] button[type=submit]")
        assert re.search(r"/duty/reports/\d+/$", page.url), page.url
        assert "即时报告县政府领导和办公室领导" in page.inner_text("body")
        report = EmergencyReport.objects.get(title=TITLE)
        assert LeaderNotice.objects.filter(report=report).count() >= 2

        # Refused before any agreement: the page says what is missing [43][8].
        assert "尚待县政府领导和办公室领导同意" in page.inner_text("[data-agreements]")
        with page.expect_navigation():
            page.click("form[data-send] button[type=submit]")
        assert "尚待县政府领导和办公室领导同意" in page.inner_text("body")
        _shot(page, tmp_path, "2-send-refused-phone")
        report.refresh_from_db()
        assert report.state == ReportState.RECEIVED

    # The county leader reads, instructs and agrees on his phone [43][8].
    with on_phone(browser, live_server, "changwu") as page:
        _go(page, f"{base}/duty/reports/{report.pk}/leader/")
        _fits_phone(page)
        _shot(page, tmp_path, "3-leader-page-county")
        _click(page, "button[data-acknowledge]")
        page.fill("form[data-instruct] textarea[name=text]", "请交通运输局立即组织抢通，确保过往群众安全。")
        _click(page, "form[data-instruct] button[type=submit]")
        _click(page, "form[data-agree-form] button[type=submit]")
        assert "尚待办公室领导同意" in page.inner_text("[data-agreements]")
        _fits_phone(page)
        _shot(page, tmp_path, "4-county-agreed")

    # The office director agrees on his phone.
    with on_phone(browser, live_server, "zhuren") as page:
        _go(page, f"{base}/duty/reports/{report.pk}/leader/")
        _click(page, "form[data-agree-form] button[type=submit]")
        assert "尚待" not in page.inner_text("[data-agreements]")
        _fits_phone(page)
        _shot(page, tmp_path, "5-office-agreed")
    assert set(Agreement.objects.filter(report=report).values_list("level", flat=True)) == {"county", "office"}

    # Sent to the prefecture and printed [43][8].
    with on_phone(browser, live_server, "zhiban") as page:
        _go(page, f"{base}/duty/reports/{report.pk}/")
        page.fill("form[data-send] input[name=receiver]", "州值班室值班员")
        _click(page, "form[data-send] button[type=submit]")
        report.refresh_from_db()
        assert report.state == ReportState.SENT and report.special_serial == 1
        assert f"值班信息专报〔{report.year}〕第1期" in page.inner_text("body")
        timeline = page.inner_text("[data-timeline]")
        for words in ("首报", "领导已阅", "领导批示", "县政府领导同意上报", "办公室领导同意上报", "报州政府值班室"):
            assert words in timeline, words
        _fits_phone(page)
        _shot(page, tmp_path, "6-sent-phone")
        response = page.request.get(f"{base}/duty/reports/{report.pk}/special-report.pdf")
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        assert response.body()[:5] == b"%PDF-"
        folder = Path(os.environ.get("DUTY_SHOTS") or tmp_path)
        (folder / "dutyemergency-7-special-report.pdf").write_bytes(response.body())
