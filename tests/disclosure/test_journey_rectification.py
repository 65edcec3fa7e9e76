"""Browser journey of a disclosure inspection [36], on a desk (1280) and a phone (390×844).

The 政务公开专员 plans an inspection of 萨呼腾镇 and another unit; an office leader approves it on a phone; the
officer starts it and records a finding for the town with the rectification asked and its deadline; the town's
联络员, on a phone, sees it on their overview, opens it and reports the rectification; the officer accepts it and
the statistics count it rectified on time. Every page is looked at at its width (no sideways scrolling on the
phone); screenshots go to DISC_SHOTS (default /tmp/disc-shots).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from disclosure.models import Finding, FindingState, Inspection, InspectionState
from org.demo import build_demo_office
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
TOWN = "萨呼腾镇人民政府"
PROBLEM = "镇政务公开栏的惠农惠牧补贴公示停留在上一季度。"


def _shot(page, name: str) -> None:
    folder = Path(os.environ.get("DISC_SHOTS", "/tmp/disc-shots"))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _fits(page) -> None:
    """Nothing on the page pushes it wider than the screen (no sideways scrolling on a phone)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, (page.url, width)


def _context(browser, live_server, username: str, *, phone: bool = False):
    options = PHONE if phone else {"viewport": {"width": 1280, "height": 900}}
    page = browser.new_context(locale="zh-CN", **options).new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server, username)
    return page


def test_an_inspection_finding_is_rectified_by_the_town_and_accepted_36(browser, live_server):
    users = build_demo_office()
    base = live_server.url
    today = timezone.localdate()

    # The officer plans the inspection (desk) [36].
    officer = _context(browser, live_server, "gongkai")
    officer.goto(f"{base}/disclosure/")
    _shot(officer, "desk-1-overview")
    officer.click("a[data-inspection-new]")
    officer.wait_for_selector("form[data-inspection-form]")
    officer.fill("input[name=title]", "第四季度政务公开工作检查")
    officer.fill("input[name=period]", f"{today.year}年第四季度")
    officer.fill("input[name=planned_on]", (today + timedelta(days=2)).isoformat())
    officer.get_by_label(TOWN).check()
    officer.get_by_label("杂多县财政局").check()
    _shot(officer, "desk-2-plan")
    officer.click("button[data-plan]")
    officer.wait_for_selector("article[data-inspection]")
    inspection = Inspection.objects.get(title="第四季度政务公开工作检查")
    assert "待办公室领导批准" in officer.inner_text("article[data-inspection]")

    # An office leader approves the plan on a phone [36].
    leader = _context(browser, live_server, "fuzhuren_wenmi", phone=True)
    leader.goto(f"{base}/disclosure/inspections/{inspection.pk}/")
    _fits(leader)
    _shot(leader, "phone-3-approve")
    leader.click("button[data-approve]")
    leader.wait_for_selector("text=已批准检查计划")
    inspection.refresh_from_db()
    assert inspection.leader == users["fuzhuren_wenmi"]

    # The officer starts it and records the town's finding with its deadline [36].
    officer.goto(f"{base}/disclosure/inspections/{inspection.pk}/")
    officer.click("button[data-start]")
    officer.wait_for_selector("form[data-finding-form]")
    officer.select_option("form[data-finding-form] select[name=unit]", label=TOWN)
    officer.fill("form[data-finding-form] textarea[name=problem]", PROBLEM)
    officer.fill("form[data-finding-form] textarea[name=rectification_asked]", "更新本季度补贴发放名单并拍照报送。")
    officer.fill("form[data-finding-form] input[name=due_on]", (today + timedelta(days=10)).isoformat())
    _shot(officer, "desk-4-record-finding")
    officer.click("form[data-finding-form] button[data-record-finding]")
    officer.wait_for_selector("table[data-findings]")
    finding = Finding.objects.get(inspection=inspection)
    assert inspection.__class__.objects.get(pk=inspection.pk).state == InspectionState.IN_PROGRESS
    assert finding.unit.name == TOWN and finding.state == FindingState.OPEN

    # The town's 联络员, on a phone: their overview, the finding, the report [36].
    contact = _context(browser, live_server, "lianluo", phone=True)
    contact.goto(f"{base}/disclosure/")
    assert contact.inner_text("[data-tile=to_report]") == "1"
    _fits(contact)
    _shot(contact, "phone-5-contact-overview")
    contact.goto(f"{base}/disclosure/findings/")
    contact.click(f"tr[data-finding='{finding.pk}'] a")
    contact.wait_for_selector("form[data-report-form]")
    _fits(contact)
    contact.fill("form[data-report-form] textarea[name=report]", "已更新本季度补贴发放名单，公示照片见附件。")
    _shot(contact, "phone-6-report")
    contact.click("form[data-report-form] button[data-submit-report]")
    contact.wait_for_selector("[data-report]")
    finding.refresh_from_db()
    assert finding.state == FindingState.REPORTED and finding.reported_by == users["lianluo"]
    assert "杂多县财政局" not in contact.content()
    _shot(contact, "phone-7-reported")

    # The officer accepts it; the statistics count it rectified on time [36].
    officer.goto(f"{base}/disclosure/findings/{finding.pk}/")
    _shot(officer, "desk-8-to-accept")
    officer.click("button[data-accept]")
    officer.wait_for_selector("text=整改已验收")
    finding.refresh_from_db()
    assert finding.state == FindingState.ACCEPTED and finding.on_time
    officer.goto(f"{base}/disclosure/statistics/")
    officer.wait_for_selector("#chart-findings[data-drawn]")
    row = officer.inner_text(f"table[data-table=findings] tr[data-unit='{finding.unit_id}']")
    assert "100.0%" in row
    _shot(officer, "desk-9-statistics")

    # The officer's pages fit a phone too.
    phone = _context(browser, live_server, "gongkai", phone=True)
    for url in (
        f"/disclosure/inspections/{inspection.pk}/",
        f"/disclosure/findings/{finding.pk}/",
        "/disclosure/statistics/",
    ):
        phone.goto(f"{base}{url}")
        _fits(phone)
    _shot(phone, "phone-10-statistics")
