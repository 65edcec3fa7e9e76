"""Browser journey of a 协调事项 [9], [15], on a desk (1280) and a phone (390×844).

The office's 归口人员 at a desk registers a matter between 萨呼腾镇 and 农牧水利科技局 on the agriculture line,
records the coordination meeting, and proposes the office's handling — which goes to the line's 分管副县长 [9]; the
deputy head decides on a phone (批示) [9]; the township's 联络员, on a phone, then reads the matter with the
decision. No sideways scrolling on the phone. Screenshots go to ``$DUTIES_SHOTS/coordination/`` when set.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coordination.models import Matter, State
from org.demo import build_demo_office
from org.models import BusinessLine, Unit

from ..browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESK = {"viewport": {"width": 1280, "height": 900}}
TITLE = "萨呼腾镇与农牧水利科技局草场围栏建设责任划分"
PROPOSAL = "建议由萨呼腾镇组织实施，农牧水利科技局负责技术指导，资金按县级财政规定分担。"


def _shot(page, name: str) -> None:
    folder = os.environ.get("DUTIES_SHOTS", "")
    if not folder:
        return
    path = Path(folder) / "coordination"
    path.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path / f"{name}.png"), full_page=True)


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, (page.url, width)


def _context(browser, live_server, username: str, *, phone: bool = False):
    page = browser.new_context(locale="zh-CN", **(PHONE if phone else DESK)).new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server, username)
    return page


def test_register_propose_and_the_leader_decides_9_15(browser, live_server):
    users = build_demo_office()
    base = live_server.url
    town = Unit.objects.get(short_name="萨呼腾镇")
    bureau = Unit.objects.get(short_name="农牧水利科技局")
    line = BusinessLine.objects.get(code="agriculture")

    # The 归口人员 at a desk registers the matter [9].
    clerk = _context(browser, live_server, "guikou2")
    clerk.goto(f"{base}/coordination/new/")
    clerk.wait_for_selector("form[data-matter-form]")
    clerk.fill("input[name=title]", TITLE)
    clerk.fill("textarea[name=matter]", "草场围栏建设的实施主体和资金分担，镇政府与农牧水利科技局意见不一。")
    clerk.check(f"input[name=parties][value='{town.pk}']")
    clerk.check(f"input[name=parties][value='{bureau.pk}']")
    clerk.check("input[name=origin][value=request]")
    clerk.select_option("select[name=requested_by]", value=str(town.pk))
    clerk.select_option("select[name=line]", value=str(line.pk))
    clerk.select_option("select[name=lead]", value=str(users["fuzhuren"].pk))
    clerk.select_option("select[name=handler]", value=str(users["guikou2"].pk))
    _shot(clerk, "desk-1-register")
    clerk.click("button[data-register]")
    clerk.wait_for_selector("article[data-matter][data-state=registered]")
    matter = Matter.objects.get(title=TITLE)

    # The coordination meeting recorded: the matter is 协调中 [9].
    clerk.click("[data-talk-panel] summary")
    clerk.fill("#talk-attendees", "办公室副主任，萨呼腾镇镇长，农牧水利科技局局长")
    clerk.fill("#talk-content", "双方介绍情况，争议在资金分担，同意由办公室提出处理意见。")
    clerk.click("button[data-talk]")
    clerk.wait_for_selector("article[data-state=coordinating]")
    _shot(clerk, "desk-2-coordinating")

    # The office's proposal, to the line's 分管副县长 by default [9].
    clerk.fill("#propose-proposal", PROPOSAL)
    clerk.click("button[data-propose]")
    clerk.wait_for_selector("article[data-state=proposed]")
    matter.refresh_from_db()
    assert matter.leader == line.deputy_head
    _shot(clerk, "desk-3-proposed")

    # The township's 联络员 on a phone: the matter, not the proposal yet [9].
    contact = _context(browser, live_server, "lianluo", phone=True)
    contact.goto(f"{base}/coordination/{matter.pk}/")
    contact.wait_for_selector("[data-proposal-hidden]")
    assert PROPOSAL not in contact.content()
    _fits(contact)

    # The deputy head on a phone decides [9].
    leader = _context(browser, live_server, line.deputy_head.username, phone=True)
    leader.goto(f"{base}/coordination/{matter.pk}/")
    leader.wait_for_selector("form[data-decide-form]")
    _fits(leader)
    _shot(leader, "phone-4-decide")
    button = leader.locator("button[data-decide]").bounding_box()
    assert button["height"] >= 40, button
    leader.fill("#decide-text", "同意办公室意见，请萨呼腾镇牵头落实。")
    leader.click("button[data-decide]")
    leader.wait_for_selector("article[data-state=decided]")
    _fits(leader)
    _shot(leader, "phone-5-decided")
    matter.refresh_from_db()
    assert matter.state == State.DECIDED and matter.decided_by == line.deputy_head

    # The contact reads the decision and the proposal now [9].
    contact.goto(f"{base}/coordination/{matter.pk}/")
    contact.wait_for_selector("[data-decision]")
    assert PROPOSAL in contact.content()
    _fits(contact)
    _shot(contact, "phone-6-contact-reads")
    contact.goto(f"{base}/coordination/")
    contact.wait_for_selector(f"tr[data-matter='{matter.pk}']")
    _fits(contact)
    for page in (clerk, contact, leader):
        page.context.close()
