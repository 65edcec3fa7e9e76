"""Working days: the national calendar with 调休, the office's overrides, and a safe fallback [26(6)7]."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest

from deadlines.calendar import (
    Source,
    WorkCalendar,
    covered_years,
    national_working_day,
    source_of,
    source_spans,
    statutory_holiday_runs,
    statutory_holidays,
    statutory_years,
)
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


def test_a_year_no_package_knows_falls_back_to_monday_to_friday(caplog):
    year = statutory_years().stop + 3  # after 2100: the holidays package stops there too
    assert source_of(year) is Source.OVERRIDES_ONLY
    monday = date(year, 3, 1)
    while monday.weekday() != 0:
        monday = monday.replace(day=monday.day + 1)
    cal = WorkCalendar()
    with caplog.at_level(logging.WARNING, logger="deadlines.calendar"):
        assert cal.is_working_day(monday)
        assert not cal.is_working_day(monday.replace(day=monday.day + 5))  # Saturday
    assert year in cal.fallback_years
    assert any(str(year) in record.getMessage() for record in caplog.records)


def test_chinesecalendar_answers_as_its_own_is_workday_for_every_day_it_knows():
    """The calendar reads chinesecalendar's tables directly (its ``is_workday`` re-checks its range on every
    call); the answers must be the package's own."""
    import chinese_calendar

    day, last = date(covered_years().start, 1, 1), date(covered_years().stop - 1, 12, 31)
    while day <= last:
        assert national_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


# --- 2027 on: the statutory holidays from the holidays package, 调休 from the overrides [26(6)7] -----------


def test_the_years_after_chinesecalendar_come_from_the_holidays_package(chinesecalendar_stops_at_2026):
    assert source_of(2026) is Source.CHINESECALENDAR
    assert source_of(2027) is Source.HOLIDAYS
    assert source_of(2100) is Source.HOLIDAYS
    assert source_spans() == [
        (Source.CHINESECALENDAR, 2004, 2026),
        (Source.HOLIDAYS, 2027, 2100),
        (Source.OVERRIDES_ONLY, 2101, None),
    ]


def test_new_years_day_2027_is_not_a_working_day(chinesecalendar_stops_at_2026):
    """[26(6)7] 元旦 2027 is a Friday: a deadline on Monday 4 January is announced on Thursday 31 December."""
    cal = WorkCalendar()
    assert not cal.is_working_day(date(2027, 1, 1))
    assert cal.working_day_before(local(2027, 1, 4, 9, 0)) == local(2026, 12, 31, 9, 0)


def test_the_2027_spring_festival_is_four_statutory_days_and_two_days_in_lieu(chinesecalendar_stops_at_2026):
    """[26(6)7] 春节 is 除夕 to 初三 (2024 revision of the national rules): Friday 5 to Monday 8 February 2027.
    初一 and 初二 fall on the weekend, so Tuesday 9 and Wednesday 10 are given in lieu (补假); Thursday 11
    is the first working day again until the State Council's notice is entered."""
    assert statutory_holiday_runs(2027)[1:4] == [
        (date(2027, 2, 5), date(2027, 2, 5), "农历除夕"),
        (date(2027, 2, 6), date(2027, 2, 8), "春节"),
        (date(2027, 2, 9), date(2027, 2, 10), "春节（补假）"),
    ]
    cal = WorkCalendar()
    off = [date(2027, 2, day) for day in range(5, 11)]
    assert [day for day in off if cal.is_working_day(day)] == []
    assert cal.is_working_day(date(2027, 2, 4)) and cal.is_working_day(date(2027, 2, 11))
    assert cal.next_working_day(date(2027, 2, 4)) == date(2027, 2, 11)


def test_the_holidays_package_gives_every_statutory_holiday_of_2027(chinesecalendar_stops_at_2026):
    """The national rules: 元旦 1 day, 春节 4, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3; a holiday on a weekend
    is given on the next working day."""
    assert statutory_holiday_runs(2027) == [
        (date(2027, 1, 1), date(2027, 1, 1), "元旦"),
        (date(2027, 2, 5), date(2027, 2, 5), "农历除夕"),
        (date(2027, 2, 6), date(2027, 2, 8), "春节"),
        (date(2027, 2, 9), date(2027, 2, 10), "春节（补假）"),
        (date(2027, 4, 5), date(2027, 4, 5), "清明节"),
        (date(2027, 5, 1), date(2027, 5, 2), "劳动节"),
        (date(2027, 5, 3), date(2027, 5, 4), "劳动节（补假）"),
        (date(2027, 6, 9), date(2027, 6, 9), "端午节"),
        (date(2027, 9, 15), date(2027, 9, 15), "中秋节"),
        (date(2027, 10, 1), date(2027, 10, 3), "国庆节"),
        (date(2027, 10, 4), date(2027, 10, 5), "国庆节（补假）"),
    ]
    cal = WorkCalendar()
    assert cal.working_day_before(local(2027, 10, 6, 10, 0)) == local(2027, 9, 30, 10, 0)


@pytest.mark.django_db
def test_the_office_enters_the_state_councils_adjustments_for_2027(chinesecalendar_stops_at_2026):
    """[26(6)7] The package cannot know the State Council's notice: the weekends worked (调休) and the days added
    to the break are entered as overrides, and they win. (The dates here are an example, not the notice.)"""
    before = WorkCalendar.load()
    assert before.working_day_before(local(2027, 2, 15, 10, 0)) == local(2027, 2, 12, 10, 0)
    assert not before.is_working_day(date(2027, 2, 20))
    CalendarOverride.objects.create(day=date(2027, 2, 11), kind=CalendarOverride.Kind.HOLIDAY, note="春节")
    CalendarOverride.objects.create(day=date(2027, 2, 12), kind=CalendarOverride.Kind.HOLIDAY, note="春节")
    CalendarOverride.objects.create(day=date(2027, 2, 20), kind=CalendarOverride.Kind.WORKDAY, note="春节调休上班")
    after = WorkCalendar.load()
    assert after.working_day_before(local(2027, 2, 15, 10, 0)) == local(2027, 2, 4, 10, 0)
    assert after.is_working_day(date(2027, 2, 20))
    assert after.working_day_before(local(2027, 2, 22, 10, 0)) == local(2027, 2, 20, 10, 0)


def test_a_year_from_the_holidays_package_without_overrides_is_logged_once(chinesecalendar_stops_at_2026, caplog):
    from deadlines import calendar

    calendar._warned_years.discard(2027)
    with caplog.at_level(logging.WARNING, logger="deadlines.calendar"):
        WorkCalendar().is_working_day(date(2027, 3, 1))
        WorkCalendar().is_working_day(date(2027, 3, 2))
    assert [r.getMessage() for r in caplog.records if "2027" in r.getMessage()] == [
        "chinesecalendar has no holiday data for 2027: counting the statutory holidays computed by the holidays "
        "package; the State Council's adjusted working days (调休) for that year are not entered as calendar "
        "overrides yet"
    ]


def test_each_years_statutory_holidays_are_computed_once(chinesecalendar_stops_at_2026, monkeypatch):
    """A scan asks thousands of times: the holidays package is asked once per year and process."""
    import holidays

    statutory_holidays(2027)  # computed (or already cached)
    calls = []
    monkeypatch.setattr(holidays, "China", lambda *a, **k: calls.append(k) or {})
    cal = WorkCalendar()
    for day in range(1, 29):
        cal.is_working_day(date(2027, 2, day))
    assert calls == []
