"""Browser journey of one outgoing document (发文) [30], from the draft to the printed PDF.

Line staff draft on a desktop [30(1)]; the deputy director reviews with the six gates [30(2)]; the deputy
head signs from a phone-sized window [30(3)]; the drafter rechecks [30(4)]; the clerk numbers, the drafter
signs the proof, the clerk prints, seals, distributes and downloads the final document [30(5)].
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from django.utils import timezone

from documents.outgoing.demo import build_demo_outgoing
from documents.outgoing.models import OutgoingDocument, Recipient
from org.demo import build_demo_office

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于做好2026年春季草原防火工作的通知"
BODY = "为切实做好春季草原防火工作，现将有关事项通知如下。\n一、落实防火责任\n各乡（镇）对本辖区草原防火工作负总责。"


@contextmanager
def person(browser, live_server, username: str, *, phone: bool = False):
    """A separate browser window per person, signed in."""
    if phone:
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale="zh-CN",
        )
    else:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, live_server, username)
    try:
        yield page
    finally:
        context.close()


def _state(doc_id: int) -> str:
    return OutgoingDocument.objects.get(pk=doc_id).state


def test_outgoing_document_from_draft_to_distributed_pdf(browser, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    build_demo_office()
    build_demo_outgoing()

    # 拟稿 [30(1)]: 拉毛措 (农牧水利 line staff) drafts in the browser and sends it for review.
    with person(browser, live_server, "guikou2") as page:
        page.click("[data-nav=outgoing]")
        page.click("[data-new-draft]")
        page.fill("input[name=title]", TITLE)
        page.fill("input[name=main_recipients]", "各乡（镇）人民政府，县政府各部门")
        page.fill("input[name=copy_to]", "县委办公室")
        page.fill("textarea[name=body]", BODY)
        page.click("button[type=submit].primary")
        page.wait_for_load_state("networkidle")
        assert page.locator("[data-doc-title]").inner_text().strip() == TITLE
        doc_id = int(re.search(r"/outgoing/(\d+)/", page.url).group(1))
        route = page.locator("[data-route]").inner_text()
        assert "陈志强" in route and "尼玛扎西" in route and "（预计）" in route  # who must sign, before anyone acts
        page.click("[data-action=submit]")
        page.wait_for_load_state("networkidle")
        assert page.locator("[data-state]").get_attribute("data-state") == "reviewing"
        page.screenshot(path=str(tmp_path / "1-drafter.png"), full_page=True)

    # 审核 [30(2)]: 陈志强 opens it from 我的待办; five gates are not enough; six are.
    with person(browser, live_server, "fuzhuren") as page:
        page.click("[data-work-item] a")
        gates = page.locator("[data-gates] input[type=checkbox]")
        assert gates.count() == 6
        for i in range(5):
            gates.nth(i).check()
        page.click("[data-action=review]")
        page.wait_for_load_state("networkidle")
        assert "定密关尚未勾选" in page.locator("[data-errors]").inner_text()
        assert _state(doc_id) == "reviewing"
        page.locator("[data-gates] input[type=checkbox]").nth(5).check()
        for i in range(5):
            page.locator("[data-gates] input[type=checkbox]").nth(i).check()
        page.fill("textarea[name=opinion]", "同意，呈副县长签发")
        page.click("[data-action=review]")
        page.wait_for_load_state("networkidle")
        assert _state(doc_id) == "signing"
        page.screenshot(path=str(tmp_path / "2-reviewer.png"), full_page=True)

    # 签发 [30(3)]: 尼玛扎西 signs on a phone.
    with person(browser, live_server, "fuxianzhang1", phone=True) as page:
        page.click("[data-work-item] a")
        assert page.locator("[data-still-to-sign]").inner_text().count("尼玛扎西") == 1
        page.fill("textarea[name=opinion]", "同意印发")
        button = page.locator("[data-action=sign]")
        assert button.is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, "the page must fit a phone without sideways scrolling"
        button.click()
        page.wait_for_load_state("networkidle")
        assert _state(doc_id) == "checking"
        page.screenshot(path=str(tmp_path / "3-deputy-head-phone.png"), full_page=True)

    # 复核 [30(4)] by the drafter.
    with person(browser, live_server, "guikou2") as page:
        page.goto(f"{live_server.url}/outgoing/{doc_id}/")
        for box in page.locator("[data-recheck] input[type=checkbox]").all():
            box.check()
        page.click("[data-action=recheck]")
        page.wait_for_load_state("networkidle")
        assert _state(doc_id) == "numbering"

    # 编号、登记 [30(5)] by the clerk.
    with person(browser, live_server, "shoufa") as page:
        page.goto(f"{live_server.url}/outgoing/{doc_id}/")
        page.click("[data-action=number]")
        page.wait_for_load_state("networkidle")
        number = f"杂政〔{timezone.localtime().year}〕1号"
        assert page.locator("[data-doc-number]").inner_text() == number

    # 校对: the drafter signs the proof [30(5)].
    with person(browser, live_server, "guikou2") as page:
        page.goto(f"{live_server.url}/outgoing/{doc_id}/")
        page.click("[data-action=proof]")
        page.wait_for_load_state("networkidle")
        assert _state(doc_id) == "printing"

    # 缮印、用印、分发 by the clerk, who then downloads the final document.
    with person(browser, live_server, "shoufa") as page:
        page.goto(f"{live_server.url}/outgoing/{doc_id}/")
        page.fill("input[name=copies]", "40")
        page.click("[data-action=print]")
        page.wait_for_load_state("networkidle")
        page.click("[data-action=seal]")
        page.wait_for_load_state("networkidle")
        page.check("input[name=mode][value=general]")
        page.click("[data-action=distribute]")
        page.wait_for_load_state("networkidle")
        assert _state(doc_id) == "distributed"
        assert "才仁多杰" in page.locator("[data-recipients]").inner_text()
        page.screenshot(path=str(tmp_path / "4-clerk.png"), full_page=True)
        href = page.locator("[data-document-pdf]").get_attribute("href")
        response = page.context.request.get(f"{live_server.url}{href}")
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        pdf = response.body()
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
        (tmp_path / "final.pdf").write_bytes(pdf)

    assert Recipient.objects.filter(document_id=doc_id, user__username="xianzhang", read_at__isnull=True).exists()
    doc = OutgoingDocument.objects.get(pk=doc_id)
    assert doc.doc_number == number and doc.copies == 40 and doc.proof_signed_by.username == "guikou2"
