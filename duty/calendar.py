"""What a day is for the duty room — from the calendar the reminder engine uses (``deadlines.calendar``):
a working day (调休上班 weekends included), a rest day, or a statutory holiday (法定节假日, with its name) [41].

A statutory holiday day is a day off inside a holiday break the State Council announced (``chinesecalendar``),
one the ``holidays`` package computes for later years, or a day the office entered as 放假 in 节假日调整 —
weekends inside the break included (春节 is seven or eight days off, each needing its 带班 leaders [41]).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from chinese_calendar.constants import holidays as cc_holidays

from deadlines.calendar import WorkCalendar, at, covered_years, statutory_holidays

from .models import DayType

# chinesecalendar names its breaks in English; the duty room reads Chinese.
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def _holiday_name(day: date, calendar: WorkCalendar) -> str:
    """The break ``day`` belongs to, '' when it is not a statutory holiday day."""
    if day in calendar.overrides:
        return "节假日" if not calendar.overrides[day] else ""
    if day.year in covered_years():
        name = cc_holidays.get(day)
        return NAMES.get(str(name), str(name)) if name else ""
    name = statutory_holidays(day.year).get(day, "").split("（")[0]
    return "春节" if name == "农历除夕" else name


@dataclass(frozen=True)
class DutyDay:
    day: date
    day_type: str
    holiday_name: str = ""


def classify(day: date, calendar: WorkCalendar | None = None) -> DutyDay:
    calendar = calendar or WorkCalendar.load()
    name = _holiday_name(day, calendar)
    if name and not calendar.is_working_day(day):
        return DutyDay(day, DayType.HOLIDAY, name)
    if calendar.is_working_day(day):
        return DutyDay(day, DayType.WORKDAY)
    return DutyDay(day, DayType.WEEKEND)


def days(starts_on: date, ends_on: date, calendar: WorkCalendar | None = None) -> list[DutyDay]:
    calendar = calendar or WorkCalendar.load()
    out, day = [], starts_on
    while day <= ends_on:
        out.append(classify(day, calendar))
        day += timedelta(days=1)
    return out


def holiday_periods(year: int, calendar: WorkCalendar | None = None) -> list[tuple[date, date, str]]:
    """The year's holiday breaks as (first day, last day, name): what a 节假日值班表 is made for."""
    calendar = calendar or WorkCalendar.load()
    runs: list[tuple[date, date, str]] = []
    for item in days(date(year, 1, 1), date(year, 12, 31), calendar):
        if item.day_type != DayType.HOLIDAY:
            continue
        if runs and runs[-1][1] + timedelta(days=1) == item.day and runs[-1][2] == item.holiday_name:
            runs[-1] = (runs[-1][0], item.day, item.holiday_name)
        else:
            runs.append((item.day, item.day, item.holiday_name))
    return runs


def shift_times(day: date, kind) -> tuple[datetime, datetime]:
    """A kind's local start and end on ``day`` (an overnight shift ends the next day)."""
    starts = at(day, kind.starts)
    ends = at(day + timedelta(days=1) if kind.overnight else day, kind.ends)
    return starts, ends
