"""Browser journey of the meeting pages [6], [17], [18], on a desk and on a phone (390 px).

The clerk opens the office's calendar (week and month) and the list; prepares a 主任办公会议 choosing the kind
first; a second meeting in the same room at the same time shows the conflict with 仍然保存 before anything is
saved [17]; confirmed, it is saved and the conflict is in its log. The notice goes out; on a phone the clerk
records attendance with one tap per person and the counts at the top change. Screenshots go to the test's
tmp_path (and MTG_SHOTS when set) so a person can look at them.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from meetings.demo import build_demo_meetings
from meetings.models import Meeting
from org.demo import build_demo_office

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, tmp_path, name: str) -> None:
    folder = Path(os.environ.get("MTG_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _prepare(page, base: str, title: str, when: str, end: str) -> None:
    page.goto(f"{base}/meetings/new/")
    page.click("a[data-kind=director_office]")
    page.wait_for_selector("form[data-meeting-form]")
    page.fill("input[name=title]", title)
    page.fill("input[name=starts_at]", when)
    page.fill("input[name=ends_at]", end)
    page.select_option("select[name=room]", label="办公室小会议室")


def test_meeting_pages_on_a_desk_and_a_phone(browser, live_server, tmp_path):
    users = build_demo_office()
    build_demo_meetings(users)
    day = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday() + 2)  # Wednesday next week
    when, end = f"{day.isoformat()}T15:00", f"{day.isoformat()}T16:30"
    base = live_server.url

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    sign_in(desk, live_server, "shoufa")
    desk.goto(f"{base}/meetings/")
    assert desk.locator("[data-calendar=week] .m-day").count() == 7
    _shot(desk, tmp_path, "desk-calendar-week")
    desk.click("a[data-month]")
    assert desk.locator("[data-calendar=month]").count() == 1
    _shot(desk, tmp_path, "desk-calendar-month")
    desk.goto(f"{base}/meetings/list/")
    _shot(desk, tmp_path, "desk-list")

    # 筹备: the kind first, its chair rule shown [18]; saved at once when nothing clashes.
    _prepare(desk, base, "研究办公室年终考核安排", when, end)
    assert "由办公室主任或受主任委托的副主任主持" in desk.content()
    # The director chairs by right: no entrustment asked; a deputy chosen → 委托人 and 委托情况 appear [18].
    assert desk.locator("[data-entrust]").is_hidden()
    desk.select_option("select[name=chair]", str(users["fuzhuren"].pk))
    assert desk.locator("[data-entrust]").is_visible()
    desk.select_option("select[name=chair]", str(users["zhuren"].pk))
    assert desk.locator("[data-entrust]").is_hidden()
    _shot(desk, tmp_path, "desk-form")
    desk.click("button[data-save]")
    desk.wait_for_selector("[data-meeting]")
    first = Meeting.objects.get(title="研究办公室年终考核安排")

    # The same room at the same time: the conflict is shown, nothing saved until 仍然保存 [17].
    _prepare(desk, base, "研究机关食堂管理事项", when, end)
    desk.click("button[data-save]")
    desk.wait_for_selector("[data-conflicts]")
    assert "办公室小会议室已被" in desk.inner_text("[data-conflicts]")
    assert not Meeting.objects.filter(title="研究机关食堂管理事项").exists()
    _shot(desk, tmp_path, "desk-conflicts")
    desk.click("button[data-confirm]")
    desk.wait_for_selector("[data-meeting]")
    second = Meeting.objects.get(title="研究机关食堂管理事项")
    assert "经确认仍然保存" in second.log.get(action="create").comment
    desk.click("button[data-send-notice]")
    desk.wait_for_selector(".m-state-notified")
    _shot(desk, tmp_path, "desk-detail")
    desk.context.close()

    # On a phone: the clerk's attendance page, one tap per person; the counts at the top follow [17].
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN"
    ).new_page()
    sign_in(phone, live_server, "shoufa")
    phone.goto(f"{base}/meetings/{second.pk}/attendance/")
    expected = int(phone.inner_text("[data-count-expected]"))
    assert expected >= 3 and phone.inner_text("[data-count-present]") == "0"
    phone.locator("button[data-mark=present]").first.click()
    phone.wait_for_load_state("networkidle")
    assert phone.inner_text("[data-count-present]") == "1"
    _shot(phone, tmp_path, "phone-attendance")
    phone.goto(f"{base}/meetings/")
    _shot(phone, tmp_path, "phone-calendar-week")
    phone.goto(f"{base}/meetings/?view=month")
    _shot(phone, tmp_path, "phone-calendar-month")
    phone.goto(f"{base}/meetings/{first.pk}/")
    _shot(phone, tmp_path, "phone-detail")
    phone.goto(f"{base}/meetings/new/?kind=director_office")
    _shot(phone, tmp_path, "phone-form")
    phone.context.close()
