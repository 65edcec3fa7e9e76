"""Working days: the national public-holiday calendar with its adjusted working days (调休), corrected by the
office's own overrides (``CalendarOverride``, entered in the admin's 节假日调整).

"One working day before" a deadline [26(6)7] and the days the overdue digest goes out are counted here.
Each year is answered from one source (``source_of``):

- ``chinesecalendar`` carries the State Council's holiday notices year by year — the holidays and the
  weekends worked in exchange (调休). It is only as new as its last release (1.11.0 stops at 2026).
- For the years after it, the ``holidays`` package's ``China`` calendar computes the statutory holidays under
  the national rules in force (《全国年节及纪念日放假办法》, 2024 revision: 元旦 1 day, 春节 4 days from 除夕,
  清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3, and a working day off (补假) for one falling on a weekend). It cannot
  know the State Council's notice for the year — which weekends are worked and how the holidays are joined
  into longer breaks — so the office enters those as overrides once the notice is out (the home page warns
  from 1 November, ``deadlines.notices``).
- A year neither package knows (after 2100) is counted Monday to Friday plus the overrides, with a warning
  logged once.

Every answer comes from memory: the overrides are read once per ``WorkCalendar``, each year's statutory
holidays are computed once per process.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from types import MappingProxyType

import holidays
from chinese_calendar.constants import holidays as cc_holidays
from chinese_calendar.constants import workdays as cc_workdays
from django.utils import timezone

logger = logging.getLogger(__name__)

# Long enough for the longest run of holidays plus weekends (国庆 with its weekends is nine days).
_MAX_STEPS = 60
_warned_years: set[int] = set()


class Source(StrEnum):
    """Where a year's holidays come from (节假日数据来源)."""

    CHINESECALENDAR = "chinesecalendar"  # the State Council's notices, 调休 included
    HOLIDAYS = "holidays"  # statutory holidays computed by the holidays package; 调休 from the overrides
    OVERRIDES_ONLY = "overrides"  # Monday to Friday, corrected by the overrides only

    @property
    def label(self) -> str:
        return _SOURCE_LABELS[self]


_SOURCE_LABELS = {
    Source.CHINESECALENDAR: "chinesecalendar（国务院放假通知，含调休）",
    Source.HOLIDAYS: "holidays 软件包（推算的法定节假日，不含调休）",
    Source.OVERRIDES_ONLY: "仅本页调整（其余按周一至周五）",
}


@cache
def covered_years() -> range:
    """The years the installed ``chinesecalendar`` knows, e.g. range(2004, 2027)."""
    days = list(cc_holidays) + list(cc_workdays)
    return range(min(days).year, max(days).year + 1)


@cache
def statutory_years() -> range:
    """The years the ``holidays`` package computes China's statutory holidays for, e.g. range(1950, 2101)."""
    return range(holidays.China.start_year, holidays.China.end_year + 1)


def source_of(year: int) -> Source:
    if year in covered_years():
        return Source.CHINESECALENDAR
    if year in statutory_years():
        return Source.HOLIDAYS
    return Source.OVERRIDES_ONLY


def source_spans() -> list[tuple[Source, int, int | None]]:
    """The sources in year order, as (source, first year, last year or None for open-ended), for the admin:
    [(chinesecalendar, 2004, 2026), (holidays, 2027, 2100), (overrides, 2101, None)]."""
    chinesecalendar, statutory = covered_years(), statutory_years()
    return [
        (Source.CHINESECALENDAR, chinesecalendar.start, chinesecalendar.stop - 1),
        (Source.HOLIDAYS, max(statutory.start, chinesecalendar.stop), statutory.stop - 1),
        (Source.OVERRIDES_ONLY, max(statutory.stop, chinesecalendar.stop), None),
    ]


@cache
def statutory_holidays(year: int) -> Mapping[date, str]:
    """The days off the ``holidays`` package computes for ``year``, with their Chinese names (元旦, 春节,
    春节（补假）…): the statutory holidays and the working days given for those falling on a weekend. Public
    holidays only, not the half days (妇女节, 青年节 …) that concern some people only. Computed once per year
    and process (about 0.1 s)."""
    if year not in statutory_years():
        return MappingProxyType({})
    computed = holidays.China(years=year, language="zh_CN")
    return MappingProxyType({day: name for day, name in computed.items() if day.year == year})


def statutory_holiday_runs(year: int) -> list[tuple[date, date, str]]:
    """``statutory_holidays(year)`` as runs of consecutive days under one name, for people to compare with the
    State Council's notice: [(2027-02-06, 2027-02-08, "春节"), (2027-02-09, 2027-02-10, "春节（补假）"), …]."""
    runs: list[tuple[date, date, str]] = []
    for day, name in sorted(statutory_holidays(year).items()):
        if runs and runs[-1][2] == name and runs[-1][1] + timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day, name)
        else:
            runs.append((day, day, name))
    return runs


def national_working_day(day: date) -> bool | None:
    """What the national calendar says, or None for a year neither package has data for."""
    source = source_of(day.year)
    if source is Source.CHINESECALENDAR:
        # ``chinese_calendar.is_workday``'s own rule, without its range check (a min/max over every day it
        # knows, 40 µs a call): a scan asks this thousands of times.
        return day in cc_workdays or (day.weekday() < 5 and day not in cc_holidays)
    if source is Source.HOLIDAYS:
        return day.weekday() < 5 and day not in statutory_holidays(day.year)
    return None


class WorkCalendar:
    """A calendar for one scan: the overrides are read once, then every question is answered in memory."""

    def __init__(self, overrides: dict[date, bool] | None = None) -> None:
        self.overrides = dict(overrides or {})
        self.override_years = {day.year for day in self.overrides}
        self.fallback_years: set[int] = set()  # years counted Monday to Friday: no package knows them

    @classmethod
    def load(cls) -> WorkCalendar:
        from .models import CalendarOverride

        rows = CalendarOverride.objects.values_list("day", "kind")
        return cls({day: kind == CalendarOverride.Kind.WORKDAY for day, kind in rows})

    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        national = national_working_day(day)
        if national is not None:
            if day.year not in covered_years() and day.year not in self.override_years:
                self._warn_once(
                    day.year,
                    "chinesecalendar has no holiday data for %s: counting the statutory holidays computed by the "
                    "holidays package; the State Council's adjusted working days (调休) for that year are not "
                    "entered as calendar overrides yet",
                )
            return national
        # Fail safe: a year no package knows is counted Monday to Friday.
        self.fallback_years.add(day.year)
        self._warn_once(
            day.year,
            "no holiday data for %s: counting Monday-Friday as working days; enter that year's holidays as "
            "calendar overrides",
        )
        return day.weekday() < 5

    @staticmethod
    def _warn_once(year: int, message: str) -> None:
        if year not in _warned_years:
            _warned_years.add(year)
            logger.warning(message, year)

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before ``day``."""
        candidate = day
        for _ in range(_MAX_STEPS):
            candidate -= timedelta(days=1)
            if self.is_working_day(candidate):
                return candidate
        return day - timedelta(days=1)  # a calendar with no working day in two months: do not loop forever

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        candidate = day
        for _ in range(_MAX_STEPS):
            candidate += timedelta(days=1)
            if self.is_working_day(candidate):
                return candidate
        return day + timedelta(days=1)

    def first_working_day_from(self, day: date) -> date:
        """``day`` itself if it is a working day, else the next one."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def working_day_before(self, moment: datetime) -> datetime:
        """The same local clock time on the last working day before the moment's date [26(6)7]: a deadline on
        Monday 10:00 is announced on Friday 10:00, one after the 国庆 holiday on the last day before it."""
        local = timezone.localtime(moment)
        day = self.previous_working_day(local.date())
        return at(day, local.time().replace(tzinfo=None))

    def working_day_after(self, moment: datetime) -> datetime:
        local = timezone.localtime(moment)
        return at(self.next_working_day(local.date()), local.time().replace(tzinfo=None))


def at(day: date, clock: time) -> datetime:
    """A local moment: ``day`` at ``clock`` in the office's time zone."""
    return timezone.make_aware(datetime.combine(day, clock), timezone.get_current_timezone())


def start_of_day(day: date) -> datetime:
    return at(day, time.min)


def end_of_day(day: date) -> datetime:
    """23:59:59 local, the way ``documents.incoming`` writes "the same day" [26(6)5]."""
    return at(day, time(23, 59, 59))


def parse_clock(text: str | time) -> time:
    """Settings give times as "HH:MM"."""
    if isinstance(text, time):
        return text
    hours, _, minutes = str(text).strip().partition(":")
    return time(int(hours), int(minutes or 0))
