"""Working days: the national public-holiday calendar with its adjusted working days (调休), corrected by the
office's own overrides (``CalendarOverride``, entered in the admin).

"One working day before" a deadline [26(6)7] and the days the overdue digest goes out are counted here.
The ``chinesecalendar`` package carries the State Council's holiday notices year by year; a year it has no
data for yet does not stop anything: those days fall back to Monday–Friday and a warning is logged once,
until the package is updated or the office enters that year's holidays as overrides.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from functools import cache

import chinese_calendar
from django.utils import timezone

logger = logging.getLogger(__name__)

# Long enough for the longest run of holidays plus weekends (国庆 with its weekends is nine days).
_MAX_STEPS = 60
_warned_years: set[int] = set()


@cache
def covered_years() -> range:
    """The years the installed ``chinesecalendar`` knows, e.g. range(2004, 2027)."""
    from chinese_calendar.constants import holidays, workdays

    days = list(holidays) + list(workdays)
    return range(min(days).year, max(days).year + 1)


def national_working_day(day: date) -> bool | None:
    """What the national calendar says, or None for a year it has no data for."""
    if day.year not in covered_years():
        return None
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # the package's own range check, should ``covered_years`` ever disagree
        return None


class WorkCalendar:
    """A calendar for one scan: the overrides are read once, then every question is answered in memory."""

    def __init__(self, overrides: dict[date, bool] | None = None) -> None:
        self.overrides = dict(overrides or {})
        self.fallback_years: set[int] = set()

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
            return national
        # Fail safe: a year the package does not know yet is counted Monday to Friday.
        self.fallback_years.add(day.year)
        if day.year not in _warned_years:
            _warned_years.add(day.year)
            logger.warning(
                "chinesecalendar has no holiday data for %s: counting Monday-Friday as working days; "
                "update the package or enter that year's holidays as calendar overrides",
                day.year,
            )
        return day.weekday() < 5

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
