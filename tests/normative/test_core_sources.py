"""Reminders and 我的待办 [13]: the filing due after publication, validity running out, the leader's queue."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from deadlines.models import Reminder
from deadlines.services import deadlines_scan
from normative import services
from normative.todo import NormativeWork

from . import factories as f

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def test_a_filing_overdue_is_reminded_once_to_the_legal_section_13(office, clock):
    """[13] published 2 November, the filing is due 2 December (30 days); not filed, 法制科 is reminded once
    when overdue, however many scans run."""
    document = f.registered(office, effective_on=date(2026, 11, 2), legal_reviewed_on=date(2026, 10, 20))
    document = services.publish(
        actor=office[f.LEGAL], pk=document.pk, published_on=date(2026, 11, 2), published_in="portal"
    )
    assert document.filing_due == date(2026, 12, 2)
    for moment in (_at(2026, 12, 3, 9), _at(2026, 12, 3, 9, 15), _at(2026, 12, 4, 9)):
        clock.move_to(moment)
        deadlines_scan(now=moment, deliver="inline")
    overdue = Reminder.objects.filter(rule="normative.filing", item_id=document.pk, stage="overdue")
    assert office[f.LEGAL].pk in set(overdue.values_list("recipient_id", flat=True))
    assert overdue.filter(recipient=office[f.LEGAL]).count() == 1
    assert all("报送备案" in r.title for r in overdue)


def test_a_filed_document_is_not_reminded_13(office, clock):
    document = f.registered(office, effective_on=date(2026, 11, 2), legal_reviewed_on=date(2026, 10, 20))
    services.publish(actor=office[f.LEGAL], pk=document.pk, published_on=date(2026, 11, 2), published_in="portal")
    services.record_filing(actor=office[f.LEGAL], pk=document.pk, filed_on=date(2026, 11, 10))
    clock.move_to(_at(2026, 12, 3, 9))
    deadlines_scan(now=_at(2026, 12, 3, 9), deliver="inline")
    assert not Reminder.objects.filter(rule="normative.filing", item_id=document.pk).exists()


def test_validity_running_out_warns_the_legal_section_90_days_ahead_13(office, clock):
    """[13] valid until 31 January 2027: 法制科 hears on 2 November 2026 (90 days before) — here the scan of
    the pinned day 16 November, the first after — to 评估 whether to renew it."""
    document = f.in_force_document(office, valid_until=date(2027, 1, 31))
    deadlines_scan(now=_at(2026, 11, 16, 9, 30), deliver="inline")
    warned = Reminder.objects.filter(rule="normative.expiry", item_id=document.pk, stage="warning")
    assert list(warned.values_list("recipient_id", flat=True)) == [office[f.LEGAL].pk]


def test_the_legal_sections_and_the_leaders_queues_13(office):
    """[13] 我的待办: 法制科 has the document to publish, the filing due, the interpretation, the clean-up in
    progress; the county head the submitted clean-up and the repeal proposal; a deputy head nothing."""
    f.registered(office, title="待公布的办法")
    to_file = f.registered(office, effective_on=date(2026, 11, 10), legal_reviewed_on=date(2026, 11, 2))
    services.publish(actor=office[f.LEGAL], pk=to_file.pk, published_on=date(2026, 11, 10), published_in="portal")
    in_force = f.in_force_document(office)
    services.record_filing(actor=office[f.LEGAL], pk=in_force.pk, filed_on=date(2025, 12, 20))
    f.interpretation(office, in_force)
    f.cleanup_with(office, in_force)
    other = f.in_force_document(office, title="另一办法")
    services.record_filing(actor=office[f.LEGAL], pk=other.pk, filed_on=date(2025, 12, 20))
    f.submitted_cleanup(office, other)
    third = f.in_force_document(office, title="第三个办法")
    services.record_filing(actor=office[f.LEGAL], pk=third.pk, filed_on=date(2025, 12, 20))
    f.proposal(office, third)
    work = NormativeWork()
    legal = [item.action for item in work.items(office[f.LEGAL], 20)]
    assert sorted(legal) == sorted(
        ["公布规范性文件 [13]", "报送备案 [13]", "答复解释申请 [13]", "填写清理意见并报请决定 [13]"]
    )
    assert work.count(office[f.LEGAL]) == 4
    head = [item.action for item in work.items(office[f.HEAD], 20)]
    assert sorted(head) == sorted(["决定清理结果 [13]", "决定是否废止 [13]"])
    assert work.count(office[f.EXECUTIVE]) == 2
    assert work.count(office["fuxianzhang1"]) == 0


def test_an_unanswered_interpretation_is_reminded_once_when_overdue_13(office, clock):
    """[13] the answer is due 20 working days after the request; past it, 法制科 hears once, however many scans."""
    document = f.in_force_document(office)
    item = f.interpretation(office, document)
    due = item.answer_due
    later = [_at(due.year, due.month, due.day, 9) + timedelta(days=n) for n in (1, 2)]
    for moment in later:
        clock.move_to(moment)
        deadlines_scan(now=moment, deliver="inline")
    overdue = Reminder.objects.filter(rule="normative.interpretation", item_id=item.pk, stage="overdue")
    recipients = list(overdue.values_list("recipient_id", flat=True))
    assert office[f.LEGAL].pk in recipients
    assert len(recipients) == len(set(recipients))  # once each (法制科, and the engine's 分管 leader), not per scan


def test_the_chapter_is_in_the_duties_group_for_everyone_signed_in_13(office):
    """[13] the in-force list is everyone's: the chapter sits in 综合事务 (order 87) for office staff, the county
    leaders and a unit's 联络员; the top bar's rule asks nothing beyond the cached roles."""
    from core import navigation

    chapter = navigation.get("normative")
    assert (chapter.group, chapter.order, chapter.url_name) == ("duties", 87, "normative:home")
    for who in ("xianzhang", "changwu", "zhuren", "fazhi", "guikou1", "dazi", "lianluo"):
        assert chapter in navigation.members_for(office[who], "duties"), who
