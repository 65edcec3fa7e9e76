"""反馈, 延期 and 审批 pages: a late item asks for the reason and progress before anything else [40]; feedback
with attachments, served only through the item; extensions decided by the 首办责任人 or, for a major item, the
分管副县长 [38], [39], [40]; the 分管副县长 approves 立项 on a phone page [39]."""

from __future__ import annotations

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.idempotency import FIELD
from supervision import services
from supervision.models import Extension, Feedback, Item, State

from .factories import TODAY, day, major, pdf, tracked


def _url(name, obj, *more):
    return reverse(f"supervision:{name}", args=[obj.pk, *more])


def _office_feedback(office, **extra) -> dict:
    return {
        "text": "已完成两条村道硬化，第三条正在施工。",
        "received_via": "paper",
        "received_on": TODAY.isoformat(),
        "reporter": "测试联系人",
        **extra,
    }


# --- late items [40] ----------------------------------------------------------------------------------------------


def test_a_late_item_offers_the_reason_and_progress_form_first_and_nothing_else_40(client_as, office):
    """[40]: past its deadline, the page asks for the reason and progress and offers no other step; the
    other steps posted by hand are refused until the reason is given, then everything is back."""
    obj = tracked(office, days=-2)
    clerk = client_as("guikou2")
    page = clerk.get(_url("detail", obj)).content.decode()
    assert "data-late-first" in page and "逾期原因" in page
    for marker in ("data-actions", "data-submit-close", "data-submit-extension", "data-cancel", "data-edit"):
        assert marker not in page
    refused = clerk.post(_url("act", obj, "submit_close"), {"text": "已完成"})
    assert refused.status_code == 403 and "逾期原因" in refused.content.decode()
    no_reason = clerk.post(_url("feedback", obj), _office_feedback(office))
    assert no_reason.status_code == 400 and "逾期原因" in no_reason.content.decode()
    assert not Feedback.objects.exists()
    given = clerk.post(_url("feedback", obj), _office_feedback(office, late_reason="雨季施工受阻，材料延迟到货。"))
    assert given.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.is_late and feedback.late_reason.startswith("雨季")
    page = clerk.get(_url("detail", obj)).content.decode()
    assert "data-late-first" not in page and "data-submit-close" in page and "雨季施工受阻" in page


def test_a_unit_contact_reports_late_with_a_reason_through_the_system_40(client_as, office):
    """[40]: the township's contact gives the reason and progress themselves; recorded as 系统报送 for their
    unit, dated today, the 经办人 told."""
    obj = tracked(office, unit="township", days=-1)
    client = client_as("lianluo")
    form = client.get(_url("feedback", obj)).content.decode()
    assert "逾期原因" in form and "收到方式" not in form
    response = client.post(
        _url("feedback", obj),
        {"text": "已完成80%。", "late_reason": "冻土期无法施工。", FIELD: str(uuid.uuid4())},
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.received_via == "system" and feedback.unit == office.units["township"]
    assert feedback.received_on == TODAY and not Item.objects.get(pk=obj.pk).needs_late_reason(TODAY)


# --- feedback and attachments ---------------------------------------------------------------------------------


def test_the_office_records_a_units_feedback_with_attachments_served_only_through_the_item_40(client_as, office):
    """[40]: what a unit sent by paper, with its attachments (checked), one per submission; the file opens for
    whoever sees the item and for no one else."""
    obj = tracked(office, unit="department")
    clerk = client_as("guikou2")
    payload = {
        **_office_feedback(office),
        "files": [pdf("进展材料.pdf"), pdf("验收清单.pdf")],
        FIELD: str(uuid.uuid4()),
    }
    assert clerk.post(_url("feedback", obj), payload).status_code == 302
    assert clerk.post(_url("feedback", obj), payload).status_code == 302  # a double click: one feedback
    feedback = Feedback.objects.get()
    assert sorted(a.name for a in feedback.attachments.all()) == ["进展材料.pdf", "验收清单.pdf"]
    attachment = feedback.attachments.get(name="进展材料.pdf")
    assert feedback.received_via == "paper" and feedback.reporter == "测试联系人"
    page = clerk.get(_url("detail", obj)).content.decode()
    assert "进展材料.pdf" in page and "已完成两条村道硬化" in page
    download = clerk.get(_url("attachment", obj, attachment.pk))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert client_as("lianluo").get(_url("attachment", obj, attachment.pk)).status_code == 404  # not their unit
    assert client_as("dazi").get(_url("attachment", obj, attachment.pk)).status_code == 404


def test_a_feedback_with_a_forbidden_file_is_refused_and_records_nothing_40(client_as, office):
    obj = tracked(office)
    payload = {**_office_feedback(office), "files": [SimpleUploadedFile("病毒.exe", b"MZ\x90\x00")]}
    response = client_as("guikou2").post(_url("feedback", obj), payload)
    assert response.status_code == 400 and not Feedback.objects.exists()


def test_a_feedback_needs_how_and_when_it_came_from_the_office_40(client_as, office):
    obj = tracked(office)
    client = client_as("guikou2")
    response = client.post(_url("feedback", obj), _office_feedback(office, received_via="", received_on=""))
    text = response.content.decode()
    assert response.status_code == 400 and "收到方式" in text and "收到日期" in text
    future = client.post(_url("feedback", obj), _office_feedback(office, received_on=day(3).isoformat()))
    assert future.status_code == 400 and "不能晚于今天" in future.content.decode()
    assert not Feedback.objects.exists()


# --- extensions [38], [39], [40] ---------------------------------------------------------------------------------


def test_an_extension_asked_on_the_page_is_decided_by_the_first_responsible_and_moves_the_deadline_38_40(
    client_as, office
):
    """[38], [40]: asked with a reason and a date; the 首办责任人 decides on the decide page; the deadline moves
    and the log says from when to when."""
    obj = tracked(office, unit="township", days=5)
    contact = client_as("lianluo")
    bad = contact.post(_url("extension", obj), {"new_deadline": day(2).isoformat(), "reason": "材料未齐"})
    assert bad.status_code == 400 and "须晚于" in bad.content.decode()
    ok = contact.post(
        _url("extension", obj), {"new_deadline": day(40).isoformat(), "reason": "材料未齐", FIELD: str(uuid.uuid4())}
    )
    assert ok.status_code == 302
    extension = Extension.objects.get()
    assert client_as("guikou2").get(_url("decide", obj)).status_code == 302  # nothing for the clerk to decide
    assert client_as("guikou2").post(_url("decide_extension", obj, extension.pk, "approve")).status_code == 403
    leader = client_as("fuzhuren")
    page = leader.get(_url("decide", obj)).content.decode()
    assert "data-approve-extension" in page and "材料未齐" in page
    assert leader.post(_url("decide_extension", obj, extension.pk, "refuse"), {"comment": ""}).status_code == 400
    assert leader.post(_url("decide_extension", obj, extension.pk, "approve")).status_code == 302
    obj.refresh_from_db()
    assert obj.deadline == day(40)
    assert obj.log.filter(action="extend", comment__contains=f"{day(40):%Y-%m-%d}").exists()


def test_a_major_items_extension_is_decided_by_its_deputy_head_39(client_as, office):
    """[39]: for a major item the 分管副县长 decides; the 首办责任人 is refused."""
    obj = major(office, days=5)
    services.item_submit_for_approval(actor=office["guikou2"], pk=obj.pk)
    services.item_approve(actor=office["fuxianzhang1"], pk=obj.pk)
    extension = services.extension_request(actor=office["guikou2"], pk=obj.pk, reason="汛期", new_deadline=day(30))
    assert client_as("fuzhuren").post(_url("decide_extension", obj, extension.pk, "approve")).status_code == 403
    response = client_as("fuxianzhang1").post(_url("decide_extension", obj, extension.pk, "approve"))
    assert response.status_code == 302 and Item.objects.get(pk=obj.pk).deadline == day(30)


# --- 立项 on a phone [39] -------------------------------------------------------------------------------------------


def test_the_deputy_head_approves_a_major_item_on_the_decide_page_39(client_as, office):
    """[39]: the item's 分管副县长 sees the facts and a confirmed 批准立项; another deputy head sees nothing to
    decide and is refused; the item is tracked only after the approval."""
    obj = major(office)
    services.item_submit_for_approval(actor=office["guikou2"], pk=obj.pk)
    other = client_as("fuxianzhang2")
    assert other.get(_url("decide", obj)).status_code == 302
    assert other.post(_url("decide_approval", obj, "approve")).status_code == 403
    deputy = client_as("fuxianzhang1")
    detail = deputy.get(_url("detail", obj)).content.decode()
    assert "data-go-decide" in detail
    page = deputy.get(_url("decide", obj)).content.decode()
    assert 'data-confirm="确认批准立项？"' in page and "data-approve" in page and obj.text in page
    assert deputy.post(_url("decide_approval", obj, "approve"), {"comment": "同意立项"}).status_code == 302
    obj.refresh_from_db()
    assert obj.state == State.TRACKING and obj.approved_by == office["fuxianzhang1"]


def test_refusing_a_major_item_needs_the_reason_39(client_as, office):
    obj = major(office)
    services.item_submit_for_approval(actor=office["guikou2"], pk=obj.pk)
    deputy = client_as("fuxianzhang1")
    assert deputy.post(_url("decide_approval", obj, "refuse"), {"comment": ""}).status_code == 400
    assert deputy.post(_url("decide_approval", obj, "refuse"), {"comment": "与年度重点不符"}).status_code == 302
    obj.refresh_from_db()
    assert obj.state == State.NOT_APPROVED and obj.refusal_reason == "与年度重点不符"
    assert "与年度重点不符" in client_as("guikou2").get(_url("detail", obj)).content.decode()


def test_no_supervision_page_answers_a_5xx_to_junk(client_as, office):
    """Issue 12: empty, over-long, NUL, wrong-type and unknown values on every item page and step — a Chinese
    4xx, never a 500 — as the clerk, the 首办责任人, the 分管副县长 and a unit contact."""
    obj = tracked(office, unit="township")
    waiting = major(office)
    services.item_submit_for_approval(actor=office["guikou2"], pk=waiting.pk)
    extension = services.extension_request(actor=office["guikou2"], pk=obj.pk, reason="材料", new_deadline=day(60))
    junk = {
        "text": "长" * 20000,
        "comment": "长" * 5000,
        "reason": "x\x00",
        "late_reason": "长" * 6000,
        "version": "abc",
        "new_deadline": "二〇二六年",
        "received_via": "不存在的选项",
        "received_on": "9999-99-99",
        "unit": "99999999999999999999",
        "source": "不存在的选项",
        "first_responsible": "abc",
        "lead_unit": "-1",
        "assisting_units": ["abc", "99999999999999999999"],
        "deadline": "0001-01-01",
        "report_day": "99",
        "secret_level": "9",
    }
    urls = [
        reverse("supervision:new"),
        *[_url(name, o) for o in (obj, waiting) for name in ("edit", "feedback", "extension", "decide")],
        *[_url("act", o, step) for o in (obj, waiting) for step in ("submit_for_approval", "start", "submit_close",
                                                                     "send_back", "close", "cancel", "bogus")],
        *[_url("decide_approval", waiting, d) for d in ("approve", "refuse", "bogus")],
        *[_url("decide_extension", obj, extension.pk, d) for d in ("approve", "refuse", "bogus")],
        reverse("supervision:from_instruction", args=[99999]),
    ]  # fmt: skip
    for who in ("guikou2", "fuzhuren", "fuxianzhang1", "lianluo"):
        client = client_as(who)
        for url in urls:
            for response in (client.post(url, junk), client.post(url, {})):
                assert response.status_code < 500, (who, url, response.status_code)
        for query in ("?year=99999&page=abc&q=%00&unit=abc", "?state=all&leader=-1&overdue=maybe"):
            assert client.get(reverse("supervision:list") + query).status_code < 500
        assert client.get(reverse("supervision:unit")).status_code < 500
