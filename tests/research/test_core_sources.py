"""Reminders and 我的待办 [4], [5]: a task's deadline warns the team leader / lead drafter three working days
before and once at it; a reviewer's turn waiting over two working days reminds that reviewer; each once."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from core import workqueue
from deadlines.models import Reminder
from deadlines.services import deadlines_scan
from research import services

from .factories import approving, draft, in_review, reported, research

pytestmark = pytest.mark.django_db


def _at(y, m, d, h=9, minute=0):
    return datetime(y, m, d, h, minute, tzinfo=ZoneInfo("Asia/Shanghai"))


def _scan(clock, moment):
    clock.move_to(moment)
    deadlines_scan(now=moment, deliver="inline")


def test_a_tasks_deadline_warns_three_working_days_before_and_reminds_once_when_due_4(office, clock):
    """[4]: due Friday 20 November: nothing on Monday, the warning on Tuesday (three working days before), once;
    overdue on Saturday, once, however many scans run."""
    task = research(office, due_on=date(2026, 11, 20))
    _scan(clock, _at(2026, 11, 16, 9))
    assert not Reminder.objects.filter(rule="research.deadline", item_id=task.pk).exists()
    for moment in (_at(2026, 11, 17, 9), _at(2026, 11, 17, 10), _at(2026, 11, 18, 9)):
        _scan(clock, moment)
    warned = Reminder.objects.filter(rule="research.deadline", item_id=task.pk, stage="warning")
    assert list(warned.values_list("recipient_id", flat=True)) == [office["guikou1"].pk]
    for moment in (_at(2026, 11, 21, 9), _at(2026, 11, 21, 12), _at(2026, 11, 23, 9)):
        _scan(clock, moment)
    overdue = Reminder.objects.filter(rule="research.deadline", item_id=task.pk, stage="overdue")
    assert overdue.filter(recipient=office["guikou1"]).count() == 1
    assert all("调研课题期限" in r.title for r in overdue)


def test_a_sent_report_no_longer_counts_against_the_deadline_4(office, clock):
    task = reported(office, due_on=date(2026, 11, 18))
    _scan(clock, _at(2026, 11, 19, 9))
    assert not Reminder.objects.filter(rule="research.deadline", item_id=task.pk).exists()


def test_a_drafts_deadline_reminds_the_lead_drafter_5(office, clock):
    """[5]: the speech's date reminds the lead drafter, even while the draft is under review."""
    task = in_review(office, due_on=date(2026, 11, 18))
    _scan(clock, _at(2026, 11, 19, 9))
    rows = Reminder.objects.filter(rule="research.deadline", item_id=task.pk, stage="overdue")
    assert rows.filter(recipient=office["guikou1"]).count() == 1


def test_a_reviewers_turn_waiting_over_two_working_days_reminds_them_once_5(office, clock):
    """[5]: sent for review Monday 09:00; Wednesday 08:00 nothing; Wednesday 10:00 the deputy director is
    reminded, once; when he passes it on, the director's own turn is counted afresh."""
    task = in_review(office, due_on=date(2026, 12, 30))
    _scan(clock, _at(2026, 11, 18, 8))
    assert not Reminder.objects.filter(rule="research.review", item_id=task.pk).exists()
    _scan(clock, _at(2026, 11, 18, 10))
    _scan(clock, _at(2026, 11, 18, 11))
    rows = Reminder.objects.filter(rule="research.review", item_id=task.pk, recipient=office["fuzhuren"])
    assert rows.filter(stage="overdue").count() == 1
    services.review_draft(actor=office["fuzhuren"], pk=task.pk, passed=True)
    _scan(clock, _at(2026, 11, 19, 9))
    assert not Reminder.objects.filter(rule="research.review", item_id=task.pk, recipient=office["zhuren"]).exists()
    _scan(clock, _at(2026, 11, 20, 12))
    assert Reminder.objects.filter(rule="research.review", item_id=task.pk, recipient=office["zhuren"]).count() == 1


def _actions(user):
    return [(i.title, i.action) for i in workqueue.items_for(user) if i.kind == "调研与文字综合"]


def test_todo_holds_the_drafter_the_reviewer_on_turn_and_the_awaited_leader_4_5(office):
    """[4][5]: 我的待办: the lead drafter while drafting, the reviewer whose turn it is (not the next one), the
    leader whose 审定 or 批示 is awaited."""
    d = draft(office, title="讲话甲")
    assert ("讲话甲", "起草文稿 [5]") in _actions(office["guikou1"])
    r = in_review(office, title="讲话乙")
    assert ("讲话乙", "审核文稿 [5]") in _actions(office["fuzhuren"])
    assert ("讲话乙", "审核文稿 [5]") not in _actions(office["zhuren"])
    a = approving(office, title="讲话丙")
    assert ("讲话丙", "审定文稿 [5]") in _actions(office["xianzhang"])
    assert not any(t == "讲话丙" for t, _ in _actions(office["changwu"]))
    rep = reported(office, title="课题丁")
    assert ("课题丁", "批示调研报告 [4]") in _actions(office["xianzhang"])
    assert workqueue.count_for(office["xianzhang"]) >= 2
    assert {d.pk, r.pk, a.pk, rep.pk}
