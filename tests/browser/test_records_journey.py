"""Browser journey of records: filing a finished document, then a destruction list under two supervisors [33], [34]."""

from __future__ import annotations

import pytest
from django.utils import timezone

from documents.incoming import services
from documents.records.defaults import ensure_default_schedule
from documents.records.models import DestructionList, DestructionState, FileItem
from org.demo import build_demo_office
from org.models import ConfidentialityPledge

from ..incoming.factories import distribute, read, register
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, live_server, username)
    return context, page


def test_clerk_files_then_destroys_duplicates_under_two_supervisors(browser, live_server, tmp_path):
    office = build_demo_office()
    ensure_default_schedule()
    ConfidentialityPledge.objects.bulk_create(
        [ConfidentialityPledge(user=u, year=timezone.localdate().year) for u in office.values()], ignore_conflicts=True
    )
    doc = register(office, title="关于做好冬季草原防火工作的通知")
    doc, _ = distribute(office, doc, readers=[read(office, "guikou1")])
    services.incoming_sign(actor=office["guikou1"], pk=doc.pk, comment="已阅")
    services.incoming_receive_original(actor=office["shoufa"], pk=doc.pk)

    # The clerk files the finished document [26(5)].
    context, page = _as(browser, live_server, "shoufa")
    page.click("a[data-nav=archives]")
    page.click(f"[data-to-file='incoming-{doc.pk}'] >> text=立卷归档")
    page.click("button:has-text('归档')")
    page.wait_for_load_state("networkidle")
    assert "已归档，档号" in page.inner_text(".messages")
    item = FileItem.objects.of(doc).get()

    # … and draws up a destruction list of its duplicate copies [34(1)].
    page.click("text=文件销毁")
    page.fill("input[name=title]", "2026年第一批重份文件销毁")
    page.click("button:has-text('编制销毁清册')")
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=kind]", "duplicate")
    page.fill("input[name=description]", "关于做好冬季草原防火工作的通知（重份）")
    page.fill("input[name=document]", doc.serial_label)
    page.fill("input[name=copies]", "3")
    page.click("button:has-text('添加')")
    page.wait_for_load_state("networkidle")
    page.click("button:has-text('提交领导审批')")
    page.wait_for_load_state("networkidle")
    dl = DestructionList.objects.get()
    context.close()

    # A leader approves [34(1)].
    context, page = _as(browser, live_server, "zhuren")
    page.goto(f"{live_server.url}/records/destruction/{dl.pk}/")
    page.click("button:has-text('批准销毁')")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("[data-dl-state]", "data-dl-state") == "approved"
    context.close()

    # Two supervisors sign, each in their own account [34(3)].
    for supervisor in ["jiyao", "dangan"]:
        context, page = _as(browser, live_server, supervisor)
        page.goto(f"{live_server.url}/records/destruction/{dl.pk}/")
        page.click("[data-supervise]")
        page.wait_for_load_state("networkidle")
        context.close()

    # The clerk records method and place; the list becomes a PDF and is filed.
    context, page = _as(browser, live_server, "shoufa")
    page.goto(f"{live_server.url}/records/destruction/{dl.pk}/")
    assert page.inner_text("[data-signed]") == "2"
    page.fill("input[name=method]", "碎纸机粉碎")
    page.fill("input[name=place]", "县政府机要室")
    page.click("button:has-text('登记完成销毁')")
    page.wait_for_load_state("networkidle")
    dl.refresh_from_db()
    assert dl.state == DestructionState.DESTROYED
    href = page.get_attribute("[data-destruction-pdf]", "href")
    response = context.request.get(f"{live_server.url}{href}")
    assert response.status == 200 and response.body().startswith(b"%PDF")
    (tmp_path / "destruction.pdf").write_bytes(response.body())
    page.screenshot(path=str(tmp_path / "destroyed.png"), full_page=True)
    context.close()
    assert FileItem.objects.filter(destruction_list=dl).exists() and item.pk
