"""Browser steps for what issue 10 found on the outgoing, records and refusal pages (demo office, Chromium).

- a refused review keeps its ticks and opinion; no 全部勾选; 修改拟稿/核改文字 explained [30(1)], [30(2)];
- a draft naming 资金 asks the drafter before 送审 [30(3)1]; a 请示 titled for funds asks the clerk [28(1)];
- the 分发 form offers the 州政府 a 请示 is addressed to [30(5)];
- a 409 says so once, never in a green banner;
- the 档案 page counts what the reminders count, masks what the clerk may not open; the 移交清册 is whole [33].
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from documents.incoming import services as incoming
from documents.incoming.models import IncomingDocument
from documents.outgoing import services
from documents.outgoing.demo import build_demo_outgoing, ensure_series
from documents.outgoing.models import OutgoingDocument
from org.demo import build_demo_office
from org.models import BusinessLine, ConfidentialityPledge, Unit

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FUNDS_BODY = "一、资金来源。\n二、资金用途。\n三、资金拨付。\n四、资金监管。\n五、确保资金安全。"


@contextmanager
def person(browser, live_server, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, live_server, username)
    try:
        yield page
    finally:
        context.close()


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _draft(title: str, body: str = "现将有关事项通知如下。", **fields) -> OutgoingDocument:
    data = services.DraftData(
        authority="government",
        series=ensure_series()["杂政"],
        doc_type=fields.pop("doc_type", "notice"),
        title=title,
        body=body,
        line=BusinessLine.objects.get(code="agriculture"),
        main_recipients=fields.pop("main_recipients", "各乡（镇）人民政府"),
        **fields,
    )
    return services.outgoing_create_draft(actor=_user("guikou2"), data=data)


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    build_demo_office()
    build_demo_outgoing()


def test_a_refused_review_keeps_what_the_reviewer_ticked_and_typed(browser, live_server, demo):
    """[30(2)] 陈志强 ticks five gates, types his opinion, passes: refused for the sixth — the five ticks and the
    words are still there; there is no 全部勾选; his button is 核改文字, explained."""
    doc = _draft("关于做好春季草原防火宣传工作的通知")
    services.outgoing_submit(actor=doc.drafter, pk=doc.pk)
    with person(browser, live_server, "fuzhuren") as page:
        page.goto(f"{live_server.url}/outgoing/{doc.pk}/")
        assert page.locator("text=全部勾选").count() == 0
        assert page.locator("[data-action=edit-text]").inner_text() == "核改文字"
        assert "须退回拟稿人修改" in page.locator("[data-edit-hint]").inner_text()
        assert page.locator("[data-action=edit]").count() == 0
        gates = page.locator("[data-gates] input[type=checkbox]")
        for index in range(gates.count() - 1):
            gates.nth(index).check()
        page.fill("[data-opinion]", "同意，请按修改稿印发")
        page.click("[data-action=review]")
        page.wait_for_load_state("networkidle")
        assert "定密关" in page.locator("[data-errors]").inner_text()
        gates = page.locator("[data-gates] input[type=checkbox]")
        assert [gates.nth(i).is_checked() for i in range(gates.count())] == [True] * 5 + [False]
        assert page.locator("[data-opinion]").input_value() == "同意，请按修改稿印发"
        gates.nth(5).check()
        page.click("[data-action=review]")
        page.wait_for_load_state("networkidle")
        assert page.locator("[data-state]").get_attribute("data-state") == "signing"
    with person(browser, live_server, "guikou2") as page:
        draft = _draft("关于开展草原防火检查的通知")
        page.goto(f"{live_server.url}/outgoing/{draft.pk}/")
        assert page.locator("[data-action=edit]").inner_text() == "修改拟稿"
        assert page.locator("[data-action=edit-text]").count() == 0


def test_the_drafter_is_asked_about_funds_before_sending(browser, live_server, demo):
    """[30(3)1] A 通知 naming 资金 five times, 涉及资金 unticked: the page asks; “不涉及资金” needs a reason;
    then it can be sent, and the answer is in the history."""
    doc = _draft("关于做好草原补奖发放工作的通知", FUNDS_BODY)
    with person(browser, live_server, "guikou2") as page:
        page.goto(f"{live_server.url}/outgoing/{doc.pk}/")
        panel = page.locator("[data-panel=funds]")
        assert "“资金”5次" in panel.inner_text()
        page.click("[data-action=submit]")
        page.wait_for_load_state("networkidle")
        assert "看似涉及资金" in page.locator("[data-errors]").inner_text()
        page.check("[data-panel=funds] input[value=no]")
        page.click("[data-action=funds]")
        page.wait_for_load_state("networkidle")
        assert "原因" in page.locator("[data-errors]").inner_text()
        page.check("[data-panel=funds] input[value=no]")
        page.fill("[data-funds-reason]", "资金已由州财政下达，本通知只部署发放检查")
        page.click("[data-action=funds]")
        page.wait_for_load_state("networkidle")
        assert page.locator("[data-panel=funds]").count() == 0
        page.click("[data-action=submit]")
        page.wait_for_load_state("networkidle")
        assert page.locator("[data-state]").get_attribute("data-state") == "reviewing"
    assert OutgoingDocument.objects.get(pk=doc.pk).log.filter(action_label="说明不涉及资金").exists()


def test_the_clerk_is_asked_about_a_request_titled_for_funds(browser, live_server, demo):
    """[28(1)] Registering “关于申请…资金的请示” from a township, unticked: the form asks before saving."""
    township = Unit.objects.filter(kind="township").order_by("sort_order").first()
    with person(browser, live_server, "shoufa") as page:
        page.goto(f"{live_server.url}/incoming/register/")
        page.select_option("select[name=source_unit]", str(township.pk))
        page.fill("input[name=title]", "关于申请牧民定居点饮水工程配套资金的请示")
        page.select_option("select[name=doc_type]", "request")
        page.click("button.primary:has-text('保存')")
        page.wait_for_load_state("networkidle")
        assert "像是申请经费的请示" in page.content()
        assert not IncomingDocument.objects.exists()
        page.fill("input[name=not_funding_reason]", "请示的是已下达资金的使用方案")
        page.click("button.primary:has-text('保存')")
        page.wait_for_load_state("networkidle")
        assert IncomingDocument.objects.get().log.filter(action="funding_answer").exists()


def test_a_request_is_distributed_to_the_prefecture_it_asks(browser, live_server, demo):
    """[30(5)] The clerk's 分发 form lists the superior units first, the 州政府 named in 主送 already ticked."""
    from tests.outgoing.conftest import to_numbering

    prefecture = Unit.objects.get(name="玉树藏族自治州人民政府")
    doc = _draft("关于调整草原防火期的请示", doc_type="request", main_recipients=prefecture.name)
    doc = services.outgoing_number(actor=_user("dazi"), pk=to_numbering(doc).pk)
    doc = services.outgoing_sign_proof(actor=doc.drafter, pk=doc.pk)
    doc = services.outgoing_print(actor=_user("dazi"), pk=doc.pk, copies=3)
    services.outgoing_seal(actor=_user("shoufa"), pk=doc.pk)
    with person(browser, live_server, "shoufa") as page:
        page.goto(f"{live_server.url}/outgoing/{doc.pk}/")
        units = page.locator("[data-distribute-units]")
        assert units.get_attribute("open") is not None
        assert units.locator(f"input[value='{prefecture.pk}']").is_checked()
        page.check("[data-panel=distribute] input[name=mode][value=targeted]")
        page.click("[data-action=distribute]")
        page.wait_for_load_state("networkidle")
        assert page.locator("[data-state]").get_attribute("data-state") == "distributed"
    assert doc.recipients.filter(unit=prefecture).exists()


def test_a_stale_page_says_so_once_and_not_in_green(browser, live_server, demo):
    """Someone acted after the page was loaded: the 409 page is an error, never a green success banner."""
    superior = Unit.objects.filter(kind="superior").first()
    doc = incoming.incoming_register(
        actor=_user("shoufa"),
        data=incoming.Registration(source_unit=superior, title="关于做好草原防火工作的通知", doc_type="notice"),
    )
    incoming.incoming_distribute(
        actor=_user("fuzhuren_wenmi"),
        pk=doc.pk,
        category="read",
        opinion="请阅",
        readers=[incoming.ReaderSpec(reader=_user("fuxianzhang1")), incoming.ReaderSpec(reader=_user("zhuren"))],
    )
    with person(browser, live_server, "fuxianzhang1") as page:
        page.goto(f"{live_server.url}/incoming/{doc.pk}/")
        incoming.incoming_sign(actor=_user("fuxianzhang1"), pk=doc.pk, comment="已阅")  # from another window
        page.fill("[data-sign-form] textarea[name=comment]", "已阅")
        page.click("[data-sign-form] button.primary")
        page.wait_for_load_state("networkidle")
        assert page.locator("ul.messages").count() == 0
        assert page.locator("[role=alert] .error").count() >= 1


def test_the_records_page_counts_what_the_reminder_counts_and_masks_what_the_clerk_may_not_open(
    browser, live_server, demo
):
    """[33] The 档案 page the 1 May reminder links to: the clerk (before her pledge) sees 3 of last year's
    unfiled, the classified one as a number and level; the reminder says 3 and links here."""
    from deadlines.registry import ScanContext, get

    last = timezone.localdate().year - 1
    superior = Unit.objects.filter(kind="superior").first()
    moment = timezone.make_aware(datetime(last, 3, 1, 10, 0))
    for title, level in (("去年的通知甲", 0), ("去年的通知乙", 0), ("去年的机密件丙", 1)):
        doc = incoming.incoming_register(
            actor=_user("shoufa"),
            data=incoming.Registration(source_unit=superior, title=title, doc_type="notice", secret_level=level),
        )
        IncomingDocument.objects.filter(pk=doc.pk).update(year=last, received_at=moment)
    ConfidentialityPledge.objects.filter(user=_user("shoufa")).delete()
    ctx = ScanContext(now=timezone.make_aware(datetime(last + 1, 5, 4, 9, 0)), warnings_wanted=False)
    (reminder,) = get("incoming.archive").deadlines(
        ctx, due_from=None, due_before=timezone.make_aware(datetime(last + 1, 7, 1))
    )
    assert "尚有 3 件" in reminder.detail
    with person(browser, live_server, "shoufa") as page:
        page.goto(f"{live_server.url}{reminder.url}")
        assert page.url.endswith("/records/")
        assert f"{last}年度尚未归档（3 件）" in page.content()
        assert page.locator("[data-unfiled] [data-masked]").count() == 1
        assert "去年的机密件丙" not in page.content()
