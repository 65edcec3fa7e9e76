"""Who approves [54], [51] — and the plan shown before sending."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.workflow import ActionRefused
from leave import services
from leave.models import State
from leave.periods import Half
from org.selectors import display_name

from .conftest import TODAY
from .factories import draft, sent

TUESDAY = date(2026, 9, 15)
WEDNESDAY = date(2026, 9, 16)


def test_one_day_or_less_goes_to_the_section_leader_in_charge(office, kinds):
    """[54] 请(休)假一天以内(含一天)由办公室分管领导审批 — 综合科's 分管 leader is the secretarial deputy."""
    req = sent(office["guikou1"], kinds["事假"], TUESDAY)
    assert req.state == State.PENDING
    assert req.working_days == Decimal(1)
    assert req.approver == office["fuzhuren_wenmi"]
    assert req.approval_article == "[54]" and "一天以内(含一天)" in req.approval_rule


def test_half_a_day_goes_to_the_section_leader_in_charge(office, kinds):
    """[54] half a day is within one day; 法制科's 分管 leader is the other deputy director."""
    req = sent(office["fazhi"], kinds["事假"], TUESDAY, end_half=Half.AM)
    assert req.working_days == Decimal("0.5")
    assert req.approver == office["fuzhuren"]


def test_more_than_one_day_goes_to_the_director(office, kinds):
    """[54] 两天以上报主任审批 — a day and a half is more than one day (REGULATION.md, Decisions)."""
    req = sent(office["guikou1"], kinds["事假"], TUESDAY, WEDNESDAY, end_half=Half.AM)
    assert req.working_days == Decimal("1.5")
    assert req.approver == office["zhuren"] and req.approval_article == "[54]"


def test_a_deputy_directors_request_goes_to_the_director_whatever_its_length(office, kinds):
    """[51] 办公室副主任……事前向主任报告，经批准后方可外出."""
    req = sent(office["fuzhuren"], kinds["事假"], TUESDAY, end_half=Half.AM)
    assert req.approver == office["zhuren"] and req.approval_article == "[51]"


def test_the_directors_own_request_goes_to_the_executive_deputy_head(office, kinds):
    """The text is silent on the director (第五十二、五十三条 missing): the 常务副县长 approves [15(1)], [51]."""
    req = sent(office["zhuren"], kinds["出差"], TUESDAY, WEDNESDAY, leaves_county=True)
    assert req.approver == office["changwu"]
    assert "常务副县长" in req.approval_rule


def test_county_leaders_do_not_ask_here(office, kinds):
    """County leaders' absences are recorded by the clerk in org.Absence [26(6)3]; the office's rules [51],
    [54] do not govern them."""
    with pytest.raises(ActionRefused, match="县政府领导的外出由收发秘书登记"):
        draft(office["fuxianzhang1"], kinds["出差"], TUESDAY)


def test_the_plan_tells_who_approves_and_why_before_sending(office, kinds):
    """Shown on the form before sending, as the outgoing signing table does [54]."""
    plan = services.approval_plan(
        person=office["guikou1"],
        kind=kinds["事假"],
        start_date=TUESDAY,
        start_half=Half.AM,
        end_date=WEDNESDAY,
        end_half=Half.PM,
    )
    assert plan.ok and plan.approver == office["zhuren"] and plan.days == Decimal(2)
    director = display_name(office["zhuren"])
    assert (
        plan.explanation
        == f"审批人：{director}（办公室主任）。2个工作日，请(休)假两天以上（超过一天）报主任审批 [54]。"
    )
    # The plan lists what sending would refuse, without refusing.
    plan = services.approval_plan(
        person=office["guikou1"],
        kind=kinds["事假"],
        start_date=TODAY,
        start_half=Half.PM,
        end_date=TODAY,
        end_half=Half.AM,
    )
    assert not plan.ok and "同一天内不能从下午开始、到上午结束" in plan.problems[0]


def test_the_plan_says_when_the_approver_is_away(office, kinds):
    """The request still goes to them; the form warns that it will wait [54]."""
    sent_by_deputy = sent(office["fuzhuren_wenmi"], kinds["出差"], TODAY, TUESDAY)
    services.leave_approve(actor=office["zhuren"], pk=sent_by_deputy.pk)
    plan = services.approval_plan(
        person=office["guikou1"],
        kind=kinds["事假"],
        start_date=WEDNESDAY,
        start_half=Half.AM,
        end_date=WEDNESDAY,
        end_half=Half.PM,
    )
    assert plan.approver == office["fuzhuren_wenmi"] and plan.approver_away


def test_only_the_person_sends_their_draft(office, kinds):
    """本人事前报告 [54]."""
    req = draft(office["guikou1"], kinds["事假"], TUESDAY)
    with pytest.raises(ActionRefused, match="只有请假人本人"):
        services.leave_submit(actor=office["guikou2"], pk=req.pk)
