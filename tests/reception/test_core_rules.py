"""The rules of official reception [6] (第六条, 《党政机关国内公务接待管理规定》), proved through the services."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.workflow import ActionRefused, StaleAction
from reception import services
from reception.models import Kind, Reception, ReceptionLog, State, accompany_limit

from .factories import TODAY, approved, data, held, letter, record_data, recorded, submitted


def test_a_reception_without_approval_cannot_be_recorded_as_held_6(office):
    """[6]: only an approved request may be marked held — not one waiting, returned, refused or with the head."""
    waiting = submitted(office, arrive_on=TODAY)
    with pytest.raises(ActionRefused, match="未经批准"):
        services.mark_held(actor=office["guikou1"], pk=waiting.pk)
    services.return_request(actor=office["fuzhuren_wenmi"], pk=waiting.pk, comment="请补充名单")
    with pytest.raises(ActionRefused, match="未经批准"):
        services.mark_held(actor=office["guikou1"], pk=waiting.pk)
    big = submitted(office, arrive_on=TODAY, estimated_cost=Decimal("8000"))
    services.approve_request(actor=office["fuzhuren_wenmi"], pk=big.pk)
    with pytest.raises(ActionRefused, match="未经批准"):
        services.mark_held(actor=office["guikou1"], pk=big.pk)
    assert Reception.objects.get(pk=waiting.pk).state == State.RETURNED


def test_an_approved_reception_is_held_only_once_it_began_6(office):
    """[6]: approved, it is marked held by 综合科 — not before the visitors arrive."""
    obj = approved(office)
    with pytest.raises(ValidationError, match="尚未开始"):
        services.mark_held(actor=office["guikou1"], pk=obj.pk)
    obj = approved(office, arrive_on=TODAY)
    with pytest.raises(ActionRefused):
        services.mark_held(actor=office["fuxianzhang1"], pk=obj.pk)
    assert services.mark_held(actor=office["guikou2"], pk=obj.pk).state == State.HELD


def test_no_official_letter_is_refused_until_it_is_added_6(office):
    """[6]: no reception without a 公函 — the approver is refused; once 综合科 adds it, it is approved."""
    obj = submitted(office, letter_number="")
    assert not obj.has_letter
    with pytest.raises(ActionRefused, match="没有公函"):
        services.approve_request(actor=office["fuzhuren_wenmi"], pk=obj.pk)
    services.attach_letter(actor=office["guikou1"], pk=obj.pk, letter=letter())
    obj = services.approve_request(actor=office["fuzhuren_wenmi"], pk=obj.pk)
    assert obj.state == State.APPROVED and obj.letter_name == "公函.pdf"


def test_an_activity_needs_no_letter_6(office):
    """[6]: a 重大活动 is the county's own: no 公函."""
    obj = approved(
        office,
        kind=Kind.ACTIVITY,
        letter_number="",
        visiting_unit="",
        title="虫草采挖管理动员大会",
        visitor_count=300,
        accompany_count=0,
        receiving_leader="changwu",
    )
    assert obj.state == State.APPROVED


@pytest.mark.parametrize(("visitors", "limit"), [(1, 3), (10, 3), (11, 3), (12, 4), (30, 10), (31, 10)])
def test_the_accompanying_limit_6(visitors, limit):
    """[6]: no more than 3 for 10 visitors or fewer; no more than a third above 10."""
    assert accompany_limit(visitors) == limit


def test_too_many_accompanying_staff_are_refused_6(office):
    """[6]: 4 accompanying 4 visitors breaks the limit; 12 visitors may have 4, not 5."""
    with pytest.raises(ValidationError, match="陪同人数超过规定"):
        submitted(office, visitor_count=4, accompany_count=4)
    with pytest.raises(ValidationError, match="陪同不得超过4人"):
        submitted(office, visitor_count=12, accompany_count=5)
    assert submitted(office, visitor_count=12, accompany_count=4).state == State.SUBMITTED
    assert not Reception.objects.filter(accompany_count__gt=4).exists()


def test_the_record_may_not_report_more_accompanying_staff_than_the_limit_6(office):
    obj = held(office)
    with pytest.raises(ValidationError, match="实际陪同人数4人超过规定"):
        services.record_reception(actor=office["guikou1"], pk=obj.pk, data=record_data(obj, actual_accompany_count=4))


def test_above_the_threshold_the_county_head_approves_too_6(office, settings):
    """[6]: RECEPTION_LEADER_APPROVAL_ABOVE (5,000 yuan): at 5,000 the office approves alone; above it the office
    approver's yes sends it to the county head, who alone may approve it then."""
    settings.RECEPTION_LEADER_APPROVAL_ABOVE = 5000
    at_limit = approved(office, estimated_cost=Decimal("5000"))
    assert at_limit.state == State.APPROVED and at_limit.head_approved_by is None
    big = submitted(office, estimated_cost=Decimal("5000.01"))
    big = services.approve_request(actor=office["fuzhuren_wenmi"], pk=big.pk)
    assert big.state == State.HEAD_REVIEW and big.waiting_for == office["xianzhang"]
    for who in ("fuzhuren_wenmi", "zhuren", "changwu"):
        with pytest.raises(ActionRefused):
            services.head_approve_request(actor=office[who], pk=big.pk)
    big = services.head_approve_request(actor=office["xianzhang"], pk=big.pk)
    assert big.state == State.APPROVED and big.head_approved_by == office["xianzhang"]
    assert list(big.log.values_list("action", flat=True)) == ["submit", "approve_to_head", "head_approve"]


def test_the_director_or_the_deputy_in_charge_of_the_general_section_approves_6(office):
    """[6]: the office director or the deputy director in charge of 综合科 — not the other deputy, not 综合科."""
    obj = submitted(office)
    assert obj.waiting_for == office["fuzhuren_wenmi"]  # 综合科's 分管办公室领导
    for who in ("fuzhuren", "kezhang", "guikou1", "xianzhang"):
        with pytest.raises(ActionRefused):
            services.approve_request(actor=office[who], pk=obj.pk)
    assert services.approve_request(actor=office["zhuren"], pk=obj.pk).state == State.APPROVED


def test_only_the_general_sections_staff_register_6(office):
    """[6]: 综合科's chief and line staff register; a chief or line staff of another section, an information
    officer in 综合科, a leader may not."""
    for who in ("fazhi", "jiyao", "xinxi", "zhuren", "fuxianzhang1", "lianluo"):
        with pytest.raises(ActionRefused):
            submitted(office, by=who)
    assert submitted(office, by="kezhang").handler == office["kezhang"]


def test_the_records_total_equals_its_lines_6(office):
    """[6]: the 公务接待清单's total is its meals, lodging and other costs, signed by the handler."""
    record = recorded(office)
    meals = sum(m.cost for m in record.meals.all())
    assert meals == Decimal("720.50")
    assert record.total == meals + record.lodging_cost + record.other_cost == Decimal("1240.50")
    assert record.signed_by == office["guikou1"]
    assert record.reception.state == State.RECORDED


def test_a_record_only_after_the_reception_is_held_6(office):
    obj = approved(office, arrive_on=TODAY)
    with pytest.raises(ActionRefused, match="接待完成后"):
        services.record_reception(actor=office["guikou1"], pk=obj.pk, data=record_data(obj))


def test_returned_then_resubmitted_6(office):
    """[6]: returned with the reason, corrected by 综合科, back to the approver."""
    obj = submitted(office, visitors="")
    with pytest.raises(ValidationError):
        services.return_request(actor=office["fuzhuren_wenmi"], pk=obj.pk, comment="")
    services.return_request(actor=office["fuzhuren_wenmi"], pk=obj.pk, comment="请补充来访人员名单")
    obj = services.resubmit_request(actor=office["guikou2"], pk=obj.pk, data=data(office))
    assert obj.state == State.SUBMITTED and obj.visitors.startswith("扎西")
    assert obj.waiting_for == office["fuzhuren_wenmi"]


def test_rejected_and_cancelled_are_kept_6(office):
    """[6]: 不予接待 and 已取消 stay, with the reason; nothing is deleted."""
    no = submitted(office)
    no = services.reject_request(actor=office["zhuren"], pk=no.pk, comment="非公务活动")
    gone = approved(office)
    with pytest.raises(ValidationError):
        services.cancel_request(actor=office["guikou1"], pk=gone.pk, reason=" ")
    gone = services.cancel_request(actor=office["guikou1"], pk=gone.pk, reason="行程取消")
    assert {no.state, gone.state} == {State.REJECTED, State.CANCELLED}
    assert Reception.objects.count() == 2
    assert ReceptionLog.objects.filter(document=gone, action="cancel", comment="行程取消").exists()
    with pytest.raises(ActionRefused):
        services.cancel_request(actor=office["guikou1"], pk=held(office).pk, reason="晚了")


def test_a_stale_page_is_refused_6(office):
    """Two people on the same request: the second, acting on the page they loaded before, is told (409)."""
    obj = submitted(office)
    seen = obj.version
    services.approve_request(actor=office["zhuren"], pk=obj.pk, seen_version=seen)
    with pytest.raises(StaleAction, match="已被"):
        services.reject_request(actor=office["fuzhuren_wenmi"], pk=obj.pk, seen_version=seen, comment="不同意")


def test_the_schedule_after_approval_within_the_visit_6(office):
    """[6]: 日程 made after approval by 综合科, within the visit's dates; a line taken off is kept."""
    waiting = submitted(office)
    with pytest.raises(ActionRefused):
        services.add_schedule_item(
            actor=office["guikou1"], pk=waiting.pk, day=waiting.arrive_on, start=_t(9), item="汇报"
        )
    obj = approved(office)
    with pytest.raises(ValidationError, match="日程日期应在"):
        services.add_schedule_item(actor=office["guikou1"], pk=obj.pk, day=TODAY, start=_t(9), item="汇报")
    line = services.add_schedule_item(
        actor=office["guikou1"], pk=obj.pk, day=obj.arrive_on, start=_t(9, 30), item="听取汇报", place="三楼会议室"
    )
    services.remove_schedule_item(actor=office["guikou1"], pk=obj.pk, line_id=line.pk)
    line.refresh_from_db()
    assert line.removed_at is not None


def test_a_visit_must_not_end_before_it_begins_6(office):
    with pytest.raises(ValidationError, match="离开日期不能早于到达日期"):
        submitted(office, leave_on=TODAY - timedelta(days=3))


def _t(hour, minute=0):
    from datetime import time

    return time(hour, minute)
