"""Half-day periods and the working days in them [54].

A request runs from a start date and half (上午/下午) to an end date and half. As moments, a morning is
[00:00, 12:00) and an afternoon [12:00, 24:00) of the office's local day, so an absence from Monday
afternoon to Wednesday morning is [Monday 12:00, Wednesday 12:00) and "away at this moment"
(``org.selectors.away_user_ids``) is a plain interval test.

Working days follow ``deadlines.calendar.WorkCalendar`` — the calendar the reminder engine counts with:
weekends and statutory holidays do not count, adjusted working days (调休) do; a half of a working day is 0.5.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import models
from django.utils import timezone

from deadlines.calendar import WorkCalendar, at

NOON = time(12, 0)
HALF = Decimal("0.5")
ONE = Decimal("1")
# The longest single request, in calendar days (产假 is the longest national kind); longer absences are
# extended (续假) with a new linked request. Bounding it keeps the month calendar's range query narrow.
MAX_SPAN_DAYS = 366


class Half(models.TextChoices):
    AM = "am", "上午"
    PM = "pm", "下午"


def start_moment(day: date, half: str) -> datetime:
    """The moment a period beginning on ``day``'s ``half`` begins."""
    return at(day, NOON if half == Half.PM else time.min)


def end_moment(day: date, half: str) -> datetime:
    """The moment a period ending with ``day``'s ``half`` ends (exclusive)."""
    return at(day, NOON) if half == Half.AM else at(day + timedelta(days=1), time.min)


def half_of(moment: datetime) -> tuple[date, str]:
    """The half-day a moment falls in."""
    local = timezone.localtime(moment)
    return local.date(), (Half.AM if local.time() < NOON else Half.PM)


def label(day: date, half: str) -> str:
    return f"{day:%Y年%m月%d日}{Half(half).label}"


@dataclass(frozen=True)
class Period:
    start_date: date
    start_half: str
    end_date: date
    end_half: str

    @property
    def starts_at(self) -> datetime:
        return start_moment(self.start_date, self.start_half)

    @property
    def ends_at(self) -> datetime:
        return end_moment(self.end_date, self.end_half)

    def problems(self) -> list[str]:
        """What is wrong with the period itself, in the words the person reads [54]."""
        if self.start_half not in Half.values or self.end_half not in Half.values:
            return ["请选择开始和结束是上午还是下午。"]
        if self.end_date < self.start_date:
            return [
                f"结束日期（{self.end_date:%Y年%m月%d日}）早于开始日期（{self.start_date:%Y年%m月%d日}），请检查 [54]。"
            ]
        if self.end_date == self.start_date and self.start_half == Half.PM and self.end_half == Half.AM:
            return ["同一天内不能从下午开始、到上午结束：半天假请将开始和结束都选为上午，或都选为下午 [54]。"]
        if (self.end_date - self.start_date).days >= MAX_SPAN_DAYS:
            return [f"一次请假不能超过 {MAX_SPAN_DAYS} 天，更长的假期请在批准后办理续假 [54]。"]
        return []

    def working_days(self, calendar: WorkCalendar) -> Decimal:
        """Working days in the period: a working day counts 1, half of one 0.5; days off count 0."""
        total = Decimal(0)
        day = self.start_date
        while day <= self.end_date:
            if calendar.is_working_day(day):
                share = ONE
                if day == self.start_date and self.start_half == Half.PM:
                    share -= HALF
                if day == self.end_date and self.end_half == Half.AM:
                    share -= HALF
                total += share
            day += timedelta(days=1)
        return total

    def overlaps(self, starts_at: datetime, ends_at: datetime) -> bool:
        return self.starts_at < ends_at and starts_at < self.ends_at

    def covers_day(self, day: date) -> bool:
        return self.start_date <= day <= self.end_date

    def halves_on(self, day: date) -> tuple[bool, bool]:
        """(morning, afternoon) of ``day`` inside the period."""
        if not self.covers_day(day):
            return (False, False)
        morning = not (day == self.start_date and self.start_half == Half.PM)
        afternoon = not (day == self.end_date and self.end_half == Half.AM)
        return (morning, afternoon)


def next_half(day: date, half: str) -> tuple[date, str]:
    return (day, Half.PM) if half == Half.AM else (day + timedelta(days=1), Half.AM)


def back_at_work(calendar: WorkCalendar, end_date: date, end_half: str) -> tuple[date, str]:
    """The first working half-day after a period ending with ``end_date``'s ``end_half`` (回岗时间)."""
    day, half = next_half(end_date, end_half)
    if half == Half.PM and calendar.is_working_day(day):
        return day, half
    if half == Half.PM:
        day += timedelta(days=1)
    return calendar.first_working_day_from(day), Half.AM
