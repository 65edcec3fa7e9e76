"""The supervision item's lifecycle, every step and every refusal [37], [38], [39], [40], [11], [12]."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.models import Notification
from core.workflow import ActionRefused, StaleAction
from supervision import services
from supervision.models import ExtensionOutcome, Item, ItemLog, Satisfaction, Source, State

from .factories import TODAY, data, day, feedback, item, major, pdf, proposal, tracked


def _actions(obj) -> list[str]:
    return list(ItemLog.objects.filter(document=obj).order_by("at", "id").values_list("action", flat=True))


# --- registering [37], [38] --------------------------------------------------------------------------------------


def test_registering_numbers_items_per_year_and_names_an_office_leader_first_responsible_38(office):
    """[38]: the 首办责任人 is an office leader; [37]: the office registers; numbers run per year."""
    first, second = item(office), item(office)
    assert (first.serial, second.serial) == (1, 2) and first.number_label == "督查〔2026〕1号"
    assert first.state == State.REGISTERED and _actions(first) == ["create"]
    with pytest.raises(ValidationError, match="首办责任人须为办公室领导"):
        item(office, first_responsible=office["kezhang"])
    with pytest.raises(ActionRefused, match="督查人员"):
        item(office, actor=office["dazi"])


def test_an_item_needs_a_deadline_or_periodic_reporting_40(office):
    """[40]: every item reports back — by a deadline, or periodically (e.g. monthly by the 5th)."""
    with pytest.raises(ValidationError, match="办结时限"):
        item(office, deadline=None, days=None)
    with pytest.raises(ValidationError, match="报送日"):
        item(office, days=None, report_cycle="monthly")
    monthly = item(office, days=None, report_cycle="monthly", report_day=5)
    assert monthly.next_report_on == day(21)  # 5 October 2026, the first 5th after 14 September


def test_a_major_item_needs_its_deputy_head_39(office):
    """[39]: a major item names the 分管副县长 who approves it; that person must be a deputy head."""
    with pytest.raises(ValidationError, match="分管副县长"):
        item(office, is_major=True)
    with pytest.raises(ValidationError, match="不是副县长"):
        item(office, is_major=True, deputy_head=office["zhuren"])


# --- 立项 [39] ------------------------------------------------------------------------------------------------------


def test_a_major_item_is_approved_by_its_deputy_head_then_tracked_39(office):
    """[39]: 报请立项 → the item's 分管副县长 (only) approves → 督办中; the handler is told."""
    obj = major(office)
    services.item_submit_for_approval(actor=office["guikou2"], pk=obj.pk)
    for outsider in ("fuxianzhang2", "changwu", "zhuren", "guikou2"):
        with pytest.raises(ActionRefused, match="分管副县长"):
            services.item_approve(actor=office[outsider], pk=obj.pk)
    obj = services.item_approve(actor=office["fuxianzhang1"], pk=obj.pk, comment="同意立项")
    assert obj.state == State.TRACKING and obj.approved_by == office["fuxianzhang1"] and obj.approved_at
    assert _actions(obj) == ["create", "submit_for_approval", "approve"]
    assert Notification.objects.filter(recipient=office["guikou2"], title__startswith="重大督查事项已批准立项").exists()


def test_a_refused_major_item_carries_the_reason_and_may_be_resubmitted_39(office):
    obj = major(office)
    services.item_submit_for_approval(actor=office["guikou2"], pk=obj.pk)
    with pytest.raises(ValidationError, match="理由"):
        services.item_refuse(actor=office["fuxianzhang1"], pk=obj.pk, reason=" ")
    obj = services.item_refuse(actor=office["fuxianzhang1"], pk=obj.pk, reason="与年度重点工作重复")
    assert obj.state == State.NOT_APPROVED and obj.refusal_reason == "与年度重点工作重复"
    obj = services.item_submit_for_approval(actor=office["guikou2"], pk=obj.pk)
    assert obj.state == State.PENDING_APPROVAL


def test_a_major_item_cannot_be_tracked_without_approval_by_a_service_call_39(office):
    """[39]: not from the shell's service call — 开始督办 refuses a major item, registered or waiting."""
    obj = major(office)
    with pytest.raises(ActionRefused, match="批准立项"):
        services.item_start(actor=office["zhuren"], pk=obj.pk)
    services.item_submit_for_approval(actor=office["guikou2"], pk=obj.pk)
    with pytest.raises(ActionRefused):
        services.item_start(actor=office["zhuren"], pk=obj.pk)
    assert Item.objects.get(pk=obj.pk).state == State.PENDING_APPROVAL


def test_a_major_item_cannot_be_tracked_without_approval_from_the_admin_39(client_as, office):
    """[39]: not from the admin — the 开始督办 button is refused for a major item, even for an administrator."""
    obj = major(office)
    client = client_as("admin")
    url = f"/admin/supervision/item/{obj.pk}/change/"
    assert client.get(url).status_code == 200
    client.post(url, {"_fsmtransition-state-start": "开始督办"})
    assert Item.objects.get(pk=obj.pk).state == State.REGISTERED
    assert client.get(f"/admin/supervision/item/{obj.pk}/transition/approve/").status_code == 404


def test_a_major_item_cannot_be_tracked_without_approval_in_the_database_39(office):
    """[39]: the guard is in the database too: a major item with no approval is never 督办中."""
    obj = major(office)
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.filter(pk=obj.pk).update(state=State.TRACKING)


def test_a_major_item_cannot_be_tracked_without_approval_from_a_page_39(client_as, office):
    """[39]: not from a page — a transition address posted by hand (no admin rights) changes nothing."""
    obj = major(office)
    response = client_as("guikou2").post(f"/admin/supervision/item/{obj.pk}/transition/start/")
    assert response.status_code in (302, 403, 404)
    assert Item.objects.get(pk=obj.pk).state == State.REGISTERED


# --- tracking, feedback, late [40] ----------------------------------------------------------------------------------


def test_a_feedback_records_how_and_when_it_came_40(office):
    """[40]: the 经办人 records what a unit sent — by paper, phone or letter, with the date received."""
    obj = tracked(office)
    f = feedback(office, obj, received_via="phone", received_on=day(-1), reporter="王某")
    assert (f.received_via, f.received_on, f.reporter, f.recorded_by) == ("phone", day(-1), "王某", office["guikou2"])
    assert f.unit == office.units["department"] and not f.is_late
    with pytest.raises(ValidationError, match="收到方式"):
        feedback(office, obj, received_via="pigeon")
    with pytest.raises(ValidationError, match="进展"):
        feedback(office, obj, text=" ")


def test_a_late_item_refuses_everything_until_the_reason_and_progress_are_given_40(office, clock):
    """[40]: past the deadline and not done, the unit must give the reason and progress before anything else."""
    obj = tracked(office, days=3)
    clock.move_to("2026-09-20 09:00+08:00")
    with pytest.raises(ValidationError, match="逾期原因"):
        feedback(office, obj)  # progress alone is not enough
    with pytest.raises(ActionRefused, match="逾期原因"):
        services.item_submit_close(actor=office["guikou2"], pk=obj.pk, result="已完成")
    with pytest.raises(ActionRefused, match="逾期原因"):
        services.extension_request(actor=office["guikou2"], pk=obj.pk, reason="工期紧", new_deadline=day(30))
    with pytest.raises(ActionRefused, match="逾期原因"):
        services.item_update(actor=office["guikou2"], pk=obj.pk, data=data(office, deadline=obj.deadline))
    late = feedback(office, obj, late_reason="雨季停工十天", text="已完成两条，第三条完成八成")
    assert late.is_late and late.late_reason == "雨季停工十天"
    feedback(office, obj)  # now ordinary feedback is accepted again
    services.item_submit_close(actor=office["guikou2"], pk=obj.pk, result="已完成")


def test_an_extension_changes_the_deadline_and_is_logged_40(office):
    """[40]: 延期 with a reason, decided by the 首办责任人; the new deadline is in the log with the old."""
    obj = tracked(office, days=10)
    with pytest.raises(ValidationError, match="延期理由"):
        services.extension_request(actor=office["guikou2"], pk=obj.pk, reason="", new_deadline=day(40))
    ext = services.extension_request(actor=office["guikou2"], pk=obj.pk, reason="设备未到货", new_deadline=day(40))
    with pytest.raises(ValidationError, match="待审批"):
        services.extension_request(actor=office["guikou2"], pk=obj.pk, reason="再延", new_deadline=day(50))
    with pytest.raises(ActionRefused, match="首办责任人"):
        services.extension_decide(actor=office["zhuren"], extension_id=ext.pk, approve=True)
    ext = services.extension_decide(actor=office["fuzhuren"], extension_id=ext.pk, approve=True, comment="同意")
    obj.refresh_from_db()
    assert ext.outcome == ExtensionOutcome.APPROVED and obj.deadline == day(40)
    entry = ItemLog.objects.get(document=obj, action="extend")
    assert f"由{day(10):%Y-%m-%d}延至{day(40):%Y-%m-%d}" in entry.comment


def test_a_major_items_extension_is_decided_by_its_deputy_head_39(office):
    obj = major(office)
    services.item_submit_for_approval(actor=office["guikou2"], pk=obj.pk)
    services.item_approve(actor=office["fuxianzhang1"], pk=obj.pk)
    ext = services.extension_request(actor=office["guikou2"], pk=obj.pk, reason="需省级审批", new_deadline=day(90))
    with pytest.raises(ActionRefused, match="分管副县长"):
        services.extension_decide(actor=office["fuzhuren"], extension_id=ext.pk, approve=True)
    with pytest.raises(ValidationError, match="理由"):
        services.extension_decide(actor=office["fuxianzhang1"], extension_id=ext.pk, approve=False)
    services.extension_decide(actor=office["fuxianzhang1"], extension_id=ext.pk, approve=False, comment="按期完成")
    assert Item.objects.get(pk=obj.pk).deadline == day(30)


def test_the_deadline_of_a_tracked_item_changes_only_by_extension_40(office):
    obj = tracked(office)
    with pytest.raises(ValidationError, match="延期"):
        services.item_update(actor=office["guikou2"], pk=obj.pk, data=data(office, days=60))


# --- closing and cancelling [38] -------------------------------------------------------------------------------


def test_the_first_responsible_closes_or_sends_back_38(office):
    """[38]: 报请办结 by the office; the 首办责任人 closes (on time recorded [11]) or sends back."""
    obj = tracked(office)
    with pytest.raises(ValidationError, match="办理结果"):
        services.item_submit_close(actor=office["guikou2"], pk=obj.pk, result="")
    services.item_submit_close(actor=office["guikou2"], pk=obj.pk, result="已完成")
    with pytest.raises(ActionRefused, match="首办责任人"):
        services.item_close(actor=office["zhuren"], pk=obj.pk)
    with pytest.raises(ValidationError):
        services.item_send_back(actor=office["fuzhuren"], pk=obj.pk, comment="")
    services.item_send_back(actor=office["fuzhuren"], pk=obj.pk, comment="缺验收材料")
    services.item_submit_close(actor=office["guikou2"], pk=obj.pk, result="已完成，附验收材料")
    obj = services.item_close(actor=office["fuzhuren"], pk=obj.pk)
    assert obj.state == State.DONE and obj.on_time is True and obj.done_by == office["fuzhuren"]


def test_cancelling_needs_a_reason_and_the_first_responsible_or_director_38(office):
    obj = tracked(office)
    with pytest.raises(ActionRefused):
        services.item_cancel(actor=office["guikou2"], pk=obj.pk, reason="不再需要")
    with pytest.raises(ValidationError, match="撤销原因"):
        services.item_cancel(actor=office["zhuren"], pk=obj.pk, reason="")
    obj = services.item_cancel(actor=office["zhuren"], pk=obj.pk, reason="上级统一安排")
    assert obj.state == State.CANCELLED and obj.cancel_reason == "上级统一安排"
    with pytest.raises(ActionRefused):
        feedback(office, obj)


def test_a_page_loaded_before_someone_acted_is_refused_409(client_as, office):
    """Stale version: the second of two people acting on the same page is told, nothing is done twice."""
    obj = item(office)
    seen = obj.version
    services.item_start(actor=office["guikou2"], pk=obj.pk, seen_version=seen)
    with pytest.raises(StaleAction):
        services.item_cancel(actor=office["zhuren"], pk=obj.pk, seen_version=seen, reason="重复")


# --- proposals [12] -------------------------------------------------------------------------------------------------


def test_a_proposal_is_answered_within_three_months_by_default_12(office, settings):
    """[12]: the answer deadline is three months from assignment (a setting)."""
    obj = proposal(office)
    assert obj.answer_due == day(0).replace(month=12) and obj.deadline == obj.answer_due
    settings.SUPERVISION_PROPOSAL_ANSWER_MONTHS = 2
    assert services.default_answer_due(TODAY) == TODAY.replace(month=11)
    with pytest.raises(ValidationError, match="编号"):
        item(office, source=Source.CPPCC_PROPOSAL, proposer="测试委员")


def test_a_proposal_cannot_close_without_its_answer_letter_12(office):
    """[12]: no answer letter, no closing; with it the item closes."""
    obj = services.item_start(actor=office["guikou2"], pk=proposal(office).pk)
    with pytest.raises(ActionRefused, match="答复函"):
        services.item_submit_close(actor=office["guikou2"], pk=obj.pk, result="已答复")
    services.proposal_attach_answer(actor=office["guikou2"], pk=obj.pk, upload=pdf(), answered_on=TODAY)
    services.item_submit_close(actor=office["guikou2"], pk=obj.pk, result="已答复")
    obj = services.item_close(actor=office["fuzhuren"], pk=obj.pk)
    assert obj.state == State.DONE


def test_a_dissatisfied_proposer_opens_a_second_handling_12(office):
    """[12]: 不满意 → 二次办理 with a new answer deadline; the second round needs its own answer letter."""
    obj = services.item_start(actor=office["guikou2"], pk=proposal(office).pk)
    services.proposal_attach_answer(actor=office["guikou2"], pk=obj.pk, upload=pdf(), answered_on=TODAY)
    services.item_submit_close(actor=office["guikou2"], pk=obj.pk, result="已答复")
    services.item_close(actor=office["fuzhuren"], pk=obj.pk)
    obj = services.proposal_record_satisfaction(actor=office["guikou2"], pk=obj.pk, satisfaction="dissatisfied")
    assert obj.state == State.TRACKING and obj.handling_round == 2 and obj.on_time is None
    with pytest.raises(ActionRefused, match="答复函"):
        services.item_submit_close(actor=office["guikou2"], pk=obj.pk, result="再次答复")
    services.proposal_attach_answer(actor=office["guikou2"], pk=obj.pk, upload=pdf("二次答复.pdf"), answered_on=TODAY)
    services.item_submit_close(actor=office["guikou2"], pk=obj.pk, result="再次答复")
    services.item_close(actor=office["fuzhuren"], pk=obj.pk)
    obj = services.proposal_record_satisfaction(actor=office["guikou2"], pk=obj.pk, satisfaction="basically")
    assert obj.state == State.DONE and obj.satisfaction == Satisfaction.BASICALLY
