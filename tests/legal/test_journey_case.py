"""Browser journey of a case [13], on a desk (1280) and a phone (390×844).

法制科's chief registers a reconsideration case at her desk and sees its reply deadline on the register, computed
by rule (10 working days from the day the copy was received); the office director opens the register on a phone
and sees the same deadline with the applicant masked. Every page is looked at at its width (no sideways
scrolling on the phone); screenshots go to $DUTIES_SHOTS/legal/ when set.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import timezone

from legal.models import Case
from legal.services import reply_due
from org.demo import build_demo_office
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
NUMBER = "杂政复〔2026〕21号"


def _shot(page, name: str) -> None:
    folder = os.environ.get("DUTIES_SHOTS")
    if not folder:
        return
    path = Path(folder) / "legal"
    path.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path / f"{name}.png"), full_page=True)


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, (page.url, width)


def _context(browser, live_server, username: str, *, phone: bool = False):
    options = PHONE if phone else {"viewport": {"width": 1280, "height": 900}}
    page = browser.new_context(locale="zh-CN", **options).new_page()
    sign_in(page, live_server, username)
    return page


def test_a_case_is_registered_and_its_deadline_shows_on_the_register_13(browser, live_server):
    build_demo_office()
    base = live_server.url
    today = timezone.localdate()
    due = reply_due("reconsideration", today)

    desk = _context(browser, live_server, "fazhi")
    desk.goto(f"{base}/legal/")
    desk.wait_for_selector("a[data-register]")
    _shot(desk, "desk-1-register")
    desk.click("a[data-register]")
    desk.wait_for_selector("form[data-case-form]")
    desk.select_option("select[name=kind]", "reconsideration")
    desk.fill("input[name=number]", NUMBER)
    desk.fill("input[name=party_name]", "才仁多杰")
    desk.fill("input[name=party_id_number]", "632722198804120031")
    desk.fill("textarea[name=act]", "县自然资源局作出的行政处罚决定")
    desk.select_option("select[name=unit]", label="杂多县住房和城乡建设局")
    desk.fill("input[name=received_on]", today.isoformat())
    _shot(desk, "desk-2-form")
    desk.click("button[data-submit]")
    desk.wait_for_selector("article[data-case]")
    case = Case.objects.get(number=NUMBER)
    assert case.reply_due_on == due
    assert f"{due.year}年{due.month}月{due.day}日" in desk.inner_text("[data-due]")
    _shot(desk, "desk-3-case")
    desk.goto(f"{base}/legal/")
    row = desk.wait_for_selector(f"tr[data-case='{case.pk}']")
    assert due.isoformat() in row.inner_text() and "才仁多杰" in row.inner_text()

    phone = _context(browser, live_server, "zhuren", phone=True)
    phone.goto(f"{base}/legal/")
    row = phone.wait_for_selector(f"tr[data-case='{case.pk}']")
    text = row.inner_text()
    assert due.isoformat() in text and "才***" in text and "才仁多杰" not in text
    _fits(phone)
    _shot(phone, "phone-4-register")

    # The public list of licensing items in force, on the phone too [13].
    phone.goto(f"{base}/legal/items/")
    phone.wait_for_selector("a[data-export]")
    _fits(phone)
    _shot(phone, "phone-5-items")
