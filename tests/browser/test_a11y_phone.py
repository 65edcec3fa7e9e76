"""A 390×844 phone in Debian's Chromium (issue 14): the top bar's targets at least 44 px high, 退出 apart from
修改密码 in the menu, queue links 44 px, no text under 14 px, stacked tables keeping their labels, and a phrase
that never signs in one tap [26(6)5] — the second tap signs and the message names the document."""

from __future__ import annotations

import os

import pytest

from documents.incoming.models import Reader
from tests.factories import PASSWORD
from tests.incoming import factories as docs

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("A11Y_SHOTS", "/tmp/a11y-phone-shots")
TITLE = "关于做好冬季草原防火工作的通知"

# Every element with text of its own, visible, whose computed font size is under 14 px.
SMALL_TEXT = """() => {
  const small = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || el.closest(".visually-hidden, .skip-link")) continue;
    const size = parseFloat(style.fontSize);
    const text = el.textContent.trim().slice(0, 20);
    if (size < 14) small.push(`${el.tagName.toLowerCase()}.${el.className} ${size}px «${text}»`);
  }
  return small;
}"""


def _shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def _height(page, selector) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box["height"]


@pytest.fixture
def waiting(office):
    """A document distributed to the county head and a deputy to read: in the head's queue to sign."""
    doc = docs.register(office, title=TITLE)
    docs.distribute(office, doc, readers=["xianzhang", "fuxianzhang1"])
    return doc


def test_the_top_bar_and_the_queue_are_thumb_sized_on_a_phone(phone, live_server, office, waiting):
    """Issue 14: 通知, 菜单, every menu entry, 修改密码 and 退出 and the queue's links ≥ 44 px; 退出 on its own row."""
    sign_in(phone, live_server, office["xianzhang"].username, PASSWORD)
    _shot(phone, "home-menu-closed")
    assert _height(phone, ".topbar .bell") >= 44
    assert _height(phone, "[data-nav-toggle]") >= 44
    assert _height(phone, ".work-item > a") >= 44
    assert not phone.locator("#mainnav").is_visible()  # folded away until 菜单
    phone.click("[data-nav-toggle]")
    assert phone.get_attribute("[data-nav-toggle]", "aria-expanded") == "true"
    _shot(phone, "home-menu-open")
    entries = phone.locator("#mainnav a, .who .account-link")
    assert entries.count() >= 4
    for i in range(entries.count()):
        box = entries.nth(i).bounding_box()
        assert box["height"] >= 44, (entries.nth(i).inner_text(), box)
    password = phone.locator(".who a.account-link").bounding_box()
    logout = phone.locator(".who button.account-link").bounding_box()
    assert logout["y"] >= password["y"] + password["height"] + 8  # a row apart, not beside it
    assert phone.evaluate(SMALL_TEXT) == []


@pytest.mark.parametrize("path", ["/", "/incoming/", "/notifications/", "doc"])
def test_no_text_under_14_px_on_a_phone(phone, live_server, office, waiting, path):
    """Issue 14: roles, tags, chips and small print at 14 px at least on a phone."""
    sign_in(phone, live_server, office["shoufa"].username, PASSWORD)
    phone.goto(live_server.url + (f"/incoming/{waiting.pk}/" if path == "doc" else path))
    phone.click("[data-nav-toggle]")  # the menu's text too
    _shot(phone, "text-" + (path.strip("/").replace("/", "-") or "home"))
    assert phone.evaluate(SMALL_TEXT) == []


def test_a_phrase_asks_before_it_signs_and_the_message_names_the_document(phone, live_server, office, waiting):
    """[26(6)5] 同意 fills the opinion and turns 签阅 into 确认签阅 — nothing is recorded until the second tap,
    which signs with that opinion; the message says which document was signed (issue 14). The 传阅情况 table
    stacked on the phone keeps each cell's label."""
    sign_in(phone, live_server, office["xianzhang"].username, PASSWORD)
    phone.goto(f"{live_server.url}/incoming/{waiting.pk}/")
    labels = phone.evaluate(
        """() => Array.from(document.querySelectorAll("table.readers tbody td"))
                 .map((td) => getComputedStyle(td, "::before").content)"""
    )
    assert labels and all(label not in ("none", "normal", "") for label in labels), labels
    _shot(phone, "doc-before-sign")
    phone.click("[data-phrase]:has-text('同意')")
    assert Reader.objects.get(document=waiting, reader=office["xianzhang"]).status != Reader.Status.SIGNED
    submit = phone.locator("[data-sign-submit]")
    assert "确认签阅" in submit.inner_text()
    assert phone.input_value("textarea[name=comment]") == "同意"
    assert _height(phone, "[data-sign-submit]") >= 44 and _height(phone, "[data-phrase]") >= 44
    _shot(phone, "doc-phrase-tapped")
    submit.click()
    phone.wait_for_load_state("networkidle")
    signed = Reader.objects.get(document=waiting, reader=office["xianzhang"])
    assert signed.status == Reader.Status.SIGNED and signed.comment == "同意"
    assert f"已签阅《{TITLE}》" in phone.locator(".messages").inner_text()
    _shot(phone, "after-sign")


def test_distribution_rows_fit_a_phone(phone, live_server, office):
    """分办 on a 390 px phone (issue 14) [26(6)3]: each reader row is a card; nothing scrolls sideways."""
    from django.urls import reverse

    doc = docs.register(office, title=TITLE)
    sign_in(phone, live_server, office["shoufa"].username, PASSWORD)
    phone.goto(live_server.url + reverse("incoming:distribute", args=[doc.pk]))
    _shot(phone, "distribute-phone")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert not phone.locator("table.reader-rows thead").is_visible()
    assert phone.locator("table.reader-rows select").first.bounding_box()["width"] > 250
