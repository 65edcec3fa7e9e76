"""What sending a request refuses, each with a clear message citing the article [54], [51]; and the working
days counted on the holiday calendar."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from deadlines.models import CalendarOverride
from leave import services
from leave.models import State
from leave.periods import Half
from leave.selectors import annual_entitlement, annual_leave_balance
from org.models import Profile

from .conftest import TODAY
from .factories import data, draft, sent

TUESDAY = date(2026, 9, 15)
FRIDAY = date(2026, 9, 18)
SATURDAY = date(2026, 9, 19)
SUNDAY_WORKED = date(2026, 9, 20)  # 调休: worked for 国庆


def test_end_before_start_is_refused(office, kinds):
    """[54] a period must run forwards."""
    with pytest.raises(ValidationError, match="结束日期（2026年09月14日）早于开始日期（2026年09月15日）"):
        draft(office["guikou1"], kinds["事假"], TUESDAY, TODAY)


def test_half_day_boundaries(office, kinds):
    """[54] 上午/下午: the same day from the afternoon to the morning is nonsense; AM–AM and PM–PM are half days."""
    with pytest.raises(ValidationError, match="同一天内不能从下午开始、到上午结束"):
        draft(office["guikou1"], kinds["事假"], TUESDAY, start_half=Half.PM, end_half=Half.AM)
    morning = sent(office["guikou1"], kinds["事假"], TUESDAY, start_half=Half.AM, end_half=Half.AM)
    afternoon = sent(office["guikou1"], kinds["事假"], TUESDAY, start_half=Half.PM, end_half=Half.PM)
    assert morning.working_days == afternoon.working_days == Decimal("0.5")  # and they do not overlap
    over_two = sent(office["guikou2"], kinds["事假"], TUESDAY, FRIDAY, start_half=Half.PM, end_half=Half.AM)
    assert over_two.working_days == Decimal(3)  # ½ + 1 + 1 + ½


def test_no_working_day_is_refused(office, kinds):
    """[54] weekends and statutory holidays are not leave days: nothing to ask for."""
    with pytest.raises(ValidationError, match="没有工作日"):
        sent(office["guikou1"], kinds["事假"], SATURDAY)
    holiday = sent(office["guikou1"], kinds["事假"], SUNDAY_WORKED)  # an adjusted working day (调休) counts
    assert holiday.working_days == Decimal(1)


def test_a_request_spanning_national_day_counts_working_days_only(office, kinds):
    """[54] 29 Sep – 10 Oct 2026: 国庆 (1–7 Oct) and the weekend off are not counted, Saturday 10 Oct (调休)
    is: 29, 30 Sep, 8, 9, 10 Oct = 5 working days — more than one, so the director approves."""
    req = sent(office["guikou1"], kinds["事假"], date(2026, 9, 29), date(2026, 10, 10))
    assert req.working_days == Decimal(5)
    assert req.approver == office["zhuren"]
    # Around the holiday a "week off" is a day and a half: 30 Sep afternoon – 8 Oct.
    req = sent(office["guikou2"], kinds["事假"], date(2026, 9, 30), date(2026, 10, 8), start_half=Half.PM)
    assert req.working_days == Decimal("1.5")


def test_the_offices_calendar_override_is_counted(office, kinds):
    """[54] a day the office gives off (节假日调整) is not a leave day."""
    CalendarOverride.objects.create(day=FRIDAY, kind=CalendarOverride.Kind.HOLIDAY, note="县庆")
    req = sent(office["guikou1"], kinds["事假"], date(2026, 9, 17), FRIDAY)
    assert req.working_days == Decimal(1)
    assert req.approver == office["fuzhuren_wenmi"]  # one day: the 分管 leader [54]


def test_overlapping_requests_of_one_person_are_refused(office, kinds):
    """[54] one absence at a time: a second request over the same days is refused, naming the first."""
    sent(office["guikou1"], kinds["事假"], TUESDAY, date(2026, 9, 16))
    with pytest.raises(
        ValidationError, match=r"与已有的请假重叠：事假 2026年09月15日上午至2026年09月16日下午（待审批）"
    ):
        sent(office["guikou1"], kinds["病假"], date(2026, 9, 16), start_half=Half.PM)
    # Another person may be away on the same days.
    assert sent(office["guikou2"], kinds["事假"], TUESDAY).state == State.PENDING


def test_a_withdrawn_or_refused_request_does_not_block_the_days(office, kinds):
    """[54] only requests sent and still standing hold the days."""
    first = sent(office["guikou1"], kinds["事假"], TUESDAY)
    services.leave_reject(actor=office["fuzhuren_wenmi"], pk=first.pk, reason="当天有会")
    assert sent(office["guikou1"], kinds["事假"], TUESDAY).state == State.PENDING


def test_retroactive_request_of_a_kind_that_must_be_asked_beforehand_is_refused(office, kinds):
    """[54] 事前报告，经批准后方可外出: 事假 whose first half-day is over cannot be sent."""
    friday_before = date(2026, 9, 11)
    with pytest.raises(ValidationError, match=r"“事假”须事前报告、经批准后方可外出 \[54\]"):
        sent(office["guikou1"], kinds["事假"], friday_before)


def test_sick_leave_may_be_reported_afterwards_and_is_marked(office, kinds):
    """[54] 病假 (marked in the admin as allowing it) is 事后补办, shown as such to the approver."""
    req = sent(office["guikou1"], kinds["病假"], date(2026, 9, 11))
    assert req.retroactive and req.state == State.PENDING
    assert "事后补办" in req.log.get(action="submit").comment


def test_a_report_on_the_morning_itself_is_still_beforehand(office, kinds):
    """[54] at 09:00 the person reports this morning's leave before going: not 事后补办."""
    req = sent(office["guikou1"], kinds["事假"], TODAY, end_half=Half.AM)
    assert not req.retroactive


def test_trips_and_leaving_the_county_need_a_destination(office, kinds):
    """[51], [54] 出差、学习(培训) and 离县 say where."""
    with pytest.raises(ValidationError, match=r"出差须写明去向 \[51\]\[54\]"):
        services.leave_submit(
            actor=office["guikou1"],
            pk=services.leave_create(actor=office["guikou1"], data=data(kinds["出差"], TUESDAY, destination="")).pk,
        )
    with pytest.raises(ValidationError, match=r"离开县境须写明去向 \[51\]\[54\]"):
        sent(office["guikou2"], kinds["事假"], TUESDAY, leaves_county=True)
    assert sent(office["guikou2"], kinds["事假"], TUESDAY, leaves_county=True, destination="玉树市").leaves_county


def test_a_reason_is_required(office, kinds):
    """[54] 书面报告: what for."""
    with pytest.raises(ValidationError, match="请填写事由"):
        sent(office["guikou1"], kinds["事假"], TUESDAY, reason=" ")


# --- 年休假 -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("started", "years", "days"),
    [
        (None, 0, 0),
        (date(2026, 3, 1), 0, 0),  # under a year: none
        (date(2025, 3, 1), 1, 5),
        (date(2017, 3, 1), 9, 5),
        (date(2016, 3, 1), 10, 10),
        (date(2007, 3, 1), 19, 10),
        (date(2006, 3, 1), 20, 15),
    ],
)
def test_annual_leave_entitlement_by_years_of_service(started, years, days):
    """《职工带薪年休假条例》第三条: 满1年不满10年 5天, 满10年不满20年 10天, 满20年 15天."""
    assert annual_entitlement(started, 2026) == (years, Decimal(days))


def test_annual_leave_beyond_the_balance_is_refused_with_the_figures(office, kinds):
    """[54] a request beyond the 年休假 balance is refused, saying entitlement, taken, pending, remaining."""
    Profile.objects.filter(user=office["guikou1"]).update(work_started_on=date(2019, 7, 1))  # 7 years: 5 days
    first = sent(office["guikou1"], kinds["年休假"], date(2026, 9, 21), date(2026, 9, 23))  # Mon–Wed: 3 days
    services.leave_approve(actor=office["zhuren"], pk=first.pk)
    sent(office["guikou1"], kinds["年休假"], date(2026, 9, 28))  # 1 day, pending
    with pytest.raises(
        ValidationError, match=r"年休假余额不足：2026年：工龄7年，应休5天，已休3天，待审批1天，剩余1天。本次申请2天"
    ):
        sent(office["guikou1"], kinds["年休假"], date(2026, 10, 8), date(2026, 10, 9))
    assert sent(office["guikou1"], kinds["年休假"], date(2026, 10, 8)).working_days == Decimal(1)  # exactly the rest
    balance = annual_leave_balance(office["guikou1"], year=2026)
    assert (balance.taken, balance.pending, balance.remaining) == (Decimal(3), Decimal(2), Decimal(0))


def test_annual_leave_without_a_work_start_date_is_refused(office, kinds):
    """[54] the office must record 参加工作时间 before 年休假 can be counted."""
    with pytest.raises(ValidationError, match="尚未登记参加工作时间"):
        sent(office["guikou1"], kinds["年休假"], TUESDAY)


def test_annual_leave_across_two_years_is_asked_year_by_year(office, kinds):
    """[54] 年休假 is counted per year."""
    Profile.objects.filter(user=office["guikou1"]).update(work_started_on=date(2001, 7, 1))
    with pytest.raises(ValidationError, match="跨年度的请按年度分别申请"):
        sent(office["guikou1"], kinds["年休假"], date(2026, 12, 30), date(2027, 1, 4))
