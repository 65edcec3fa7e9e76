"""Browser journey of one 主任办公会议 from topic to tracked decision [17], [18], [26(6)3], [37], [39], [40].

- [18]: 陈志强, a deputy director, proposes a topic for the 主任办公会议 with a category from 第十八条's list
  (（四）研究需要统筹协调的有关事项); 张伟, the director, accepts it on his phone — no meeting yet, so
  "同意上会，待排会议".
- [17], [26(6)3]: the 收发秘书 records that 扎西拉姆, the other deputy, is away tomorrow (``absence_record``), then
  prepares a 主任办公会议 tomorrow at 09:00 in the small meeting room. Before anything is saved the page SHOWS
  that 扎西拉姆 is away; she confirms 仍然保存 and the log keeps what was shown.
- [18]: she puts the waiting topic on the agenda (安排议程) and sends the notice.
- [17]: tomorrow at 09:05 (the server clock moved into the meeting, as the leave journey does) she records on a
  phone 签到 for the director and 请假 for the absent deputy; the proposer signs himself in on his phone; she
  opens the meeting (开会) and closes it (散会).
- [17], [18]: she drafts the minutes with one 议定事项 (text, responsible section, responsible leader, deadline)
  [37] and sends them to the chair; the director approves them on his phone; she issues them, numbered
  主任办公会议纪要〔year〕1号.
- [37], [39], [40]: she makes the decision a tracked item (立项督办); the decision list shows it, 督办中, with its
  deadline.

Each phone page is checked to fit 390 px without sideways scrolling. Screenshots go to the test's tmp_path, or to
MTG_SHOTS when set (as the other meetings journeys), so a person or CI can keep and look at them.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from meetings.models import Attendee, Decision, DecisionState, Meeting, MinutesState, Room, Topic, TopicState
from org.demo import build_demo_office
from org.models import Absence, Section
from org.services import absence_record

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOPIC = "统筹安排元旦期间值班和安全生产检查"
TITLE = "主任办公会议（研究元旦期间值班安排）"
DECISION = "综合科于元旦前印发值班表，并组织一次安全生产检查"
ROOM = "办公室小会议室"


def _shot(page, tmp_path, name: str) -> None:
    folder = Path(os.environ.get("MTG_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"mtgjourney-{name}.png"), full_page=True)


def _fits_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url}: the page must fit a phone without sideways scrolling ({width}px)"


@contextmanager
def on_phone(browser, live_server, username: str):
    """A separate phone-sized window per person, signed in."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    sign_in(page, live_server, username)
    try:
        yield page
    finally:
        context.close()


@contextmanager
def at_desk(browser, live_server, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
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
    """Press a button that posts and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(selector)
    page.wait_for_load_state("networkidle")


def _messages(page) -> str:
    return page.inner_text("ul.messages") if page.locator("ul.messages").count() else ""


def test_a_directors_office_meeting_from_topic_to_tracked_decision(browser, live_server, tmp_path):
    users = build_demo_office()
    base = live_server.url
    Room.objects.get_or_create(name=ROOM, defaults={"location": "县政府办公楼二楼", "capacity": 12})
    tomorrow = timezone.localdate() + timedelta(days=1)
    deadline = tomorrow + timedelta(days=14)

    # 提出议题 [18]: the deputy director chooses the kind, then a category of 第十八条.
    with at_desk(browser, live_server, "fuzhuren") as page:
        _go(page, f"{base}/meetings/topics/new/")
        page.select_option("select[name=kind]", "director_office")
        assert page.locator(".kind-words[data-kind=director_office]").is_visible()
        assert "研究需要统筹协调的有关事项" in page.inner_text(".kind-words[data-kind=director_office]")
        page.select_option("select[name=category]", "18-4")
        page.fill("input[name=title]", TOPIC)
        page.fill("textarea[name=description]", "请会议研究元旦期间值班表和安全生产检查的分工。")
        _shot(page, tmp_path, "1-topic-form-desk")
        _click(page, "form[data-topic-form] button[type=submit]")
        assert re.search(r"/meetings/topics/\d+/$", page.url), page.url
        assert "待审定" in page.inner_text("article header")
        assert "（四）研究需要统筹协调的有关事项" in page.inner_text("article")
    topic = Topic.objects.get(title=TOPIC)
    assert topic.proposer.username == "fuzhuren" and topic.category == "18-4"

    # 审定 [18]: the director, on his phone, finds it waiting for him and accepts it to wait for a meeting.
    with on_phone(browser, live_server, "zhuren") as page:
        _go(page, f"{base}/meetings/topics/?show=decide")
        row = page.locator(f"[data-topic='{topic.pk}']")
        assert TOPIC in row.inner_text()
        _fits_phone(page)
        with page.expect_navigation():
            row.locator("a").first.click()
        assert page.locator("[data-decide]").is_visible()
        assert "同意后议题待排会议" in page.inner_text("[data-decide]")
        _fits_phone(page)
        _shot(page, tmp_path, "2-topic-decide-phone")
        _click(page, "[data-accept]")
        assert "已同意上会，待排会议" in _messages(page)
        assert "同意上会，待排会议" in page.inner_text("article")
        _fits_phone(page)
    topic.refresh_from_db()
    assert topic.state == TopicState.ACCEPTED and topic.meeting_id is None

    # 外出 [26(6)3]: 扎西拉姆 is away tomorrow (a trip), recorded by the clerk.
    wenmi = users["fuzhuren_wenmi"]
    absence_record(
        actor=users["shoufa"],
        person=wenmi,
        starts_at=timezone.make_aware(datetime.combine(tomorrow, time(8, 0))),
        ends_at=timezone.make_aware(datetime.combine(tomorrow, time(18, 0))),
        reason=Absence.Reason.TRIP,
        note="赴州政府汇报",
    )

    # 筹备 [17], [18]: the conflict is shown before saving; she confirms 仍然保存.
    with at_desk(browser, live_server, "shoufa") as page:
        _go(page, f"{base}/meetings/new/")
        with page.expect_navigation():
            page.click("a[data-kind=director_office]")
        page.fill("input[name=title]", TITLE)
        page.fill("input[name=starts_at]", f"{tomorrow.isoformat()}T09:00")
        page.fill("input[name=ends_at]", f"{tomorrow.isoformat()}T10:30")
        page.select_option("select[name=room]", label=ROOM)
        # The chair (the director) and the default attendees (the office's leaders) are chosen already [18].
        assert page.locator("select[name=chair] option:checked").inner_text().startswith("张伟")
        assert page.locator("fieldset.m-people label.check", has_text="扎西拉姆").locator("input").is_checked()
        _click(page, "button[data-save]")
        conflicts = page.locator("[data-conflicts]")
        assert conflicts.is_visible()
        assert "扎西拉姆" in conflicts.inner_text() and "出差不在岗" in conflicts.inner_text()
        assert not Meeting.objects.filter(title=TITLE).exists(), "nothing is saved before 仍然保存 [17]"
        _shot(page, tmp_path, "3-conflict-desk")
        assert page.locator("button[data-confirm]").inner_text().strip() == "仍然保存"
        _click(page, "button[data-confirm]")
        assert re.search(r"/meetings/\d+/$", page.url), page.url
        assert "存在冲突，已记入办理记录" in _messages(page)
        meeting = Meeting.objects.get(title=TITLE)
        assert "扎西拉姆" in page.inner_text("ol.log") and "仍然保存" in page.inner_text("ol.log")

        # 安排议程 [18]: the accepted topic goes on this meeting's agenda.
        with page.expect_navigation():
            page.click("[data-agenda]")
        waiting = page.locator("label.check", has_text=TOPIC)
        assert waiting.is_visible()
        waiting.locator("input[name=topic]").check()
        _shot(page, tmp_path, "4-agenda-desk")
        _click(page, "button:has-text('保存议程')")
        assert "议程已保存（1项）" in _messages(page)
        assert TOPIC in page.inner_text(f"#agenda [data-topic='{topic.pk}']")

        # 会议通知 [17].
        _click(page, "button[data-send-notice]")
        assert "会议通知已发出" in _messages(page)
        assert page.locator(".m-state-notified").first.is_visible()
        _shot(page, tmp_path, "5-notified-desk")
    topic.refresh_from_db()
    assert topic.meeting_id == meeting.pk

    seats = {
        a.person.username: a.pk for a in Attendee.objects.filter(meeting=meeting, active=True, person__isnull=False)
    }
    assert {"zhuren", "fuzhuren", "fuzhuren_wenmi"} <= set(seats)

    # The meeting: tomorrow, 09:05. 签到 on a phone [17].
    in_meeting = timezone.make_aware(datetime.combine(tomorrow, time(9, 5)))
    with time_machine.travel(in_meeting, tick=True):
        with on_phone(browser, live_server, "shoufa") as page:
            _go(page, f"{base}/meetings/{meeting.pk}/attendance/")
            assert page.inner_text("[data-count-expected]") == str(len(seats))
            assert page.inner_text("[data-count-present]") == "0"
            _fits_phone(page)
            _click(page, f"[data-attendee='{seats['zhuren']}'] button[data-mark=present]")
            assert page.inner_text(f"[data-attendee='{seats['zhuren']}'] [data-status]") == "已签到"
            _click(page, f"[data-attendee='{seats['fuzhuren_wenmi']}'] button[data-mark=leave]")
            assert page.inner_text(f"[data-attendee='{seats['fuzhuren_wenmi']}'] [data-status]") == "请假"
            assert page.inner_text("[data-count-present]") == "1"
            assert page.inner_text("[data-count-leave]") == "1"
            _fits_phone(page)
            _shot(page, tmp_path, "6-attendance-phone")

        # The proposer signs himself in on his phone (from an hour before the start) [17].
        with on_phone(browser, live_server, "fuzhuren") as page:
            _go(page, f"{base}/meetings/{meeting.pk}/")
            _fits_phone(page)
            _click(page, "button[data-sign-in]")
            assert "已签到" in _messages(page)
            assert "已签到" in page.inner_text(".m-my-status")

        # 开会, 散会 on the same phone [17].
        with on_phone(browser, live_server, "shoufa") as page:
            _go(page, f"{base}/meetings/{meeting.pk}/")
            _click(page, "button[data-open]")
            assert page.locator(".m-state-in_progress").first.is_visible()
            _fits_phone(page)
            _shot(page, tmp_path, "7-in-progress-phone")
            _click(page, "button[data-close]")
            assert "已散会" in _messages(page)
            assert page.locator(".m-state-ended").first.is_visible()
            attendees = page.inner_text("#attendees")
            assert "实到 2" in attendees and "请假 1" in attendees
            _fits_phone(page)

    meeting.refresh_from_db()
    assert meeting.number_label and meeting.state == "ended"
    seat = Attendee.objects.get(pk=seats["fuzhuren_wenmi"])
    assert seat.status == Attendee.Status.LEAVE

    general = Section.objects.get(code=Section.Code.GENERAL)
    after = timezone.make_aware(datetime.combine(tomorrow, time(11, 0)))
    with time_machine.travel(after, tick=True):
        # 纪要 and 议定事项 at a desk [17], [37].
        with at_desk(browser, live_server, "shoufa") as page:
            _go(page, f"{base}/meetings/{meeting.pk}/")
            with page.expect_navigation():
                page.click("[data-minutes]")
            _click(page, "[data-start]")
            page.fill(
                "textarea[name=body]", "会议研究了元旦期间值班和安全生产检查工作。\n会议同意综合科提出的值班安排。"
            )
            _click(page, "[data-save-body]")
            assert "纪要已保存" in _messages(page)
            page.click("details.decision-add summary")
            form = page.locator("form[data-decision-form]")
            form.locator("textarea[name=text]").fill(DECISION)
            form.locator("select[name=topic]").select_option(str(topic.pk))
            form.locator("select[name=sections]").select_option(str(general.pk))
            form.locator("select[name=leader]").select_option(str(wenmi.pk))
            form.locator("input[name=due_date]").fill(deadline.isoformat())
            with page.expect_navigation():
                form.locator("[data-add-decision]").click()
            assert "已记录议定事项第1项" in _messages(page)
            row = page.locator("[data-decisions] tr[data-decision]")
            assert row.count() == 1
            text = row.inner_text()
            assert "综合科" in text and "扎西拉姆" in text and deadline.isoformat() in text
            _shot(page, tmp_path, "8-minutes-desk")
            _click(page, "[data-submit]")
            assert "纪要已送主持人审定" in _messages(page)
            assert "待主持人审定" in page.inner_text("article header")

        # 审定 [18]: the chair, and only the chair, on his phone.
        with on_phone(browser, live_server, "zhuren") as page:
            _go(page, f"{base}/meetings/{meeting.pk}/minutes/")
            card = page.locator("[data-approve-card]")
            assert card.is_visible()
            assert "会议同意综合科提出的值班安排" in page.inner_text("[data-minutes-body]")
            _fits_phone(page)
            _shot(page, tmp_path, "9-minutes-approve-phone")
            _click(page, "[data-approve]")
            assert "主持人已审定" in page.inner_text("article header")
            _fits_phone(page)

        # 印发 [17], then 立项督办 [37], [39].
        with at_desk(browser, live_server, "shoufa") as page:
            _go(page, f"{base}/meetings/{meeting.pk}/minutes/")
            _click(page, "[data-issue]")
            number = page.inner_text("[data-minutes-number]")
            assert number == f"主任办公会议纪要〔{tomorrow.year}〕1号", number
            assert number in _messages(page)
            _shot(page, tmp_path, "10-minutes-issued-desk")
            with page.expect_navigation():
                page.click("[data-decisions] tr[data-decision] a")
            _click(page, "[data-track]")
            assert "已立项督办" in _messages(page)
            assert "督办中" in page.inner_text("article header")
            _go(page, f"{base}/meetings/decisions/")
            decision = Decision.objects.get(meeting=meeting)
            row = page.locator(f"[data-decisions] tr[data-decision='{decision.pk}']")
            assert DECISION[:20] in row.inner_text()
            assert row.locator("[data-due]").inner_text().strip() == deadline.isoformat()
            assert "督办中" in row.inner_text()
            _shot(page, tmp_path, "11-decisions-desk")

        # The responsible leader sees it on her phone, with its deadline [37], [39].
        with on_phone(browser, live_server, "fuzhuren_wenmi") as page:
            _go(page, f"{base}/meetings/decisions/")
            row = page.locator(f"[data-decisions] tr[data-decision='{decision.pk}']")
            assert row.locator("[data-due]").inner_text().strip() == deadline.isoformat()
            _fits_phone(page)
            _shot(page, tmp_path, "12-decisions-phone")

    meeting.refresh_from_db()
    decision.refresh_from_db()
    assert meeting.state == "minutes_issued" and meeting.minutes.state == MinutesState.ISSUED
    assert decision.state == DecisionState.TRACKED and decision.due_date == deadline
    assert decision.leader_id == wenmi.pk and list(decision.sections.all()) == [general]
