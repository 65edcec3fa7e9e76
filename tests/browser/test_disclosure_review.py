"""What a clerk saw on the 政务公开 pages in Chromium [36]: on a desk a step's button was stretched across the whole
card (the form is a column), and on a phone the statistics' figures table printed each column's label inside
every cell beside the header row, squeezing a unit's name to one character a line.

Here rather than in tests/disclosure/: a second module importing the session's Chromium starts a second Playwright."""

from __future__ import annotations

import pytest
from django.urls import reverse

from disclosure import services
from tests.browser.conftest import sign_in
from tests.disclosure.conftest import clock  # noqa: F401 - the disclosure tests' day, 14 September 2026 (autouse)
from tests.disclosure.factories import OFFICER, finding

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def _page(browser, live_server, user, *, phone: bool = False):
    user.set_password("zaduo-demo-2026")
    user.save()
    options = PHONE if phone else {"viewport": {"width": 1280, "height": 900}}
    page = browser.new_context(locale="zh-CN", **options).new_page()
    sign_in(page, live_server, user.username)
    return page


def test_a_steps_button_keeps_its_width_on_a_desk_and_fills_a_phone_36(office, browser, live_server):
    """[36] 验收通过 on a reported finding: a button's width on a desk, the card's width on a phone."""
    item = finding(office)
    services.rectification_report(actor=office[OFFICER], pk=item.pk, report="已补发年度报告并张贴。")
    url = live_server.url + reverse("disclosure:finding", args=[item.pk])
    desk = _page(browser, live_server, office[OFFICER])
    desk.goto(url)
    assert desk.locator("[data-accept-card] button[type=submit]").first.bounding_box()["width"] < 300
    phone = _page(browser, live_server, office[OFFICER], phone=True)
    phone.goto(url)
    button = phone.locator("[data-accept-card] button[type=submit]").first.bounding_box()["width"]
    card = phone.locator("[data-accept-card]").bounding_box()["width"]
    assert button > card * 0.8


def test_the_statistics_figures_stay_a_table_on_a_phone_36(office, browser, live_server):
    """[36] the findings per unit on a phone: a header row and plain cells (no "单位：" in each), names on one line."""
    finding(office)
    phone = _page(browser, live_server, office[OFFICER], phone=True)
    phone.goto(live_server.url + reverse("disclosure:stats") + "?year=2026")
    cell = phone.locator("table[data-table=findings] tbody tr td").first
    before = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert before in ("none", "normal", "")
    assert cell.bounding_box()["height"] < 40  # one line, not one character a line
