"""Browser journey of an incoming document from a superior organ, from registration to the 批阅单 [26]."""

from __future__ import annotations

import re

import pytest

from documents.incoming.models import IncomingDocument, State
from org.demo import build_demo_office
from org.models import Unit

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_out(page):
    page.click("text=退出")
    page.wait_for_load_state("networkidle")


def test_incoming_document_from_registration_to_sign_off_sheet(browser, live_server, tmp_path):
    office = build_demo_office()
    unit = Unit.objects.get(short_name="州政府办")
    desktop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = desktop.new_page()

    # 1. The clerk registers a document from the prefecture government [26(1)].
    sign_in(page, live_server, "shoufa")
    page.click("a[data-nav=incoming]")
    page.click("text=签收登记")
    page.select_option("select[name=source_unit]", str(unit.pk))
    page.fill("input[name=title]", "关于做好2026年冬季草原防火工作的通知")
    page.fill("input[name=sender_number]", "玉政办〔2026〕88号")
    page.select_option("select[name=urgency]", "urgent")
    page.click("button:has-text('保存')")
    page.wait_for_load_state("networkidle")
    assert "已登记，收文流水号" in page.inner_text(".messages")
    doc = IncomingDocument.objects.get()
    page.screenshot(path=str(tmp_path / "1-registered.png"), full_page=True)
    _sign_out(page)

    # 2. The secretarial deputy director distributes it: two leaders to instruct, line staff to handle [26(2)].
    sign_in(page, live_server, "fuzhuren_wenmi")
    assert "关于做好2026年冬季草原防火工作的通知" in page.inner_text("[data-worklist]")
    page.goto(f"{live_server.url}/incoming/{doc.pk}/")
    page.click("text=分办（拟办/传阅意见）")
    page.check("input[name=category][value=handle]")
    page.fill("textarea[name=opinion]", "拟请尼玛扎西副县长、王建国常务副县长阅示，农牧归口承办。")
    page.select_option("select[name=lead_handler]", str(office["guikou2"].pk))
    page.select_option("select[name=r-0-reader]", str(office["fuxianzhang1"].pk))
    page.select_option("select[name=r-0-duty]", "act")
    page.select_option("select[name=r-1-reader]", str(office["changwu"].pk))
    page.select_option("select[name=r-1-duty]", "act")
    page.click("button:has-text('分办并送阅')")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-reader=fuxianzhang1]").get_attribute("data-status") == "current"
    _sign_out(page)
    desktop.close()

    # 3. Two leaders read and instruct from a phone-sized window [26(3)], [26(6)5].
    for leader, instruction in [("fuxianzhang1", "请农牧局抓紧落实防火物资。"), ("changwu", None)]:
        phone = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
        )
        mobile = phone.new_page()
        sign_in(mobile, live_server, leader)
        mobile.click("[data-worklist] a")
        mobile.wait_for_load_state("networkidle")
        assert mobile.locator("[data-sign-form]").is_visible()
        if instruction:
            mobile.fill("textarea[name=comment]", instruction)
            mobile.click("[data-sign-form] button.primary")
        else:
            mobile.click("[data-phrase]:has-text('同意')")  # a common phrase fills the opinion…
            assert "确认签阅" in mobile.inner_text("[data-sign-submit]")
            mobile.click("[data-sign-submit]")  # …and signs only once confirmed (issue 14) [26(6)5]
        mobile.wait_for_load_state("networkidle")
        mobile.screenshot(path=str(tmp_path / f"3-{leader}-phone.png"), full_page=True)
        phone.close()
    doc.refresh_from_db()
    assert doc.state == State.HANDLING

    # 4. Line staff handle it and report the result [26(4)].
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, live_server, "guikou2")
    page.goto(f"{live_server.url}/incoming/{doc.pk}/")
    page.fill("textarea[name=result]", "已转农牧水利和科技局落实，防火物资已配发到各乡镇。")
    page.click("button:has-text('办结')")
    page.wait_for_load_state("networkidle")
    _sign_out(page)

    # 5. The clerk takes the original back and downloads the 批阅单 [26(5)], [26(6)5].
    sign_in(page, live_server, "shoufa")
    page.goto(f"{live_server.url}/incoming/{doc.pk}/")
    page.click("button:has-text('已收回原件')")
    page.wait_for_load_state("networkidle")
    assert "原件已退回待归档" in page.inner_text("[data-where]")
    href = page.get_attribute("[data-sheet-pdf]", "href")
    response = context.request.get(f"{live_server.url}{href}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    (tmp_path / "sheet.pdf").write_bytes(response.body())
    assert response.body().startswith(b"%PDF")
    assert re.search(r"filename\*=UTF-8''", response.headers["content-disposition"])
    page.screenshot(path=str(tmp_path / "5-returned.png"), full_page=True)
    context.close()
    doc.refresh_from_db()
    assert doc.state == State.RETURNED
    assert [r.comment for r in doc.readers.order_by("seq")] == ["请农牧局抓紧落实防火物资。", "同意"]
