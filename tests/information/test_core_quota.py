"""The weekly quota [44] — 每周向省、州报送信息各不少于2条 — and the reminders [44], [46]: weeks Monday–Sunday,
counted by the sending's date; the Thursday 09:00 warning of a week behind, once, moved off a holiday (国庆 2026);
urgent items reminded in hours, ordinary ones after a working day."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deadlines.calendar import WorkCalendar
from deadlines.models import Reminder
from deadlines.services import deadlines_scan
from information import quota, services
from information.deadline_sources import quota_warning_at
from information.models import Target

from . import factories as f

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 9, 14)  # the frozen clock's week: Tuesday 15 September 2026


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def _quota_reminders(week_start: date):
    return Reminder.objects.filter(rule="information.quota", item_id=week_start.toordinal())


# --- counting [44] ----------------------------------------------------------------------------------------------


def test_a_week_runs_monday_to_sunday_44():
    assert quota.week_of(date(2026, 9, 14)) == MONDAY
    assert quota.week_of(date(2026, 9, 20)) == MONDAY  # Sunday
    assert quota.week_of(date(2026, 9, 21)) == date(2026, 9, 21)


def test_the_week_counts_distinct_items_by_the_sending_date_44(office, clock):
    """[44] Two items to the province and two to the prefecture a week; a sending on Sunday counts in the week it
    ends, one on Monday in the new one."""
    clock.move_to(_at(date(2026, 9, 13), 10))  # Sunday of the week before
    f.sent(office, targets=(Target.PROVINCE,), sent_on=date(2026, 9, 13))
    clock.move_to(_at(date(2026, 9, 15), 10))
    f.sent(office, targets=(Target.PROVINCE, Target.PREFECTURE, Target.COUNTY))
    f.sent(office, targets=(Target.PROVINCE,))
    week = quota.week_quota(MONDAY)
    assert (week.province, week.prefecture, week.quota) == (2, 1, 2)
    assert not week.met and week.behind and not week.short and week.status == "进行中"
    assert week.prefecture_short == 1 and week.province_short == 0
    before = quota.week_quota(date(2026, 9, 9))  # any day of the week before
    assert before.start == date(2026, 9, 7) and (before.province, before.prefecture) == (1, 0)
    assert before.short and before.status == "未完成"


def test_a_week_that_ended_short_is_marked_and_a_met_week_is_not_44(office, clock):
    clock.move_to(_at(date(2026, 9, 8), 10))
    f.sent(office, sent_on=date(2026, 9, 8))
    f.sent(office, sent_on=date(2026, 9, 8))
    clock.move_to(_at(date(2026, 9, 15), 10))
    weeks = {w.start: w for w in quota.weeks(2026)}
    assert len(weeks) == 53  # ISO 2026 has 53 weeks
    assert weeks[date(2026, 9, 7)].met and not weeks[date(2026, 9, 7)].short
    assert weeks[date(2026, 8, 31)].short  # ended with nothing sent
    assert not weeks[MONDAY].short and weeks[MONDAY].behind  # under way
    assert not weeks[date(2026, 9, 21)].short and weeks[date(2026, 9, 21)].status == "未开始"
    assert [w.start for w in quota.short_weeks(2026)][-1] == date(2026, 8, 31)


def test_the_years_weeks_are_one_query_whatever_the_number_of_items_44(office):
    """PERFORMANCE.md: the statistics' 53 weeks are one aggregate query, flat in items."""
    f.sent(office)
    with CaptureQueriesContext(connection) as few:
        quota.weeks(2026)
    for _ in range(4):
        f.sent(office)
    with CaptureQueriesContext(connection) as many:
        weeks = quota.weeks(2026)
    assert len(few.captured_queries) == len(many.captured_queries) == 1
    assert {w.start: w for w in weeks}[MONDAY].province == 5


# --- the Thursday warning [44] ------------------------------------------------------------------------------------


def test_a_week_behind_is_warned_on_thursday_at_nine_once_44(office):
    """[44] A week with one item to the province and none to the prefecture: nothing before Thursday 09:00; then
    every information officer and their 分管 leader are warned, once however many scans run."""
    f.sent(office, targets=(Target.PROVINCE,))
    thursday = date(2026, 9, 17)
    deadlines_scan(now=_at(thursday, 8, 59), deliver="inline")
    assert not _quota_reminders(MONDAY).exists()
    deadlines_scan(now=_at(thursday, 9, 0), deliver="inline")
    deadlines_scan(now=_at(thursday, 9, 15), deliver="inline")
    deadlines_scan(now=_at(date(2026, 9, 18), 9, 0), deliver="inline")
    rows = _quota_reminders(MONDAY)
    recipients = sorted(rows.values_list("recipient__username", flat=True))
    assert recipients == ["t-fuzhuren_wenmi", "t-xinxi"]  # 陈嘉怡 and the 综合科's 分管 leader 央宗, once each
    reminder = rows.first()
    assert reminder.due_at == _at(thursday, 9, 0)
    assert "省级1条、州级0条" in reminder.body and "尚差州级2条" in reminder.body


def test_a_week_on_quota_by_thursday_is_not_warned_44(office):
    f.sent(office)
    f.sent(office)
    deadlines_scan(now=_at(date(2026, 9, 17), 9, 30), deliver="inline")
    assert not _quota_reminders(MONDAY).exists()


def test_a_thursday_holiday_moves_the_warning_to_the_last_working_day_before_it_44(office, clock):
    """[44] 国庆 2026: Thursday 1 October is a holiday (1–7 October, the project's calendar). The week of
    28 September is warned on Wednesday 30 September at 09:00 — the last working day before the holiday — and
    only then; the next week (Thursday 8 October a working day again) on its Thursday."""
    calendar = WorkCalendar.load()
    holiday_week = date(2026, 9, 28)
    assert not calendar.is_working_day(date(2026, 10, 1))
    assert quota_warning_at(holiday_week, calendar) == _at(date(2026, 9, 30), 9)
    assert quota_warning_at(date(2026, 10, 5), calendar) == _at(date(2026, 10, 8), 9)

    clock.move_to(_at(date(2026, 9, 29), 10))
    f.sent(office, targets=(Target.PREFECTURE,), sent_on=date(2026, 9, 29))
    deadlines_scan(now=_at(date(2026, 9, 30), 8, 30), deliver="inline")
    assert not _quota_reminders(holiday_week).exists()
    deadlines_scan(now=_at(date(2026, 9, 30), 9, 5), deliver="inline")
    deadlines_scan(now=_at(date(2026, 10, 1), 9, 5), deliver="inline")  # the Thursday itself: nothing more
    rows = _quota_reminders(holiday_week)
    assert sorted(rows.values_list("recipient__username", flat=True)) == ["t-fuzhuren_wenmi", "t-xinxi"]
    assert {r.due_at for r in rows} == {_at(date(2026, 9, 30), 9)}
    # The week after the holiday: warned on Thursday 8 October.
    deadlines_scan(now=_at(date(2026, 10, 8), 9, 1), deliver="inline")
    assert _quota_reminders(date(2026, 10, 5)).count() == 2


def test_a_week_whose_first_days_are_holidays_is_warned_after_thursday_and_a_week_off_not_at_all_44():
    """[44] When Monday to Thursday are not working days, the first working day after Thursday in the week; a
    week with no working day is not warned (its shortfall shows in the statistics)."""
    monday = date(2027, 3, 1)
    first_days_off = WorkCalendar({monday + timedelta(days=n): False for n in range(4)})
    assert quota_warning_at(monday, first_days_off) == _at(date(2027, 3, 5), 9)
    all_off = WorkCalendar({monday + timedelta(days=n): False for n in range(7)})
    assert quota_warning_at(monday, all_off) is None


def test_a_week_already_over_is_not_warned_late_44(office):
    """After an outage the scan does not warn a week that has ended: that is a short week now, not a reminder."""
    deadlines_scan(now=_at(date(2026, 9, 21), 9, 0), deliver="inline")  # Monday after: last week is over
    assert not _quota_reminders(MONDAY).exists()


# --- the items waiting [46] ---------------------------------------------------------------------------------------


def test_an_urgent_item_is_reminded_in_hours_for_review_and_then_for_sending_46(office, clock):
    """[46] 急事急报: a 紧急信息 waits INFORMATION_URGENT_HOURS (2) clock hours for review, then 2 for sending."""
    item = f.urgent(office)  # Tuesday 10:00, straight to 待审核
    deadlines_scan(now=_at(date(2026, 9, 15), 11, 55), deliver="inline")
    assert not Reminder.objects.filter(rule="information.urgent").exists()
    deadlines_scan(now=_at(date(2026, 9, 15), 12, 1), deliver="inline")
    review = Reminder.objects.filter(rule="information.urgent", item_id=item.pk)
    assert "t-fuzhuren_wenmi" in set(review.values_list("recipient__username", flat=True))
    assert {r.due_at for r in review} == {_at(date(2026, 9, 15), 12)}

    clock.move_to(_at(date(2026, 9, 15), 12, 30))
    services.review_item(actor=office["fuzhuren_wenmi"], pk=item.pk, approve=True)
    deadlines_scan(now=_at(date(2026, 9, 15), 14, 31), deliver="inline")
    sending = Reminder.objects.filter(rule="information.urgent", item_id=item.pk, due_at=_at(date(2026, 9, 15), 14, 30))
    # The information staff must send it; once overdue the engine adds the 分管 office leader.
    assert set(sending.values_list("recipient__username", flat=True)) == {"t-xinxi", "t-fuzhuren_wenmi"}
    # An urgent item is never in the day-counted screening or review reminders.
    assert not Reminder.objects.filter(rule__in=["information.screen", "information.review"]).exists()


def test_an_ordinary_item_is_reminded_after_a_working_day_in_the_queue_46(office):
    """[46] An ordinary item waits at most a working day to be screened (the information staff are reminded) and
    a working day for review (the reviewing leader)."""
    item = f.submitted(office)  # Tuesday 10:00
    deadlines_scan(now=_at(date(2026, 9, 15), 17, 0), deliver="inline")
    assert not Reminder.objects.filter(rule="information.screen").exists()
    deadlines_scan(now=_at(date(2026, 9, 16), 10, 5), deliver="inline")
    rows = Reminder.objects.filter(rule="information.screen", item_id=item.pk)
    assert set(rows.values_list("recipient__username", flat=True)) == {"t-xinxi", "t-fuzhuren_wenmi"}
    assert {r.due_at for r in rows} == {_at(date(2026, 9, 16), 10)}
    services.screen_item(actor=office["xinxi"], pk=item.pk, keep=True)
    services.submit_for_review(actor=office["xinxi"], pk=item.pk)  # Tuesday 10:00 still (frozen clock)
    deadlines_scan(now=_at(date(2026, 9, 16), 10, 10), deliver="inline")
    review = Reminder.objects.filter(rule="information.review", item_id=item.pk)
    assert set(review.values_list("recipient__username", flat=True)) == {"t-fuzhuren_wenmi"}


def test_an_item_submitted_before_the_holiday_is_due_after_it_46(office, clock):
    clock.move_to(_at(date(2026, 9, 30), 15))
    item = f.submitted(office)
    deadlines_scan(now=_at(date(2026, 10, 7), 16), deliver="inline")
    assert not Reminder.objects.filter(rule="information.screen", item_id=item.pk).exists()
    deadlines_scan(now=_at(date(2026, 10, 8), 15, 5), deliver="inline")
    rows = Reminder.objects.filter(rule="information.screen", item_id=item.pk)
    assert rows.exists() and {r.due_at for r in rows} == {_at(date(2026, 10, 8), 15)}
