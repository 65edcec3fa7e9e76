"""Browser journey of a normative document (规范性文件) [13], on a desk (1280) and a phone (390×844).

A normative outgoing document, built by the outgoing services through its whole route — 法制科's review among the
steps [30(2)3] — reaches 已分发 and is in the register on its own. 法制科, on a desk, finds it in the 登记簿 and
sees the review opinion it carries, sets 施行日期 to the day of publication, publishes it on the county portal,
records the filing with 玉树州人民政府 and the prefecture's acceptance; a township's 联络员, on a phone, finds it
in the 现行有效规范性文件目录. Later 法制科 runs a clean-up proposing 废止; the executive deputy head (常务副县长)
decides on a phone; the document reads 已废止 and is gone from the in-force list. Every page is looked at at its
width (no sideways scrolling on the phone); screenshots go to $DUTIES_SHOTS/normative/ when set, else tmp_path.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from normative.models import Cleanup, NormativeDocument, State
from tests.browser.conftest import sign_in
from tests.browser.test_a11y_axe import IMPACTS, _axe
from tests.factories import PASSWORD

from .factories import EXECUTIVE, LEGAL, TODAY, issued_outgoing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESK = {"viewport": {"width": 1280, "height": 900}}
TITLE = "杂多县城镇环境卫生管理办法"
BODY = "为加强城镇环境卫生管理，保障居民身体健康，制定本办法。本办法自公布之日起施行。"
OPINION = "经审核，该文件符合法律法规规定，同意发布。"


@pytest.fixture
def shots(tmp_path) -> Path:
    root = os.environ.get("DUTIES_SHOTS")
    folder = Path(root) / "normative" if root else tmp_path / "shots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _fits(page) -> None:
    """Nothing on the page pushes it wider than the screen (no sideways scrolling on a phone)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, (page.url, width)


def _context(browser, live_server, person, *, phone: bool = False):
    page = browser.new_context(locale="zh-CN", **(PHONE if phone else DESK)).new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server, person.username, PASSWORD)
    return page


def test_a_normative_document_is_published_filed_and_repealed_by_a_clean_up_13(office, browser, live_server, shots):
    """[13][30(2)3]: register → publish (the review on it) → file with 玉树州人民政府 → accepted → clean-up 废止
    decided by the executive deputy head → 已废止, off the in-force list."""
    outgoing = issued_outgoing(office, title=TITLE, body=BODY)
    doc = NormativeDocument.objects.get(outgoing=outgoing)  # registered when it was distributed [13]
    assert doc.state == State.REGISTERED
    base = live_server.url
    day = TODAY.isoformat()

    violations: dict[str, list] = {}

    def shot(page, name: str) -> None:
        """A screenshot, and axe-core over the page: no serious or critical WCAG 2.1 AA violation."""
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
        bad = [v for v in _axe(page) if v["impact"] in IMPACTS]
        if bad:
            violations[name] = bad

    # 法制科 on a desk: the register, the document with the review opinion it carries [13][30(2)3].
    legal = _context(browser, live_server, office[LEGAL])
    legal.goto(f"{base}/normative/")
    legal.wait_for_selector(f"table[data-register] tr[data-document='{doc.pk}'][data-state=registered]")
    shot(legal, "desk-1-register")
    legal.click(f"tr[data-document='{doc.pk}'] a")
    legal.wait_for_selector("[data-legal-opinion]")
    assert OPINION in legal.inner_text("[data-legal-opinion]")
    assert outgoing.doc_number in legal.inner_text("[data-doc-number]")
    shot(legal, "desk-2-registered")

    # 施行日期: from the day it is published (本办法自公布之日起施行) [13].
    legal.click("a[data-edit]")
    legal.wait_for_selector("form[data-form]")
    legal.fill("input[name=effective_on]", day)
    legal.fill("input[name=valid_until]", "")
    legal.click("button[data-submit]")
    legal.wait_for_selector("[data-publish-form]")
    assert "2026年11月16日" in legal.inner_text("[data-effective]")
    assert "2031年11月16日" in legal.inner_text("[data-valid-until]")  # five years [13]

    # 公布 on the county portal.
    legal.fill("[data-publish-form] input[name=published_on]", day)
    legal.select_option("[data-publish-form] select[name=published_in]", value="portal")
    legal.click("button[data-publish]")
    legal.wait_for_selector("article[data-state=published] [data-filing-form]")
    assert "县政府门户网站" in legal.inner_text("[data-published]")
    shot(legal, "desk-3-published")

    # 报送备案 to the prefecture, then its acceptance [13].
    legal.fill("[data-filing-form] input[name=filed_on]", day)
    legal.fill("[data-filing-form] input[name=filed_with]", "玉树州人民政府")
    legal.click("button[data-file]")
    legal.wait_for_selector("[data-accept-form]")
    assert "2026年11月16日" in legal.inner_text("[data-filed]")
    legal.fill("[data-accept-form] input[name=accepted_on]", day)
    legal.fill("[data-accept-form] textarea[name=result]", "经审查，准予备案。")
    legal.click("button[data-accept-filing]")
    legal.wait_for_selector("[data-filing-accepted]")
    assert "准予备案" in legal.inner_text("[data-filing-accepted]")
    assert "玉树州人民政府" in legal.inner_text("article")
    shot(legal, "desk-4-filed")

    # A township's 联络员 on a phone: the in-force list has it [13].
    contact = _context(browser, live_server, office["lianluo"], phone=True)
    contact.goto(f"{base}/normative/")  # lands on the list, the register is not theirs
    contact.wait_for_selector(f"[data-in-force-list] tr[data-document='{doc.pk}']")
    assert TITLE in contact.inner_text("[data-in-force-list]")
    _fits(contact)
    shot(contact, "phone-1-in-force")

    # Later, a clean-up proposes 废止 and goes to the leader [13].
    legal.goto(f"{base}/normative/cleanups/")
    legal.fill("input[name=title]", "2026年度规范性文件清理")
    legal.click("button[data-start]")
    legal.wait_for_selector("form[data-add-form]")
    legal.select_option("[data-add-form] select[name=document]", value=str(doc.pk))
    legal.select_option("[data-add-form] select[name=proposal]", value="repeal")
    legal.fill("[data-add-form] textarea[name=reason]", "城镇环境卫生管理已由州级条例统一规定，本办法不再适用。")
    legal.click("button[data-add]")
    legal.wait_for_selector("[data-items] tr[data-proposal=repeal]")
    legal.click("button[data-submit-cleanup]")
    legal.wait_for_selector("article[data-state=submitted]")
    shot(legal, "desk-5-cleanup-submitted")
    cleanup = Cleanup.objects.get(title="2026年度规范性文件清理")

    # The executive deputy head decides on a phone [13].
    leader = _context(browser, live_server, office[EXECUTIVE], phone=True)
    leader.goto(f"{base}/normative/cleanups/{cleanup.pk}/")
    leader.wait_for_selector("[data-decide-form]")
    _fits(leader)
    shot(leader, "phone-2-decide")
    leader.fill("[data-decide-form] textarea[name=comment]", "同意清理意见。")
    leader.click("button[data-decide]")
    leader.wait_for_selector("article[data-state=decided]")
    _fits(leader)
    leader.goto(f"{base}/normative/{doc.pk}/")
    leader.wait_for_selector("article[data-state=repealed]")
    assert "已废止" in leader.inner_text("[data-state-label]")
    _fits(leader)
    shot(leader, "phone-3-repealed")

    # Gone from the in-force list — the 联络员's phone and 法制科's desk alike.
    contact.goto(f"{base}/normative/in-force/")
    contact.wait_for_selector("main")
    assert contact.locator(f"tr[data-document='{doc.pk}']").count() == 0
    _fits(contact)
    shot(contact, "phone-4-in-force-after")
    legal.goto(f"{base}/normative/{doc.pk}/")
    legal.wait_for_selector("article[data-state=repealed]")
    assert "经清理废止" in legal.inner_text("article")
    shot(legal, "desk-6-repealed")

    # 法制科 on a phone: the register and the repealed document fit the screen.
    legal_phone = _context(browser, live_server, office[LEGAL], phone=True)
    legal_phone.goto(f"{base}/normative/?state=repealed")
    legal_phone.wait_for_selector(f"table[data-register] tr[data-document='{doc.pk}'][data-state=repealed]")
    _fits(legal_phone)
    shot(legal_phone, "phone-5-register")
    legal_phone.goto(f"{base}/normative/{doc.pk}/")
    legal_phone.wait_for_selector("article[data-state=repealed] [data-legal-opinion]")
    _fits(legal_phone)
    shot(legal_phone, "phone-6-document")
    assert not violations, violations
