"""Browser journey of a draft [5], on a desk (1280) and a phone (390×844): the director commissions a speech
for the county head with the deputy director as reviewer; the lead drafter writes v1 and sends it for review;
the reviewer, on a phone, returns it with an opinion; the drafter writes v2 (the diff marks the change) and
sends it again; the reviewer passes it; the county head, on a phone, gives the final approval (审定); the
final draft prints as a PDF. No sideways scrolling on the phone. Screenshots go to ``$DUTIES_SHOTS/research/``
when set, else to the test's tmp_path."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from org.demo import build_demo_office
from research.models import State, Task

from ..browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESK = {"viewport": {"width": 1280, "height": 900}}
TITLE = "县长在全县经济工作会议上的讲话"
V1 = "同志们：\n今天召开全县经济工作会议。\n一、今年工作回顾\n各项工作取得新进展。"
V2 = (
    "同志们：\n今天召开全县经济工作会议，安排部署明年工作。\n一、今年工作回顾\n各项工作取得新成效。\n"
    "二、明年重点工作\n抓项目、保民生。"
)


@pytest.fixture
def shots(tmp_path):
    root = os.environ.get("DUTIES_SHOTS")
    folder = Path(root) / "research" if root else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _page(browser, live_server, username, *, phone=False):
    page = browser.new_context(locale="zh-CN", **(PHONE if phone else DESK)).new_page()
    sign_in(page, live_server, username)
    return page


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, (page.url, width)


def test_a_speech_from_commission_to_final_with_two_versions_5(browser, live_server, shots):
    users = build_demo_office()
    base = live_server.url
    due = (timezone.localdate() + timedelta(days=7)).isoformat()

    director = _page(browser, live_server, "zhuren")
    director.goto(f"{base}/research/new/drafting/")
    director.wait_for_selector("form[data-task-form]")
    director.fill("input[name=title]", TITLE)
    director.select_option("select[name=genre]", value="speech")
    director.select_option("select[name=leader]", value=str(users["xianzhang"].pk))
    director.select_option("select[name=lead]", value=str(users["guikou1"].pk))
    director.select_option("select[name=reviewer1]", value=str(users["fuzhuren"].pk))
    director.fill("input[name=due_on]", due)
    director.screenshot(path=str(shots / "desk-1-commission.png"), full_page=True)
    director.click("button[data-save]")
    director.wait_for_selector("article[data-state=commissioned]")
    task = Task.objects.get(title=TITLE)
    director.context.close()

    drafter = _page(browser, live_server, "guikou1")
    drafter.goto(f"{base}/research/{task.pk}/")
    drafter.fill("textarea[name=body]", V1)
    drafter.fill("input[name=note]", "初稿")
    drafter.click("button[data-add-version]")
    drafter.wait_for_selector("article[data-state=drafting] tr[data-version='1']")
    drafter.click("button[data-submit]")
    drafter.wait_for_selector("article[data-state=reviewing]")
    drafter.screenshot(path=str(shots / "desk-2-in-review.png"), full_page=True)

    reviewer = _page(browser, live_server, "fuzhuren", phone=True)
    reviewer.goto(f"{base}/research/{task.pk}/")
    reviewer.wait_for_selector("[data-review-panel]")
    _fits(reviewer)
    reviewer.check("input[name=passed][value='0']")
    reviewer.fill("textarea[name=opinion]", "要写明明年的重点工作。")
    reviewer.screenshot(path=str(shots / "phone-3-review-return.png"), full_page=True)
    reviewer.click("button[data-review]")
    reviewer.wait_for_selector("article[data-state=drafting]")
    assert "要写明明年的重点工作" in reviewer.inner_text("[data-versions]")
    _fits(reviewer)

    drafter.goto(f"{base}/research/{task.pk}/")
    drafter.fill("textarea[name=body]", V2)
    drafter.fill("input[name=note]", "按审核意见增加明年重点工作")
    drafter.click("button[data-add-version]")
    drafter.wait_for_selector("tr[data-version='2']")
    drafter.click("a[data-diff]")
    drafter.wait_for_selector("[data-diff] ins")
    drafter.screenshot(path=str(shots / "desk-4-diff.png"), full_page=True)
    drafter.goto(f"{base}/research/{task.pk}/")
    drafter.click("button[data-submit]")
    drafter.wait_for_selector("article[data-state=reviewing]")
    drafter.context.close()

    reviewer.goto(f"{base}/research/{task.pk}/")
    reviewer.wait_for_selector("[data-review-panel]")
    reviewer.click("button[data-review]")
    reviewer.wait_for_selector("article[data-state=approving]")
    reviewer.context.close()

    leader = _page(browser, live_server, "xianzhang", phone=True)
    leader.goto(f"{base}/research/{task.pk}/")
    leader.wait_for_selector("[data-decide-panel]")
    _fits(leader)
    leader.screenshot(path=str(shots / "phone-5-approve.png"), full_page=True)
    leader.click("button[data-decide]")
    leader.wait_for_selector("article[data-state=final]")
    assert leader.locator("a[data-pdf]").count() == 1
    _fits(leader)
    leader.screenshot(path=str(shots / "phone-6-final.png"), full_page=True)
    response = leader.request.get(f"{base}/research/{task.pk}/pdf/")
    assert response.status == 200 and response.body().startswith(b"%PDF-")
    leader.goto(f"{base}/research/")
    leader.wait_for_selector(f"tr[data-task='{task.pk}']")
    _fits(leader)
    leader.screenshot(path=str(shots / "phone-7-list.png"), full_page=True)
    leader.context.close()

    task.refresh_from_db()
    assert task.state == State.FINAL and task.versions.count() == 2
    assert task.versions.get(number=1).body.replace("\r\n", "\n") == V1  # v1 kept as it was, never overwritten
