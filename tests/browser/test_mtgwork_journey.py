"""Browser journey of topics, minutes and decisions [18], [6], [17], [37], on a desk and on a phone (390 px).

A section chief proposes a topic for 主任办公会议 on a phone: choosing the kind shows only that kind's
categories and the words of 第十八条; the director puts it on the upcoming meeting. After the meeting the clerk
drafts the minutes and records a decision (unit, leader, deadline) at a desk; the chair approves on a phone with
one tap; the clerk issues it, numbered. The decisions list and the statistics page are looked at at both widths.
Screenshots go to the test's tmp_path (and MTG_SHOTS when set) so a person can look at them.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from meetings import services
from meetings.kinds import Kind
from meetings.models import Minutes, MinutesState, Room, Topic
from org.demo import build_demo_office

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, tmp_path, name: str) -> None:
    folder = Path(os.environ.get("MTG_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"mtgwork-{name}.png"), full_page=True)


def _fits_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page must fit a phone without sideways scrolling ({width}px)"


def _phone(browser, live_server, username):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    sign_in(page, live_server, username)
    return context, page


def _desk(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, live_server, username)
    return context, page


def test_topics_minutes_and_decisions_on_a_desk_and_a_phone(browser, live_server, tmp_path):
    users = build_demo_office()
    base = live_server.url
    room, _ = Room.objects.get_or_create(name="办公室小会议室", defaults={"location": "综合楼二楼"})
    starts = (timezone.localtime() + timedelta(days=2)).replace(hour=15, minute=0, second=0, microsecond=0)
    meeting = services.meeting_create(
        actor=users["shoufa"],
        data=services.MeetingData(
            kind=Kind.DIRECTOR_OFFICE,
            title="冬季工作安排主任办公会议",
            chair=users["zhuren"],
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            room=room,
        ),
    )

    # 提出议题 on a phone [18]: the kind first, then only its categories, with the article's words.
    context, page = _phone(browser, live_server, "kezhang")
    page.goto(f"{base}/meetings/topics/new/")
    page.select_option("select[name=kind]", Kind.DIRECTOR_OFFICE)
    assert page.locator("[data-kind=director_office]").is_visible()
    assert not page.locator("[data-kind=office_affairs]").is_visible()
    page.select_option("select[name=category]", "18-4")
    page.fill("input[name=title]", "统筹安排冬季值班和安全生产检查")
    page.fill("textarea[name=description]", "请会议研究值班表和检查分工。")
    _fits_phone(page)
    _shot(page, tmp_path, "phone-topic-form")
    page.click("form[data-topic-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/meetings/topics/\d+/$"))
    assert "待审定" in page.inner_text("article")
    _fits_phone(page)
    context.close()
    topic = Topic.objects.get(title="统筹安排冬季值班和安全生产检查")

    # 列入议程 at a desk [18].
    context, desk = _desk(browser, live_server, "zhuren")
    desk.goto(f"{base}/meetings/topics/?show=decide")
    _shot(desk, tmp_path, "desk-topics")
    desk.click(f"tr[data-topic='{topic.pk}'] a")
    _shot(desk, tmp_path, "desk-topic-decide")
    desk.click("[data-accept]")
    assert "已列入议程" in desk.inner_text("article")
    context.close()
    topic.refresh_from_db()
    assert topic.meeting_id == meeting.pk

    services.meeting_send_notice(actor=users["shoufa"], pk=meeting.pk)
    services.meeting_open(actor=users["shoufa"], pk=meeting.pk)
    services.meeting_close(actor=users["shoufa"], pk=meeting.pk)

    # 纪要 and 议定事项 at a desk [17], [37].
    context, desk = _desk(browser, live_server, "shoufa")
    desk.goto(f"{base}/meetings/{meeting.pk}/minutes/")
    desk.click("[data-start]")
    desk.fill("textarea[name=body]", "会议研究了冬季值班和安全生产检查工作。\n会议同意综合科提出的值班安排。")
    desk.click("[data-save-body]")
    desk.click("details.decision-add summary")
    desk.fill("form[data-decision-form] textarea[name=text]", "综合科于12月20日前印发冬季值班表")
    desk.select_option("form[data-decision-form] select[name=sections]", index=0)
    desk.select_option("form[data-decision-form] select[name=leader]", index=1)
    desk.fill("form[data-decision-form] input[name=due_date]", (starts.date() + timedelta(days=14)).isoformat())
    desk.click("[data-add-decision]")
    assert desk.locator("[data-decisions] tr[data-decision]").count() == 1
    desk.click("[data-submit]")
    _shot(desk, tmp_path, "desk-minutes")
    context.close()

    # The chair approves on a phone, one tap [18].
    context, page = _phone(browser, live_server, "zhuren")
    page.goto(f"{base}/meetings/{meeting.pk}/minutes/")
    assert page.locator("[data-approve-card]").is_visible()
    _fits_phone(page)
    _shot(page, tmp_path, "phone-minutes-approve")
    page.click("[data-approve]")
    assert "主持人已审定" in page.inner_text("article")
    context.close()

    context, desk = _desk(browser, live_server, "shoufa")
    desk.goto(f"{base}/meetings/{meeting.pk}/minutes/")
    desk.click("[data-issue]")
    number = desk.inner_text("[data-minutes-number]")
    assert re.fullmatch(r"主任办公会议纪要〔\d{4}〕\d+号", number), number
    assert Minutes.objects.get(meeting=meeting).state == MinutesState.ISSUED
    desk.goto(f"{base}/meetings/decisions/")
    _shot(desk, tmp_path, "desk-decisions")
    desk.goto(f"{base}/meetings/statistics/")
    desk.wait_for_selector("#chart-meetings svg")
    _shot(desk, tmp_path, "desk-stats")
    context.close()

    context, page = _phone(browser, live_server, "shoufa")
    for name, path in (("decisions", "/meetings/decisions/"), ("stats", "/meetings/statistics/")):
        page.goto(f"{base}{path}")
        _fits_phone(page)
        _shot(page, tmp_path, f"phone-{name}")
    context.close()
