"""Browser journey of one request for leave (请销假) [51], [54], all on phone-sized windows.

Line staff ask for 1.5 working days of 事假 and see, before sending, who will approve and why: more than one
working day goes to the office director [54]. Another deputy director cannot approve it; the director approves
with one tap; the board (在岗/外出) shows the person away on the first day; back at work, the person reports
销假 and the request shows 已销假 [54].

Nothing is frozen in the browser: the dates are the next Monday and Tuesday that are both working days by the
office's calendar. Only for 销假, which needs the absence to have begun, the server's clock is moved to the
Tuesday afternoon (the live server runs in this process).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from deadlines.calendar import WorkCalendar
from leave.defaults import ensure_default_kinds
from leave.models import LeaveRequest, State
from org.demo import build_demo_office

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "家中老人就医，需陪同前往玉树州人民医院"


@contextmanager
def on_phone(browser, live_server, username: str):
    """A separate phone-sized window per person, signed in."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    page = context.new_page()
    sign_in(page, live_server, username)
    try:
        yield page
    finally:
        context.close()


def _next_working_monday() -> date:
    """The first Monday after today such that it and the Tuesday after it are working days."""
    calendar = WorkCalendar.load()
    day = timezone.localdate() + timedelta(days=1)
    while not (day.weekday() == 0 and calendar.is_working_day(day) and calendar.is_working_day(day + timedelta(1))):
        day += timedelta(days=1)
    return day


def _fits_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page must fit a phone without sideways scrolling ({width}px)"


def test_leave_from_request_to_return_on_a_phone(browser, live_server, tmp_path):
    build_demo_office()
    ensure_default_kinds()  # earlier transactional tests emptied the migration's rows
    monday = _next_working_monday()
    tuesday = monday + timedelta(days=1)

    # 请假 [51], [54]: 拉毛措 (line staff) asks for 事假 from Monday morning to Tuesday noon — 1.5 working days.
    with on_phone(browser, live_server, "guikou2") as page:
        page.goto(f"{live_server.url}/leave/new/")
        page.select_option("select[name=kind]", label="事假")
        page.fill("input[name=start_date]", monday.isoformat())
        page.select_option("select[name=start_half]", "am")
        page.fill("input[name=end_date]", tuesday.isoformat())
        page.select_option("select[name=end_half]", "am")
        page.fill("textarea[name=reason]", REASON)
        page.locator("textarea[name=reason]").blur()
        # Before sending: who will approve, and why (more than one working day → the director [54]).
        approver = page.locator("[data-plan-box] [data-approver]")
        approver.wait_for()
        assert "张伟" in approver.inner_text() and "办公室主任" in approver.inner_text()
        assert page.locator("[data-plan-box] [data-days]").inner_text().strip() == "1.5"
        plan = page.locator("[data-plan-box] [data-plan]")
        assert plan.get_attribute("data-plan-ok") == "1"
        assert "[54]" in plan.inner_text()
        _fits_phone(page)
        page.screenshot(path=str(tmp_path / "1-request-phone.png"), full_page=True)
        page.click("button[name=send].primary")
        page.wait_for_load_state("networkidle")
        assert re.search(r"/leave/\d+/$", page.url), page.url
        leave_id = int(re.search(r"/leave/(\d+)/", page.url).group(1))
        assert page.locator("[data-state]").first.get_attribute("data-state") == State.PENDING
        assert "等待张伟审批" in page.content()

    req = LeaveRequest.objects.get(pk=leave_id)
    assert req.person.username == "guikou2" and req.approver.username == "zhuren"
    assert req.working_days == 1.5

    # The wrong person: 扎西拉姆, the deputy director over this section (who approves a day or less), may not.
    with on_phone(browser, live_server, "fuzhuren_wenmi") as page:
        response = page.goto(f"{live_server.url}/leave/{leave_id}/decide/")
        assert response.status in (403, 404)
        response = page.goto(f"{live_server.url}/leave/{leave_id}/")
        assert response.status == 404 or page.locator("[data-approve]").count() == 0
        page.goto(f"{live_server.url}/leave/")
        assert page.locator(f"[data-waiting] [data-leave='{leave_id}']").count() == 0
        page.screenshot(path=str(tmp_path / "2-wrong-deputy-phone.png"), full_page=True)
    assert LeaveRequest.objects.get(pk=leave_id).state == State.PENDING

    # 审批 [54]: 张伟, the director, opens it from 我的请假 on a phone and approves with one tap.
    with on_phone(browser, live_server, "zhuren") as page:
        page.goto(f"{live_server.url}/leave/")
        page.click(f"[data-waiting] [data-leave='{leave_id}'] a.button")
        page.wait_for_load_state("networkidle")
        assert "拉毛措" in page.locator(".brief").inner_text()
        button = page.locator("[data-approve]")
        assert button.is_visible()
        _fits_phone(page)
        page.screenshot(path=str(tmp_path / "3-director-decide-phone.png"), full_page=True)
        button.click()
        page.wait_for_load_state("networkidle")
        assert LeaveRequest.objects.get(pk=leave_id).state == State.APPROVED

        # 在岗/外出 for the Monday: 拉毛措 is away.
        page.goto(f"{live_server.url}/leave/board/?day={monday.isoformat()}")
        row = page.locator(f"[data-board-row='{req.person_id}']")
        assert row.count() == 1
        assert "拉毛措" in row.inner_text() and "事假" in row.inner_text()
        _fits_phone(page)
        page.screenshot(path=str(tmp_path / "4-board-phone.png"), full_page=True)

    # 销假 [54]: back at work on Tuesday afternoon, the person reports it from the request page.
    back = datetime(tuesday.year, tuesday.month, tuesday.day, 14, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(back, tick=True), on_phone(browser, live_server, "guikou2") as page:
        page.goto(f"{live_server.url}/leave/{leave_id}/")
        form = page.locator("[data-return-form]")
        assert form.is_visible()
        assert form.locator("input[name=returned_on]").input_value() == tuesday.isoformat()
        assert form.locator("select[name=returned_half]").input_value() == "pm"
        form.locator("button[data-return]").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("[data-state]").first.get_attribute("data-state") == State.RETURNED
        assert "已销假" in page.locator("article.leave-doc header").inner_text()
        _fits_phone(page)
        page.screenshot(path=str(tmp_path / "5-returned-phone.png"), full_page=True)

    req = LeaveRequest.objects.get(pk=leave_id)
    assert req.state == State.RETURNED and req.returned_on == tuesday
