"""Browser steps for the incoming pages people stumbled on (issue 10), on a desktop and a 390 px phone:
the register-book export, search by the sender's number, the registration form (folded rare fields, 请示
defaults, a new sender, the duplicate warning), the 分办 form's deputies, a leader's queue and signing on a
phone, the overdue filter and the pledge banner."""

from __future__ import annotations

import pytest

from documents.incoming.models import IncomingDocument, Reader
from org.demo import build_demo_office
from org.models import ConfidentialityPledge, Unit

from .conftest import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/inpages-shots"


def _demo():
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    return build_demo_office()


def _shot(page, name):
    import os

    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_clerk_exports_the_register_book_from_the_page_26_1(device, request, live_server):
    """[26(1)] the export page's dates show (ISO) and 导出 downloads the book."""
    _demo()
    page = request.getfixturevalue(device)
    sign_in(page, live_server, "shoufa")
    page.goto(f"{live_server.url}/incoming/register-book/")
    start = page.input_value("input[name=start]")
    assert start.endswith("-01-01") and len(start) == 10
    assert page.input_value("input[name=end]")
    _shot(page, f"export-{device}")
    with page.expect_download() as download:
        page.click("button:has-text('导出')")
    assert download.value.suggested_filename.startswith("收文登记簿-") and download.value.suggested_filename.endswith(
        ".xlsx"
    )


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_registry_search_and_the_overdue_filter_26_1(device, request, live_server):
    """[26(1)] “昂政(2026)7号” finds 昂政〔2026〕7号; two words both match; 只看逾期 stays on one line."""
    _demo()
    page = request.getfixturevalue(device)
    sign_in(page, live_server, "shoufa")
    page.goto(f"{live_server.url}/incoming/")
    label = page.locator("[data-overdue-filter]").bounding_box()
    assert label["height"] < 40, label  # one line, not one character a line
    for typed in ["昂政(2026)7号", "昂政[2026]7", "饮水 配套资金"]:
        page.fill("input[name=q]", typed)
        page.click("button:has-text('筛选')")
        page.wait_for_load_state("networkidle")
        rows = page.locator("tr[data-doc]")
        assert rows.count() == 1, typed
        assert "饮水工程配套资金" in rows.first.inner_text()
    _shot(page, f"search-{device}")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_registration_form_is_short_defaults_a_request_and_adds_a_sender_28_29(device, request, live_server):
    """[28(1)], [29] rare fields folded; a 请示 from a new township needs no 下级来文类别; the new sender is
    added from the form; registering the same number again warns and links to the first."""
    _demo()
    page = request.getfixturevalue(device)
    sign_in(page, live_server, "shoufa")
    page.goto(f"{live_server.url}/incoming/register/")
    height = page.evaluate("document.documentElement.scrollHeight")
    _shot(page, f"register-{device}")
    assert height < (1900 if device == "desktop" else 3000), height
    assert not page.locator("select[name=sent_directly_to]").is_visible()
    page.click("summary:has-text('新增来文单位')")
    page.fill("input[name=new_unit_name]", "杂多县测试新单位")
    page.select_option("select[name=new_unit_kind]", "department")
    page.fill("input[name=title]", "关于申请修缮牧道的请示")
    page.fill("input[name=sender_number]", "杂测(2026)3号")
    page.select_option("select[name=doc_type]", "request")
    page.click("button:has-text('保存')")
    page.wait_for_load_state("networkidle")
    assert "已登记，收文流水号" in page.inner_text(".messages")
    first = IncomingDocument.objects.get(title="关于申请修缮牧道的请示")
    assert first.sender_number == "杂测〔2026〕3号" and first.source_unit.name == "杂多县测试新单位"

    unit = Unit.objects.get(name="杂多县测试新单位")
    page.goto(f"{live_server.url}/incoming/register/")
    page.select_option("select[name=source_unit]", str(unit.pk))
    page.fill("input[name=title]", "关于申请修缮牧道的请示")
    page.fill("input[name=sender_number]", "杂测〔2026〕3号")
    page.select_option("select[name=doc_type]", "request")
    page.click("button:has-text('保存')")
    page.wait_for_load_state("networkidle")
    warning = page.locator("[data-duplicate-warning]")
    assert warning.is_visible() and first.serial_label in warning.inner_text()
    assert page.get_attribute("[data-earlier-link]", "href") == f"/incoming/{first.pk}/"
    _shot(page, f"register-duplicate-{device}")
    page.check("[data-confirm-duplicate]")
    page.click("button:has-text('保存')")
    page.wait_for_load_state("networkidle")
    assert IncomingDocument.objects.filter(title="关于申请修缮牧道的请示").count() == 2


def test_distribution_form_names_the_deputies_and_marks_the_secretarial_one_26_1(desktop, live_server):
    """[26(1)] the two deputy directors differ in the 分办 form; no account names, no 系统管理员."""
    _demo()
    doc = IncomingDocument.objects.get(sender_number="玉政办〔2026〕88号")
    sign_in(desktop, live_server, "fuzhuren_wenmi")
    desktop.goto(f"{live_server.url}/incoming/{doc.pk}/distribute/")
    options = desktop.locator("select[name=r-0-reader] option").all_inner_texts()
    assert "扎西拉姆（办公室副主任·分管文秘）" in options and "陈志强（办公室副主任）" in options
    assert not [o for o in options if "fuxianzhang" in o or "admin" in o or "系统管理员" in o]
    _shot(desktop, "distribute-desktop")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_leader_reads_the_opinion_first_and_confirms_a_phrase_26_6_5(device, request, live_server):
    """[26(6)5] the queue says 当天阅批; the 拟办意见 sits above the buttons; a phrase asks to confirm."""
    _demo()
    page = request.getfixturevalue(device)
    doc = IncomingDocument.objects.get(sender_number="青政〔2026〕21号")
    sign_in(page, live_server, "xianzhang")
    page.goto(f"{live_server.url}/incoming/waiting/")
    assert "当天阅批" in page.inner_text(f"tr[data-doc='{doc.pk}']")
    page.goto(f"{live_server.url}/incoming/{doc.pk}/")
    opinion = page.locator("[data-sign-form] [data-opinion]").bounding_box()
    first_phrase = page.locator("[data-sign-form] button[name=phrase]").first.bounding_box()
    assert opinion["y"] < first_phrase["y"]
    _shot(page, f"sign-{device}")
    page.click("[data-sign-form] [data-phrase][value='已阅']")
    assert doc.readers.get(reader__username="xianzhang").status == Reader.Status.CURRENT
    assert "确认签阅" in page.inner_text("[data-sign-submit]")  # a phrase signs only once confirmed (issue 14)
    _shot(page, f"sign-confirm-{device}")
    page.click("[data-sign-submit]")
    page.wait_for_load_state("networkidle")
    assert doc.readers.get(reader__username="xianzhang").status == Reader.Status.SIGNED


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_pledge_banner_only_for_those_who_handle_classified_papers_32(device, request, live_server):
    """[32] 周文斌 (no clearance, line staff) never sees it; 赵磊 (cleared) does until he pledges."""
    _demo()
    ConfidentialityPledge.objects.all().delete()
    page = request.getfixturevalue(device)
    sign_in(page, live_server, "guikou3")
    assert page.locator("[data-pledge-banner]").count() == 0
    sign_out(page)
    sign_in(page, live_server, "guikou1")
    assert page.locator("[data-pledge-banner]").count() == 1
    _shot(page, f"pledge-{device}")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_finished_document_shows_no_deadline_26_6_7(device, request, live_server):
    """[26(6)7] once circulation is over (办结) the page and the registry show no 办理期限."""
    from documents.incoming import services

    office = _demo()
    doc = IncomingDocument.objects.get(sender_number="青政〔2026〕21号")
    for reader in ["xianzhang", "changwu", "guikou1"]:
        services.incoming_sign(actor=office[reader], pk=doc.pk, comment="已阅")
    doc.refresh_from_db()
    assert doc.state == "done" and doc.due_at is not None
    page = request.getfixturevalue(device)
    sign_in(page, live_server, "shoufa")
    page.goto(f"{live_server.url}/incoming/{doc.pk}/")
    assert "办理期限" not in page.inner_text("[data-where]")
    _shot(page, f"done-{device}")
    page.goto(f"{live_server.url}/incoming/?q=青政")
    assert page.inner_text(f"tr[data-doc='{doc.pk}'] [data-due]").strip() == ""
