"""The keyboard alone (issue 14): the clerk registers an incoming document and distributes it without a mouse —
Tab, Shift+Tab, the arrows, Space and Enter only. The skip link 跳到正文 is the first stop and takes focus into the
page; the focused control wears the app's own ring; 签收登记 is a few Tabs from the registry [26(1)], [26(2)]."""

from __future__ import annotations

import os
import re

import pytest

from documents.incoming.models import IncomingDocument, State
from tests.factories import PASSWORD
from tests.incoming import factories as docs

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于做好冬季草原防火工作的通知（键盘登记）"
SHOTS = os.environ.get("A11Y_SHOTS", "/tmp/a11y-phone-shots")


def _focused(page, test: str) -> bool:
    return page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({test}); }}")


def tab_to(page, test: str, limit: int = 80) -> int:
    """Press Tab until the focused element passes ``test`` (JavaScript on ``el``); the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if _focused(page, test):
            return presses
    raise AssertionError(f"{test} not reached in {limit} Tabs")


def choose(page, value: str, limit: int = 60) -> None:
    """On a focused (closed) select, ArrowDown until ``value`` is chosen."""
    for _ in range(limit):
        if page.evaluate("() => document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"option {value} not reached")


def test_the_clerk_registers_and_distributes_with_the_keyboard_alone(desktop, live_server, office):
    """[26(1)] 签收登记 and [26(2)] 分办 by the registry clerk, no mouse; the skip link first (WCAG 2.4.1), a
    visible focus ring (2.4.7)."""
    page = desktop
    unit = docs.unit()
    sign_in(page, live_server, office["shoufa"].username, PASSWORD)
    page.goto(f"{live_server.url}/incoming/")

    # The first Tab shows 跳到正文; Enter puts focus at the start of the content.
    page.keyboard.press("Tab")
    assert _focused(page, "el.classList.contains('skip-link')")
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # on screen once focused
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.boxShadow]; }"
    )
    assert ring[0] == "solid" and ring[1] != "none"
    page.keyboard.press("Enter")
    assert _focused(page, "el.id === 'main'")
    stops = tab_to(page, "el.tagName === 'A' && el.textContent.trim() === '签收登记'")
    assert stops <= 5  # was 15 from the registry before the skip link (issue 14)
    page.keyboard.press("Enter")
    page.wait_for_url("**/incoming/register/")

    tab_to(page, "el.name === 'source_unit'")
    choose(page, str(unit.pk))
    tab_to(page, "el.name === 'title'")
    page.keyboard.type(TITLE)
    tab_to(page, "el.name === 'sender_number'")
    page.keyboard.type("玉政办〔2026〕99号")
    tab_to(page, "el.type === 'submit' && el.closest('form[data-register-form]')")
    page.keyboard.press("Enter")
    # Wait for the document's page itself: "networkidle" can return before the POST has even started.
    page.wait_for_url(re.compile(r"/incoming/\d+/$"))
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/keyboard-registered.png", full_page=True)
    doc = IncomingDocument.objects.filter(title=TITLE).first()
    assert doc is not None, page.inner_text("main")[:800]
    assert doc.state == State.REGISTERED and doc.source_unit == unit
    assert page.url.endswith(f"/incoming/{doc.pk}/")

    # 分办: the clerk records the deputy's opinion given by phone [26(2)].
    page.locator("main").focus()
    tab_to(page, "el.tagName === 'A' && el.getAttribute('href').endsWith('/distribute/')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/distribute/")
    tab_to(page, "el.name === 'category'")
    page.keyboard.press("Space")
    for _ in range(3):  # the arrows move along the radio group: 批阅件 [26(6)1]
        if _focused(page, "el.value === 'read' && el.checked"):
            break
        page.keyboard.press("ArrowDown")
    assert page.is_checked("input[name=category][value=read]")
    tab_to(page, "el.name === 'opinion'")
    page.keyboard.type("请副县长阅。")
    if page.locator("input[name=opinion_via]").count():
        tab_to(page, "el.name === 'opinion_via'")
        page.keyboard.press("Space")
    tab_to(page, "el.name === 'r-0-reader'")
    choose(page, str(office["fuxianzhang1"].pk))
    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === '分办并送阅'")
    page.keyboard.press("Enter")
    distributed = page.locator(".messages", has_text=f"已分办《{TITLE}》")
    # Either the plan to confirm or the document's page: wait for one, never for "networkidle" (it can return
    # before the POST has started, and the database is then read too early).
    page.locator("[data-confirm-distribute]").or_(distributed).first.wait_for()
    if page.locator("[data-confirm-distribute]").count():  # the plan shown first: confirmed by the keyboard too
        page.locator("main").focus()
        tab_to(page, "el.hasAttribute('data-confirm-distribute')")
        page.keyboard.press("Enter")
        distributed.wait_for()
    doc.refresh_from_db()
    assert doc.state == State.CIRCULATING, page.inner_text("main")[:500]
    assert doc.holder == office["fuxianzhang1"]
    assert f"已分办《{TITLE}》" in page.inner_text(".messages")
