"""Browser journey of a supervision item (督查事项) [11], [37]–[40], on a desk (1280) and a phone (390×844).

A deputy county head's 批示 on an incoming document becomes an item with one button on the document's page
[11], [37]; the 经办人 names the lead unit and marks it major, and submits it for 立项; the 分管副县长 approves it
on a phone, with a confirmation [39]; the deadline passes, and the township's 联络员, on a phone, must give the
reason and progress before anything else — and does, with an attachment [40]; the 经办人 asks to close and the
首办责任人 closes it, late [38], [40]. Every page is looked at at both widths (no sideways scrolling on the
phone); screenshots go to the test's tmp_path, and to SUP_SHOTS when set.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from documents.incoming import services as incoming
from org.demo import build_demo_office
from supervision.models import Item, State
from tests import files

from ..incoming.factories import act, distribute, register
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INSTRUCTION = "请萨呼腾镇牵头，年底前完成冬春饲草料储备并报送落实情况。"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def _shot(page, tmp_path, name: str) -> None:
    folder = Path(os.environ.get("SUP_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _fits(page) -> None:
    """Nothing on the page pushes it wider than the screen (no sideways scrolling on a phone)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, (page.url, width)


def _context(browser, live_server, username: str, *, phone: bool = False):
    options = PHONE if phone else {"viewport": {"width": 1280, "height": 900}}
    page = browser.new_context(locale="zh-CN", **options).new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations (确认批准立项？ …)
    sign_in(page, live_server, username)
    return page


def test_an_instruction_becomes_an_item_approved_on_a_phone_reported_late_and_closed(browser, live_server, tmp_path):
    users = build_demo_office()
    doc = register(users, title="关于做好冬春饲草料储备工作的通知")
    distribute(users, doc, readers=[act(users, "fuxianzhang1")])
    incoming.incoming_sign(actor=users["fuxianzhang1"], pk=doc.pk, comment=INSTRUCTION)
    base = live_server.url
    today = timezone.localdate()

    # The 经办人: the 批示 on the incoming document becomes an item in one action [11], [37].
    clerk = _context(browser, live_server, "guikou2")
    clerk.goto(f"{base}/incoming/{doc.pk}/")
    clerk.click("[data-from-instruction] button")
    clerk.wait_for_selector("article[data-item]")
    item = Item.objects.get(from_incoming=doc)
    assert INSTRUCTION in clerk.inner_text(".sup-text") and item.state == State.REGISTERED
    _shot(clerk, tmp_path, "desk-1-item-from-instruction")

    # Names the lead unit, marks it major; its 分管副县长 (the instructing deputy) approves it [39].
    clerk.click("a[data-edit]")
    clerk.wait_for_selector("form[data-item-form]")
    clerk.select_option("select[name=lead_unit]", label="萨呼腾镇人民政府")
    clerk.fill("input[name=deadline]", (today + timedelta(days=30)).isoformat())
    clerk.check("input[name=is_major]")
    assert clerk.input_value("select[name=deputy_head]") == str(users["fuxianzhang1"].pk)
    _shot(clerk, tmp_path, "desk-2-item-form")
    clerk.click("button[data-save]")
    clerk.wait_for_selector("button[data-submit-approval]")
    assert clerk.locator("button[data-start]").count() == 0  # a major item is never started by the office [39]
    clerk.click("button[data-submit-approval]")
    clerk.wait_for_selector("[data-state=pending_approval]")

    # The 分管副县长 on a phone: the facts, a big 批准立项, a confirmation [39].
    deputy = _context(browser, live_server, "fuxianzhang1", phone=True)
    deputy.goto(f"{base}/supervision/{item.pk}/")
    deputy.click("a[data-go-decide]")
    deputy.wait_for_selector("[data-approval]")
    button = deputy.locator("button[data-approve]").bounding_box()
    assert button["width"] >= 300 and button["height"] >= 44, button  # a thumb's button
    _fits(deputy)
    _shot(deputy, tmp_path, "phone-3-approve")
    deputy.fill("input[name=comment]", "同意立项，请按期督办。")
    deputy.click("button[data-approve]")
    deputy.wait_for_selector("[data-state=tracking]")
    item.refresh_from_db()
    assert item.approved_by == users["fuxianzhang1"]
    _fits(deputy)
    _shot(deputy, tmp_path, "phone-4-approved")
    deputy.context.close()

    # The deadline passes (the clock, simulated): the item is late and owes its reason [40].
    Item.objects.filter(pk=item.pk).update(deadline=today - timedelta(days=2))

    # The township's 联络员 on a phone: the late item first, the reason and progress before anything else [40].
    contact = _context(browser, live_server, "lianluo", phone=True)
    contact.goto(f"{base}/supervision/unit/")
    assert str(item.pk) in contact.get_attribute("[data-owing] [data-item]", "data-item")
    _fits(contact)
    _shot(contact, tmp_path, "phone-5-unit-home")
    contact.goto(f"{base}/supervision/{item.pk}/")
    assert contact.locator("[data-late-first]").count() == 1 and contact.locator("[data-actions]").count() == 0
    _fits(contact)
    _shot(contact, tmp_path, "phone-6-late-first")
    contact.fill("textarea[name=late_reason]", "连续降雪，运输道路中断两周，饲草料未能按时运达。")
    contact.fill("textarea[name=text]", "已储备饲草料八成，余下部分道路通车后一周内运达。")
    folder = tmp_path / "upload"
    folder.mkdir()
    (folder / "储备进度表.pdf").write_bytes(files.pdf("SUPERVISION-JOURNEY"))
    contact.set_input_files("[data-late-form] input[name=files]", str(folder / "储备进度表.pdf"))
    contact.click("button[data-submit-late]")
    contact.wait_for_selector("[data-feedback-panel]")  # the other steps are back
    assert contact.locator("[data-late-first]").count() == 0
    assert "连续降雪" in contact.inner_text("[data-timeline]") and "储备进度表.pdf" in contact.inner_text(
        "[data-timeline]"
    )
    _fits(contact)
    _shot(contact, tmp_path, "phone-7-reported-late")
    contact.goto(f"{base}/supervision/")
    _fits(contact)
    _shot(contact, tmp_path, "phone-8-contact-list")
    contact.context.close()

    # The 经办人 asks to close; the 首办责任人 closes it — late, and recorded so [38], [40].
    clerk.goto(f"{base}/supervision/{item.pk}/")
    clerk.click("[data-close-panel] summary")
    clerk.fill("#close-result", "饲草料储备全部到位，已报送落实情况。")
    clerk.click("button[data-submit-close]")
    clerk.wait_for_selector("[data-state=pending_close]")
    clerk.context.close()
    item.refresh_from_db()
    leader = _context(browser, live_server, item.first_responsible.username)
    leader.goto(f"{base}/supervision/{item.pk}/")
    leader.click("button[data-close]")
    leader.wait_for_selector("[data-state=done]")
    assert "逾期办结" in leader.inner_text("article[data-item]")
    _shot(leader, tmp_path, "desk-9-done")
    leader.goto(f"{base}/supervision/?state=all")
    assert leader.locator(f"tr[data-item='{item.pk}']").count() == 1
    _shot(leader, tmp_path, "desk-10-list")
    leader.context.close()
    item.refresh_from_db()
    assert item.state == State.DONE and item.on_time is False
    assert item.feedback.get().late_reason.startswith("连续降雪")
