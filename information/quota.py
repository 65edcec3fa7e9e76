"""The weekly quota [44]: 每周向省、州报送信息各不少于2条.

A week runs Monday to Sunday by the calendar, in the office's time zone (Asia/Shanghai): a sending counts in
the week of its ``Sending.sent_on``. An item counts once per target however it was recorded (distinct items).
The quota is ``settings.INFORMATION_WEEKLY_QUOTA`` (2) for the province and for the prefecture each. A week
that has ended below the quota for either is a ``short`` week (marked in the statistics); the week under way
is ``behind`` while it is below (the Thursday warning, ``deadline_sources``).

- ``week_of(day) -> date`` — the Monday of ``day``'s week.
- ``week_quota(week_start) -> WeekQuota`` — one week (one query).
- ``weeks(year) -> list[WeekQuota]`` — every ISO week of ``year`` (the week belongs to the year of its
  Thursday), from ONE aggregate query whatever the number of items.
- ``weeks_between(first_monday, last_monday) -> list[WeekQuota]`` — the same for any run of weeks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone

from .models import Sending, Target

COUNTED_TARGETS = (Target.PROVINCE, Target.PREFECTURE)


def quota() -> int:
    return int(getattr(settings, "INFORMATION_WEEKLY_QUOTA", 2))


def week_of(day: date) -> date:
    """The Monday of the week (Monday–Sunday) that holds ``day`` [44]."""
    return day - timedelta(days=day.weekday())


def this_week(today: date | None = None) -> date:
    return week_of(today or timezone.localdate())


@dataclass(frozen=True)
class WeekQuota:
    """One week against the quota [44]."""

    start: date  # Monday
    province: int
    prefecture: int
    quota: int
    today: date

    @property
    def end(self) -> date:
        """Sunday."""
        return self.start + timedelta(days=6)

    @property
    def iso(self) -> tuple[int, int]:
        year, week, _ = self.start.isocalendar()
        return year, week

    @property
    def label(self) -> str:
        year, week = self.iso
        return f"{year}年第{week}周（{self.start:%m月%d日}—{self.end:%m月%d日}）"

    @property
    def province_short(self) -> int:
        return max(self.quota - self.province, 0)

    @property
    def prefecture_short(self) -> int:
        return max(self.quota - self.prefecture, 0)

    @property
    def met(self) -> bool:
        return self.province >= self.quota and self.prefecture >= self.quota

    @property
    def ended(self) -> bool:
        return self.end < self.today

    @property
    def current(self) -> bool:
        return self.start <= self.today <= self.end

    @property
    def short(self) -> bool:
        """A week that ended below the quota for the province or the prefecture [44]."""
        return self.ended and not self.met

    @property
    def behind(self) -> bool:
        """Below the quota so far (the week under way, or an ended short one)."""
        return not self.met and self.start <= self.today

    @property
    def status(self) -> str:
        if self.met:
            return "已完成"
        if self.short:
            return "未完成"
        if self.start > self.today:
            return "未开始"
        return "进行中"


def _counts(first_monday: date, last_monday: date) -> dict[tuple[date, str], int]:
    """(week's Monday, target) → distinct items sent, in ONE aggregate query."""
    rows = (
        Sending.objects.filter(
            target__in=COUNTED_TARGETS, sent_on__gte=first_monday, sent_on__lte=last_monday + timedelta(days=6)
        )
        .annotate(week=TruncWeek("sent_on"))
        .values("week", "target")
        .annotate(n=Count("item_id", distinct=True))
        .order_by()
    )
    out: dict[tuple[date, str], int] = {}
    for row in rows:
        week = row["week"]
        if hasattr(week, "date"):  # a datetime on some backends
            week = week.date()
        out[(week, row["target"])] = row["n"]
    return out


def weeks_between(first_monday: date, last_monday: date, *, today: date | None = None) -> list[WeekQuota]:
    """Every week from ``first_monday`` to ``last_monday`` (both Mondays, inclusive), one query [44]."""
    first_monday, last_monday = week_of(first_monday), week_of(last_monday)
    today = today or timezone.localdate()
    counts = _counts(first_monday, last_monday)
    n = quota()
    out = []
    start = first_monday
    while start <= last_monday:
        out.append(
            WeekQuota(
                start=start,
                province=counts.get((start, Target.PROVINCE), 0),
                prefecture=counts.get((start, Target.PREFECTURE), 0),
                quota=n,
                today=today,
            )
        )
        start += timedelta(days=7)
    return out


def week_quota(week_start: date, *, today: date | None = None) -> WeekQuota:
    """This week (or any week: ``week_start`` may be any day of it) against the quota [44]."""
    return weeks_between(week_start, week_start, today=today)[0]


def year_mondays(year: int) -> tuple[date, date]:
    """The first and the last Monday of ``year``'s ISO weeks."""
    first = date.fromisocalendar(year, 1, 1)
    last = date.fromisocalendar(year + 1, 1, 1) - timedelta(days=7)
    return first, last


def weeks(year: int, *, today: date | None = None) -> list[WeekQuota]:
    """Every week of ``year`` (ISO weeks, 52 or 53) against the quota, for the statistics [44]. One query."""
    first, last = year_mondays(year)
    return weeks_between(first, last, today=today)


def short_weeks(year: int, *, today: date | None = None) -> list[WeekQuota]:
    """The weeks of ``year`` that ended below the quota [44]."""
    return [w for w in weeks(year, today=today) if w.short]
