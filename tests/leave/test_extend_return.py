"""续假 and 销假 [54]: the approver of an extension counts the whole chain; the return keeps the absence exact."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from core.workflow import ActionRefused
from leave import services
from leave.models import State
from leave.periods import Half
from leave.selectors import to_report_return

from .factories import approved, sent

TZ = ZoneInfo("Asia/Shanghai")
TUESDAY = date(2026, 9, 15)
WEDNESDAY = date(2026, 9, 16)
THURSDAY = date(2026, 9, 17)
FRIDAY = date(2026, 9, 18)


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def test_a_one_day_leave_extended_by_a_day_goes_to_the_director(office, kinds, clock):
    """[54] 两天以上报主任审批 — on the total: one day (分管 leader) + one day of 续假 = two days → director."""
    first = approved(office["guikou1"], kinds["事假"], TUESDAY)
    assert first.approver == office["fuzhuren_wenmi"]
    clock.move_to(at(TUESDAY, 15))
    extension = services.leave_extend(
        actor=office["guikou1"], pk=first.pk, end_date=WEDNESDAY, end_half=Half.PM, reason="病情未愈，续假一天"
    )
    assert extension.extends == first and extension.state == State.PENDING
    assert (extension.start_date, extension.start_half) == (WEDNESDAY, Half.AM)
    assert extension.working_days == Decimal(1) and extension.chain_days == Decimal(2)
    assert extension.approver == office["zhuren"] and extension.approval_article == "[54]"
    extension = services.leave_approve(actor=office["zhuren"], pk=extension.pk)
    first.refresh_from_db()
    # 销假 is owed at the end of the chain, not of the first request.
    assert first.return_due_at is None and extension.return_due_at is not None
    # The extension's approver sees the request it continues.
    from leave.selectors import leave_visible_to

    assert first in leave_visible_to(office["zhuren"])


def test_only_the_person_extends_an_approved_request_once_at_a_time(office, kinds):
    """[54] 续假 is the person's, on an approved request; a second one goes on the last."""
    pending = sent(office["guikou1"], kinds["事假"], TUESDAY)
    with pytest.raises(ActionRefused, match="只有已批准、尚未销假的请假可以续假"):
        services.leave_extend(actor=office["guikou1"], pk=pending.pk, end_date=WEDNESDAY, end_half=Half.PM, reason="续")
    services.leave_approve(actor=office["fuzhuren_wenmi"], pk=pending.pk)
    with pytest.raises(ActionRefused, match="只有请假人本人可以续假"):
        services.leave_extend(actor=office["shoufa"], pk=pending.pk, end_date=WEDNESDAY, end_half=Half.PM, reason="续")
    services.leave_extend(actor=office["guikou1"], pk=pending.pk, end_date=WEDNESDAY, end_half=Half.PM, reason="续")
    with pytest.raises(ActionRefused, match="已有续假"):
        services.leave_extend(actor=office["guikou1"], pk=pending.pk, end_date=THURSDAY, end_half=Half.PM, reason="续")


def test_early_return_shortens_the_absence(office, kinds, clock):
    """提前返回 [54]: approved Tue–Fri, back on Thursday morning — the absence ends then, two days taken."""
    req = approved(office["guikou1"], kinds["事假"], TUESDAY, FRIDAY)
    assert req.working_days == Decimal(4)
    clock.move_to(at(THURSDAY, 9))
    services.leave_start_due()
    req = services.leave_return(actor=office["guikou1"], pk=req.pk, returned_on=THURSDAY, returned_half=Half.AM)
    assert req.state == State.RETURNED and req.returned_early
    assert req.actual_days == Decimal(2)
    req.absence.refresh_from_db()
    assert req.absence.ends_at == at(THURSDAY, 0)
    assert "提前返回" in req.log.get(action="return").comment
    assert req.return_due_at is None


def test_return_reported_by_default_for_the_half_day_it_is_reported(office, kinds, clock):
    """销假 without a date: back as of this half-day."""
    req = approved(office["guikou1"], kinds["事假"], TUESDAY, WEDNESDAY)
    clock.move_to(at(WEDNESDAY, 14))
    req = services.leave_return(actor=office["guikou1"], pk=req.pk)
    assert (req.returned_on, req.returned_half) == (WEDNESDAY, Half.PM)
    assert req.actual_days == Decimal("1.5")


def test_the_clerk_may_report_a_return_others_may_not(office, kinds, clock):
    """[54] 销假: the person, or the 收发秘书 on their word — no one else."""
    req = approved(office["guikou1"], kinds["事假"], TUESDAY)
    clock.move_to(at(WEDNESDAY, 9))
    with pytest.raises(ActionRefused, match="只有请假人本人或收发秘书可以办理销假"):
        services.leave_return(actor=office["guikou2"], pk=req.pk)
    req = services.leave_return(actor=office["shoufa"], pk=req.pk)
    assert req.state == State.RETURNED and req.returned_by == office["shoufa"]
    assert "代为销假" in req.log.get(action="return").comment


def test_a_return_cannot_precede_the_start_nor_lie_in_the_future(office, kinds, clock):
    req = approved(office["guikou1"], kinds["事假"], TUESDAY, WEDNESDAY)
    with pytest.raises(ActionRefused, match="请假尚未开始，不能销假"):
        services.leave_return(actor=office["guikou1"], pk=req.pk)
    clock.move_to(at(TUESDAY, 15))
    with pytest.raises(ValidationError, match="不能早于或等于外出开始时间"):
        services.leave_return(actor=office["guikou1"], pk=req.pk, returned_on=TUESDAY, returned_half=Half.AM)
    with pytest.raises(ValidationError, match="还没到"):
        services.leave_return(actor=office["guikou1"], pk=req.pk, returned_on=WEDNESDAY, returned_half=Half.AM)


def test_returning_during_the_first_request_withdraws_an_extension_not_begun(office, kinds, clock):
    """[54] back before the 续假 begins: it is no longer needed, and its absence goes."""
    first = approved(office["guikou1"], kinds["事假"], TUESDAY, WEDNESDAY)
    clock.move_to(at(TUESDAY, 15))
    extension = services.leave_extend(
        actor=office["guikou1"], pk=first.pk, end_date=FRIDAY, end_half=Half.PM, reason="续假两天"
    )
    extension = services.leave_approve(actor=office["zhuren"], pk=extension.pk)
    clock.move_to(at(WEDNESDAY, 14))
    services.leave_return(actor=office["guikou1"], pk=extension.pk, returned_on=WEDNESDAY, returned_half=Half.PM)
    first.refresh_from_db()
    extension.refresh_from_db()
    assert first.state == State.RETURNED and first.actual_days == Decimal("1.5")
    assert extension.state == State.WITHDRAWN and extension.absence is None


def test_returning_during_the_extension_closes_the_whole_chain(office, kinds, clock):
    first = approved(office["guikou1"], kinds["事假"], TUESDAY)
    clock.move_to(at(TUESDAY, 15))
    extension = services.leave_extend(
        actor=office["guikou1"], pk=first.pk, end_date=FRIDAY, end_half=Half.PM, reason="续假"
    )
    services.leave_approve(actor=office["zhuren"], pk=extension.pk)
    clock.move_to(at(THURSDAY, 9))
    services.leave_return(actor=office["guikou1"], pk=first.pk, returned_on=THURSDAY, returned_half=Half.AM)
    first.refresh_from_db()
    extension.refresh_from_db()
    assert first.state == extension.state == State.RETURNED
    assert (first.actual_days, extension.actual_days) == (Decimal(1), Decimal(1))
    assert first.absence.ends_at == at(WEDNESDAY, 0)  # used in full
    assert extension.absence.ends_at == at(THURSDAY, 0)  # shortened
    assert not to_report_return(office["guikou1"], today=FRIDAY).exists()


def test_a_late_return_is_recorded_as_it_happened(office, kinds, clock):
    """超假: back later than approved — the record says so and the absence runs to the return."""
    req = approved(office["guikou1"], kinds["事假"], TUESDAY)
    clock.move_to(at(THURSDAY, 9))
    req = services.leave_return(actor=office["guikou1"], pk=req.pk, returned_on=THURSDAY, returned_half=Half.AM)
    assert req.actual_days == Decimal(2) and "超过批准期限返回" in req.log.get(action="return").comment
    req.absence.refresh_from_db()
    assert req.absence.ends_at == at(THURSDAY, 0)
