"""Reminders [36]: a finding's rectification is reminded a few working days before its deadline (holidays
skipped) and once when overdue, to the unit's 联络员 and the 政务公开专员; an approved inspection's date."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from deadlines.models import Reminder
from deadlines.services import deadlines_scan
from disclosure import services

from .factories import CONTACT, LEADER, OFFICER, approved, finding

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def test_a_findings_overdue_rectification_is_reminded_once_36(office, clock):
    """[36]: past its deadline and not accepted, the finding is reminded — once, however many scans run — to
    the township's 联络员, the 政务公开专员 and (the engine's rule once overdue) the 分管 office leader."""
    f = finding(office, due_on=date(2026, 9, 16))
    for moment in (_at(2026, 9, 17, 9), _at(2026, 9, 17, 9, 15), _at(2026, 9, 18, 9), _at(2026, 9, 21, 9)):
        clock.move_to(moment)
        deadlines_scan(now=moment, deliver="inline")
    overdue = Reminder.objects.filter(rule="disclosure.rectification", item_id=f.pk, stage="overdue")
    people = {office[CONTACT].pk, office[OFFICER].pk, office[LEADER].pk}
    assert set(overdue.values_list("recipient_id", flat=True)) == people
    assert overdue.count() == 3  # one each, not one per scan
    assert all("整改期限：测试乡" in r.title for r in overdue)


def test_the_warning_comes_three_working_days_before_across_the_national_day_holiday_36(office, clock):
    """[36]: due Friday 9 October, the warning goes on Tuesday 29 September (8 Oct, 30 Sep, 29 Sep are the three
    working days before; 1–7 October is the holiday), not on 6 October."""
    f = finding(office, due_on=date(2026, 10, 9))
    deadlines_scan(now=_at(2026, 9, 28, 9), deliver="inline")
    assert not Reminder.objects.filter(rule="disclosure.rectification", item_id=f.pk).exists()
    deadlines_scan(now=_at(2026, 9, 29, 9), deliver="inline")
    warned = Reminder.objects.filter(rule="disclosure.rectification", item_id=f.pk, stage="warning")
    assert set(warned.values_list("recipient_id", flat=True)) == {office[CONTACT].pk, office[OFFICER].pk}
    deadlines_scan(now=_at(2026, 9, 30, 9), deliver="inline")
    assert warned.count() == 2


def test_an_accepted_finding_is_not_reminded_36(office):
    f = finding(office, due_on=date(2026, 9, 16))
    services.rectification_report(actor=office[CONTACT], pk=f.pk, report="已整改")
    services.rectification_accept(actor=office[OFFICER], pk=f.pk)
    deadlines_scan(now=_at(2026, 9, 17, 9), deliver="inline")
    assert not Reminder.objects.filter(rule="disclosure.rectification", item_id=f.pk).exists()


def test_a_reported_but_unaccepted_finding_past_its_deadline_is_still_reminded_36(office):
    """Reported is not done: until the office accepts it, the deadline stands [36]."""
    f = finding(office, due_on=date(2026, 9, 16))
    services.rectification_report(actor=office[CONTACT], pk=f.pk, report="已整改")
    deadlines_scan(now=_at(2026, 9, 17, 9), deliver="inline")
    assert Reminder.objects.filter(rule="disclosure.rectification", item_id=f.pk, stage="overdue").count() == 3


def test_an_approved_inspection_is_reminded_the_working_day_before_its_date_36(office):
    """[36]: planned for Monday 21 September, the officers hear of it on Sunday 20 September — a working day
    (调休 for the National Day holiday) — not on Friday 18 September."""
    inspection = approved(office, planned_on=date(2026, 9, 21))
    deadlines_scan(now=_at(2026, 9, 18, 10), deliver="inline")
    assert not Reminder.objects.filter(rule="disclosure.inspection", item_id=inspection.pk).exists()
    deadlines_scan(now=_at(2026, 9, 20, 10), deliver="inline")
    rows = Reminder.objects.filter(rule="disclosure.inspection", item_id=inspection.pk, stage="warning")
    assert list(rows.values_list("recipient_id", flat=True)) == [office[OFFICER].pk]
