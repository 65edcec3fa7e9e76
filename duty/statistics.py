"""值班统计 for a year [41], [42], [43]: duty days per person (and the 带班 days of the holiday leaders), swaps
by month and outcome, missed handovers by month and person, emergency reports by kind and month.

Read through the chapter's visibility selectors; grouped in the database, so the page costs the same handful of
queries for a year of one roster as for a year of a busy duty room — ten years of rosters behind it included
(every query is bounded by the year). A missed handover is counted as the reminder engine sees it
(``deadline_sources.HandoverSource``): a shift of a published roster whose handover was not confirmed within
``DUTY_HANDOVER_GRACE_MINUTES`` of the next shift's start [42].
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from org.selectors import display_name

from .deadline_sources import HandoverSource
from .models import DayType, EmergencyReport, RosterState, Shift, SwapState
from .selectors import reports_visible_to, shifts_visible_to, swaps_visible_to

MONTHS = [f"{m}月" for m in range(1, 13)]
SWAP_OUTCOMES = [
    (SwapState.APPROVED, "已批准"),
    (SwapState.REFUSED, "领导未批准"),
    (SwapState.DECLINED, "对方不同意"),
    (SwapState.WITHDRAWN, "已撤回"),
    ("open", "办理中"),
]


@dataclass
class PersonDuty:
    name: str
    days: int = 0  # distinct days with a shift
    shifts: int = 0
    holiday_shifts: int = 0
    lead_days: int = 0  # 带班 on a statutory holiday [41]
    swapped_out: int = 0  # approved swaps that took a shift off them
    missed: int = 0  # missed handovers on their shifts [42]


@dataclass
class YearFigures:
    year: int
    people: list[PersonDuty] = field(default_factory=list)
    swaps: dict[str, list[int]] = field(default_factory=dict)  # outcome label → 12 months
    missed: list[int] = field(default_factory=lambda: [0] * 12)
    reports: dict[str, list[int]] = field(default_factory=dict)  # category label → 12 months
    shifts_total: int = 0
    empty_shifts: int = 0

    def _totals(self, table: dict[str, list[int]]) -> list[int]:
        return [sum(row[i] for row in table.values()) for i in range(12)]

    @property
    def swap_month_totals(self) -> list[int]:
        return self._totals(self.swaps)

    @property
    def report_month_totals(self) -> list[int]:
        return self._totals(self.reports)

    @property
    def swaps_total(self) -> int:
        return sum(self.swap_month_totals)

    @property
    def reports_total(self) -> int:
        return sum(self.report_month_totals)

    @property
    def missed_total(self) -> int:
        return sum(self.missed)

    def swap_rows(self):
        return [(k, v, sum(v)) for k, v in self.swaps.items()]

    def report_rows(self):
        return [(k, v, sum(v)) for k, v in self.reports.items()]

    def chart_data(self) -> dict:
        """What the charts draw — the same numbers as the tables beneath them."""
        people = [p for p in self.people if p.shifts or p.lead_days]
        return {
            "months": MONTHS,
            "people": {
                "names": [p.name for p in people],
                "days": [p.days for p in people],
                "lead": [p.lead_days for p in people],
            },
            "swaps": [{"name": k, "data": v} for k, v in self.swaps.items()],
            "missed": self.missed,
            "reports": [{"name": k, "data": v} for k, v in self.reports.items()],
        }


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(date(year, 1, 1), time.min, tz), datetime.combine(date(year + 1, 1, 1), time.min, tz)


def missed_handovers(start: datetime, end: datetime) -> list[Shift]:
    """The shifts whose handover was missed, due in [start, end) — the reminder engine's own rule [42]."""
    return [shift for shift, _due in HandoverSource()._lapses(start, end)]


def year_figures(user, *, year: int, now: datetime | None = None) -> YearFigures:
    now = now or timezone.now()
    start, end = _year_bounds(year)
    f = YearFigures(year=year)
    people: dict[int, PersonDuty] = {}

    def person(pk, user_obj=None) -> PersonDuty:
        if pk not in people:
            people[pk] = PersonDuty(display_name(user_obj) if user_obj is not None else "")
        return people[pk]

    shifts = (
        # Published rosters only: a draft is not yet anyone's duty, a cancelled one no longer is.
        shifts_visible_to(user).filter(
            day__gte=date(year, 1, 1), day__lt=date(year + 1, 1, 1), roster__state=RosterState.PUBLISHED
        )
    )
    f.shifts_total = shifts.count()
    f.empty_shifts = shifts.filter(person__isnull=True).count()
    # Duty per person: shifts, distinct days, holiday shifts (one grouped query), then their names (one).
    rows = (
        shifts.filter(person__isnull=False)
        .values("person_id")
        .annotate(
            n=Count("id"),
            days=Count("day", distinct=True),
            holiday=Count("id", filter=Q(day_type=DayType.HOLIDAY)),
        )
        .order_by()
    )
    counts = {r["person_id"]: r for r in rows}
    # 带班 days of the holiday leaders [41]: distinct days as county or office leader.
    lead: dict[int, set[date]] = defaultdict(set)
    for county, office, day in shifts.filter(day_type=DayType.HOLIDAY).values_list(
        "county_leader_id", "office_leader_id", "day"
    ):
        for pk in (county, office):
            if pk is not None:
                lead[pk].add(day)
    swapped = dict(
        swaps_visible_to(user)
        .filter(state=SwapState.APPROVED, shift__day__gte=date(year, 1, 1), shift__day__lt=date(year + 1, 1, 1))
        .values("requested_by_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("requested_by_id", "n")
    )
    missed = missed_handovers(start, min(end, now))
    ids = set(counts) | set(lead) | set(swapped) | {s.person_id for s in missed}
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids).select_related("profile")}
    for pk in ids:
        p = person(pk, users.get(pk))
        row = counts.get(pk)
        if row:
            p.shifts, p.days, p.holiday_shifts = row["n"], row["days"], row["holiday"]
        p.lead_days = len(lead.get(pk, ()))
        p.swapped_out = swapped.get(pk, 0)
    for shift in missed:
        person(shift.person_id).missed += 1
        f.missed[timezone.localtime(shift.ends_at).month - 1 if shift.ends_at < end else 11] += 1
    f.people = sorted(people.values(), key=lambda p: (-p.days, -p.lead_days, p.name))

    # Swaps by the month of the shift given away, by outcome.
    f.swaps = {label: [0] * 12 for _, label in SWAP_OUTCOMES}
    labels = dict(SWAP_OUTCOMES)
    swap_rows = (
        swaps_visible_to(user)
        .filter(shift__day__gte=date(year, 1, 1), shift__day__lt=date(year + 1, 1, 1))
        .annotate(month=ExtractMonth("shift__day"))
        .values("state", "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in swap_rows:
        key = row["state"] if row["state"] in labels else "open"
        f.swaps[labels[key]][row["month"] - 1] += row["n"]

    # Emergency reports by kind and month [43].
    f.reports = {label: [0] * 12 for label in EmergencyReport.Category.labels}
    category_labels = dict(EmergencyReport.Category.choices)
    report_rows = (
        reports_visible_to(user)
        .filter(received_at__gte=start, received_at__lt=end)
        .annotate(month=ExtractMonth("received_at"))
        .values("category", "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in report_rows:
        f.reports[category_labels.get(row["category"], "其他重要紧急情况")][row["month"] - 1] += row["n"]
    return f
