"""Working days: the national calendar with 调休, the office's overrides, and a safe fallback [26(6)7]."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from deadlines.calendar import WorkCalendar, covered_years
from deadlines.models import CalendarOverride

from .conftest import local


def test_national_holidays_and_adjusted_working_days_count():
    cal = WorkCalendar()
    assert not cal.is_working_day(date(2026, 10, 1))  # 国庆
    assert not cal.is_working_day(date(2026, 11, 7))  # a Saturday
    assert cal.is_working_day(date(2026, 10, 10))  # Saturday worked for the National Day holiday (调休)
    assert cal.is_working_day(date(2026, 11, 9))


def test_one_working_day_before_skips_the_weekend():
    """[26(6)7] A deadline on Monday 10:00 is announced on Friday 10:00."""
    assert WorkCalendar().working_day_before(local(2026, 11, 9, 10, 0)) == local(2026, 11, 6, 10, 0)


def test_one_working_day_before_a_deadline_after_national_day_is_before_the_holiday():
    """[26(6)7] Due on Thursday 8 October, the first day back: the warning goes out on 30 September."""
    assert WorkCalendar().working_day_before(local(2026, 10, 8, 10, 0)) == local(2026, 9, 30, 10, 0)


@pytest.mark.django_db
def test_an_override_beats_the_national_calendar():
    CalendarOverride.objects.create(day=date(2026, 9, 30), kind=CalendarOverride.Kind.HOLIDAY, note="县庆放假")
    CalendarOverride.objects.create(day=date(2026, 11, 7), kind=CalendarOverride.Kind.WORKDAY, note="补班")
    cal = WorkCalendar.load()
    assert not cal.is_working_day(date(2026, 9, 30))
    assert cal.is_working_day(date(2026, 11, 7))
    assert cal.working_day_before(local(2026, 10, 8, 10, 0)) == local(2026, 9, 29, 10, 0)
    assert cal.working_day_before(local(2026, 11, 9, 10, 0)) == local(2026, 11, 7, 10, 0)


def test_a_year_the_package_does_not_know_falls_back_to_monday_to_friday(caplog):
    year = covered_years().stop + 3
    monday = date(year, 3, 1)
    while monday.weekday() != 0:
        monday = monday.replace(day=monday.day + 1)
    cal = WorkCalendar()
    with caplog.at_level(logging.WARNING, logger="deadlines.calendar"):
        assert cal.is_working_day(monday)
        assert not cal.is_working_day(monday.replace(day=monday.day + 5))  # Saturday
    assert year in cal.fallback_years
    assert any(str(year) in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_the_office_fills_in_a_year_the_package_does_not_know():
    """2027's 元旦 is not in the package yet: entered as an override, the warning moves before it."""
    if 2027 in covered_years():
        pytest.skip("the installed chinesecalendar already knows 2027")
    assert WorkCalendar.load().working_day_before(local(2027, 1, 4, 9, 0)) == local(2027, 1, 1, 9, 0)
    CalendarOverride.objects.create(day=date(2027, 1, 1), kind=CalendarOverride.Kind.HOLIDAY, note="元旦")
    assert WorkCalendar.load().working_day_before(local(2027, 1, 4, 9, 0)) == local(2026, 12, 31, 9, 0)
