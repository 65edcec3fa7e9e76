"""政务信息统计 [44]–[46]: the items each unit sent in, week by week (a month) or month by month (a year); how many
items were sent to the province, the prefecture and the county leaders and how many each level adopted (the
adoption rates); and each week against the quota of two items to the province and two to the prefecture [44],
with the weeks that ended short marked.

Every figure is read through ``selectors.items_visible_to`` and grouped in the database: the same handful of
queries for a month of ten items as for ten years of half a million.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F
from django.db.models.functions import ExtractMonth, TruncWeek
from django.utils import timezone

from org.models import Unit

from . import quota
from .models import Adoption, Level, Sending, Target
from .scoring import HAS_INSTRUCTION, OFFICE_LABEL, Period, of_visible_items
from .selectors import items_visible_to


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end + timedelta(days=1), time.min, tz)


@dataclass
class UnitRow:
    label: str
    key: object
    total: int = 0
    buckets: list[int] = field(default_factory=list)


@dataclass
class LevelRow:
    label: str
    target: str
    sent: int = 0
    adopted: int = 0
    instructions: int = 0

    @property
    def rate_value(self) -> float | None:
        return round(self.adopted * 100 / self.sent, 1) if self.sent else None

    @property
    def rate(self) -> str:
        value = self.rate_value
        return "—" if value is None else f"{value:.1f}%"


@dataclass
class PeriodStatistics:
    period: Period
    today: date
    submitted: int = 0
    bucket_labels: list[str] = field(default_factory=list)
    bucket_totals: list[int] = field(default_factory=list)
    units: list[UnitRow] = field(default_factory=list)
    levels: list[LevelRow] = field(default_factory=list)
    weeks: list[quota.WeekQuota] = field(default_factory=list)

    @property
    def weeks_ended(self) -> list[quota.WeekQuota]:
        return [w for w in self.weeks if w.ended]

    @property
    def weeks_short(self) -> int:
        return sum(1 for w in self.weeks if w.short)

    @property
    def weeks_met(self) -> int:
        return sum(1 for w in self.weeks_ended if w.met)

    def chart_data(self) -> dict:
        return {
            "quota": quota.quota(),
            "weeks": {
                "names": [week_short_label(w) for w in self.weeks],
                "province": [w.province for w in self.weeks],
                "prefecture": [w.prefecture for w in self.weeks],
                "short": [w.short for w in self.weeks],
            },
            "units": {"names": [u.label for u in self.units], "values": [u.total for u in self.units]},
            "buckets": {"names": self.bucket_labels, "values": self.bucket_totals},
            "levels": {
                "names": [row.label for row in self.levels],
                "sent": [row.sent for row in self.levels],
                "adopted": [row.adopted for row in self.levels],
                "rates": [row.rate_value for row in self.levels],
            },
        }


def weeks_of_period(period: Period, today: date) -> list[quota.WeekQuota]:
    """The calendar weeks (Monday–Sunday) of the period against the quota [44]. A week belongs to the month (and
    the year) of its Thursday, as ISO weeks do, so a week straddling two months is counted once."""
    if period.month is None:
        return quota.weeks(period.year, today=today)
    first = quota.week_of(period.start)
    if (first + timedelta(days=3)) < period.start:
        first += timedelta(days=7)
    last = quota.week_of(period.end)
    if (last + timedelta(days=3)) > period.end:
        last -= timedelta(days=7)
    return quota.weeks_between(first, last, today=today) if first <= last else []


def week_short_label(week: quota.WeekQuota) -> str:
    return f"{week.start:%-m.%-d}"


def period_statistics(user, period: Period, *, today: date | None = None) -> PeriodStatistics:
    today = today or timezone.localdate()
    s = PeriodStatistics(period=period, today=today)
    visible = items_visible_to(user)
    since, until = _bounds(period.start, period.end)
    items = visible.filter(submitted_at__gte=since, submitted_at__lt=until)

    # Items per unit and per week (a month) or month (a year).
    if period.month is None:
        s.bucket_labels = [f"{m}月" for m in range(1, 13)]
        grouped = items.annotate(b=ExtractMonth("submitted_at")).values("unit_id", "b").annotate(n=Count("id"))
        index = {m: m - 1 for m in range(1, 13)}
    else:
        mondays = []
        monday = quota.week_of(period.start)
        while monday <= period.end:
            mondays.append(monday)
            monday += timedelta(days=7)
        s.bucket_labels = [f"{m:%-m.%-d}–{m + timedelta(days=6):%-m.%-d}" for m in mondays]
        grouped = items.annotate(b=TruncWeek("submitted_at")).values("unit_id", "b").annotate(n=Count("id"))
        index = {m: i for i, m in enumerate(mondays)}
    s.bucket_totals = [0] * len(s.bucket_labels)
    per_unit: dict[object, UnitRow] = {}
    for row in grouped.order_by():
        bucket = row["b"]
        if isinstance(bucket, datetime):
            bucket = timezone.localtime(bucket).date() if timezone.is_aware(bucket) else bucket.date()
        position = index.get(bucket)
        unit = per_unit.setdefault(row["unit_id"], UnitRow("", row["unit_id"], 0, [0] * len(s.bucket_labels)))
        unit.total += row["n"]
        if position is not None:
            unit.buckets[position] += row["n"]
            s.bucket_totals[position] += row["n"]
    names = dict(Unit.objects.filter(pk__in=[k for k in per_unit if k]).values_list("pk", "name"))
    for key, unit in per_unit.items():
        unit.label = names.get(key, OFFICE_LABEL) if key else OFFICE_LABEL
    s.units = sorted(per_unit.values(), key=lambda u: (-u.total, u.label))
    s.submitted = sum(u.total for u in s.units)

    # Sent per target in the period, and of those how many the matching level adopted [46]: one count of the
    # sendings, one of the adoptions joined to their own level's sending (an item is sent to a target once and
    # adopted at a level once, so each adoption meets at most one sending).
    in_period = {"sent_on__gte": period.start, "sent_on__lte": period.end}
    sent = dict(
        of_visible_items(Sending.objects.filter(**in_period), user)
        .values("target")
        .annotate(n=Count("id"))
        .values_list("target", "n")
        .order_by()
    )
    adoptions = of_visible_items(
        Adoption.objects.filter(
            item__sendings__target=F("level"), **{f"item__sendings__{k}": v for k, v in in_period.items()}
        ),
        user,
    )
    adopted = {
        row["level"]: row
        for row in adoptions.values("level").annotate(n=Count("id"), i=Count("id", filter=HAS_INSTRUCTION)).order_by()
    }
    labels = dict(Level.choices)
    for target in Target.values:
        row = adopted.get(target, {})
        s.levels.append(LevelRow(labels[target], target, sent.get(target, 0), row.get("n", 0), row.get("i", 0)))

    # Each week of the period against the quota [44] (the office's figure: counts, no items).
    s.weeks = [w for w in weeks_of_period(period, today) if w.start <= today]  # weeks not begun are not shown
    return s


def items_of_period(user, period: Period):
    since, until = _bounds(period.start, period.end)
    return items_visible_to(user).filter(submitted_at__gte=since, submitted_at__lt=until)
