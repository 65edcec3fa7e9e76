"""审批, 撤回 and the absence approval writes [51], [54]."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from core.workflow import ActionRefused, StaleAction
from leave import services
from leave.models import State
from leave.periods import Half
from org.models import Absence

from .factories import approved, sent

TZ = ZoneInfo("Asia/Shanghai")
TUESDAY = date(2026, 9, 15)
WEDNESDAY = date(2026, 9, 16)


def test_only_the_computed_approver_approves(office, kinds):
    """[54] one day: the 分管 leader approves — not the director, not another deputy, not the person."""
    req = sent(office["guikou1"], kinds["事假"], TUESDAY)
    for someone in ["zhuren", "fuzhuren", "guikou1", "shoufa"]:
        with pytest.raises(
            ActionRefused,
            match=r"该请假单应由.*审批（请\(休\)假一天以内\(含一天\)由办公室分管领导审批 \[54\]），您不能审批",
        ):
            services.leave_approve(actor=office[someone], pk=req.pk)
    with pytest.raises(ActionRefused):
        services.leave_reject(actor=office["zhuren"], pk=req.pk, reason="不同意")
    req = services.leave_approve(actor=office["fuzhuren_wenmi"], pk=req.pk, comment="同意")
    assert req.state == State.APPROVED and req.decision_comment == "同意"


def test_a_deputy_directors_request_is_approved_by_the_director_only(office, kinds):
    """[51] 经（主任）批准后方可外出."""
    req = sent(office["fuzhuren"], kinds["出差"], TUESDAY, leaves_county=True, destination="西宁市")
    with pytest.raises(ActionRefused):
        services.leave_approve(actor=office["fuzhuren_wenmi"], pk=req.pk)
    assert services.leave_approve(actor=office["zhuren"], pk=req.pk).state == State.APPROVED


def test_approval_writes_the_persons_absence(office, kinds):
    """[54] once approved the person is away for the approved half days; every chapter sees it [26(6)3]."""
    req = approved(office["guikou1"], kinds["出差"], TUESDAY, WEDNESDAY, start_half=Half.PM, destination="玉树市")
    absence = req.absence
    assert absence.person == office["guikou1"] and absence.source == "leave"
    assert absence.reason == Absence.Reason.TRIP and absence.note == "出差：玉树市"
    assert absence.starts_at == datetime(2026, 9, 15, 12, tzinfo=TZ)
    assert absence.ends_at == datetime(2026, 9, 17, 0, tzinfo=TZ)
    # The reason is mapped from the kind's category: 学习培训 → training, 病假 → leave.
    assert approved(office["guikou2"], kinds["学习培训"], TUESDAY).absence.reason == Absence.Reason.TRAINING
    assert approved(office["guikou3"], kinds["病假"], TUESDAY).absence.reason == Absence.Reason.LEAVE


def test_refusal_needs_a_reason_and_writes_no_absence(office, kinds):
    """[54] 未批准, with the reason the person reads."""
    req = sent(office["guikou1"], kinds["事假"], TUESDAY)
    with pytest.raises(ValidationError, match="请填写不批准的理由"):
        services.leave_reject(actor=office["fuzhuren_wenmi"], pk=req.pk, reason="  ")
    req = services.leave_reject(actor=office["fuzhuren_wenmi"], pk=req.pk, reason="当天有重要会议")
    assert req.state == State.REJECTED and req.absence is None
    assert not Absence.objects.filter(person=office["guikou1"]).exists()
    with pytest.raises(ActionRefused, match="不在待审批状态"):
        services.leave_approve(actor=office["fuzhuren_wenmi"], pk=req.pk)


def test_the_person_withdraws_before_a_decision(office, kinds):
    """[54] 撤回: the person's own, before the decision; nobody else's."""
    req = sent(office["guikou1"], kinds["事假"], TUESDAY)
    with pytest.raises(ActionRefused, match="只有请假人本人可以撤回"):
        services.leave_withdraw(actor=office["fuzhuren_wenmi"], pk=req.pk)
    req = services.leave_withdraw(actor=office["guikou1"], pk=req.pk, reason="事情已办妥")
    assert req.state == State.WITHDRAWN
    with pytest.raises(ActionRefused):
        services.leave_approve(actor=office["fuzhuren_wenmi"], pk=req.pk)


def test_an_approved_request_withdrawn_before_it_begins_removes_the_absence(office, kinds, clock):
    """[54] plans change before going: the absence goes, the request and its log stay. Once begun, it is 销假."""
    req = approved(office["guikou1"], kinds["事假"], TUESDAY)
    absence_id = req.absence_id
    req = services.leave_withdraw(actor=office["guikou1"], pk=req.pk)
    assert req.state == State.WITHDRAWN and req.absence is None
    assert not Absence.objects.filter(pk=absence_id).exists()
    assert [e.action for e in req.log.order_by("at", "id")] == ["create", "submit", "approve", "withdraw"]

    begun = approved(office["guikou2"], kinds["事假"], TUESDAY)
    clock.move_to(datetime(2026, 9, 15, 10, tzinfo=TZ))
    with pytest.raises(ActionRefused, match="已开始的请办理销假"):
        services.leave_withdraw(actor=office["guikou2"], pk=begun.pk)


def test_a_page_loaded_before_someone_else_acted_is_refused(office, kinds):
    """Two clicks on a stale page: one wins, the other is told (409)."""
    req = sent(office["guikou1"], kinds["事假"], TUESDAY)
    seen = req.version
    services.leave_withdraw(actor=office["guikou1"], pk=req.pk, seen_version=seen)
    with pytest.raises(StaleAction, match="已被"):
        services.leave_approve(actor=office["fuzhuren_wenmi"], pk=req.pk, seen_version=seen)


def test_approval_after_the_start_goes_straight_to_away(office, kinds):
    """事后补办 病假, approved: the person is away from the start [54]."""
    req = approved(office["guikou1"], kinds["病假"], date(2026, 9, 11), TUESDAY)
    assert req.retroactive and req.state == State.AWAY and req.departed_at is not None


def test_the_schedule_marks_approved_requests_away_when_they_begin(office, kinds, clock):
    """外出中 is entered when the approved start arrives (``leave.start_due``); a second run does nothing."""
    req = approved(office["guikou1"], kinds["事假"], TUESDAY, start_half=Half.PM)
    clock.move_to(datetime(2026, 9, 15, 11, 59, tzinfo=TZ))
    assert services.leave_start_due() == 0
    clock.move_to(datetime(2026, 9, 15, 12, 0, tzinfo=TZ) + timedelta(minutes=15))
    assert services.leave_start_due() == 1
    assert services.leave_start_due() == 0
    req.refresh_from_db()
    assert req.state == State.AWAY
    assert req.log.get(action="depart").actor == office["guikou1"]
