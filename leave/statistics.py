"""The figures 第五十一、五十四条 make worth counting: working days away per month, section, kind and person;
decisions made within their time limit; requests reported afterwards (事后补办).

Read through ``leave_visible_to`` like every other list; two queries for a year however many requests it holds
(values only, no model instances), the rest is arithmetic on the holiday calendar.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from deadlines.calendar import WorkCalendar, start_of_day

from .models import TAKEN_STATES, State
from .periods import Half, Period
from .selectors import leave_visible_to

ZERO = Decimal(0)
HALF = Decimal("0.5")
MONTHS = [f"{m}月" for m in range(1, 13)]


@dataclass
class Decisions:
    approver: str
    decided: int = 0
    on_time: int = 0
    late: int = 0
    waiting: int = 0
    overdue: int = 0  # waiting past the time limit now

    @property
    def rate(self) -> str:
        return f"{self.on_time * 100 / self.decided:.0f}%" if self.decided else "—"


@dataclass
class YearFigures:
    year: int
    kinds: list[str] = field(default_factory=list)
    by_month_kind: dict[str, list[Decimal]] = field(default_factory=dict)  # kind → 12 months
    month_totals: list[Decimal] = field(default_factory=lambda: [ZERO] * 12)
    by_section: list[tuple[str, Decimal]] = field(default_factory=list)
    by_person: list[tuple[str, str, Decimal, dict]] = field(default_factory=list)  # section, name, total, kinds
    by_kind: list[tuple[str, Decimal]] = field(default_factory=list)
    decisions: list[Decisions] = field(default_factory=list)
    decisions_total: Decisions | None = None
    retro_by_month: list[int] = field(default_factory=lambda: [0] * 12)
    retro_by_kind: list[tuple[str, int]] = field(default_factory=list)
    requests_by_month: list[int] = field(default_factory=lambda: [0] * 12)

    @property
    def total_days(self) -> Decimal:
        return sum(self.month_totals, ZERO)

    @property
    def requests_total(self) -> int:
        return sum(self.requests_by_month)

    @property
    def retro_total(self) -> int:
        return sum(self.retro_by_month)

    def month_rows(self):
        """(month label, [days per kind], total) for the table beneath the chart."""
        return [(MONTHS[i], [self.by_month_kind[k][i] for k in self.kinds], self.month_totals[i]) for i in range(12)]

    def chart_data(self) -> dict:
        """What the ECharts on the page draw — the same numbers as the tables."""
        return {
            "months": MONTHS,
            "monthKind": [{"name": k, "data": [float(v) for v in self.by_month_kind[k]]} for k in self.kinds],
            "sections": {"names": [s for s, _ in self.by_section], "days": [float(d) for _, d in self.by_section]},
            "kinds": [{"name": k, "value": float(d)} for k, d in self.by_kind],
            "decisions": {
                "names": [d.approver for d in self.decisions],
                "onTime": [d.on_time for d in self.decisions],
                "late": [d.late for d in self.decisions],
                "waiting": [d.waiting for d in self.decisions],
            },
            "retro": {"all": self.requests_by_month, "retro": self.retro_by_month},
        }


def _effective(row) -> Period:
    if not row["returned_on"]:
        return Period(row["start_date"], row["start_half"], row["end_date"], row["end_half"])
    day, half = row["returned_on"], row["returned_half"]
    end = (day, Half.AM) if half == Half.PM else (day - timedelta(days=1), Half.PM)
    return Period(row["start_date"], row["start_half"], *end)


def _name(row, prefix: str) -> str:
    return row[f"{prefix}__profile__full_name"] or row[f"{prefix}__username"] or ""


def year_figures(user, *, year: int) -> YearFigures:
    first, last = date(year, 1, 1), date(year, 12, 31)
    calendar = WorkCalendar.load()
    visible = leave_visible_to(user)
    taken = visible.filter(state__in=TAKEN_STATES, start_date__lte=last, end_date__gte=first).values(
        "person_id",
        "person__username",
        "person__profile__full_name",
        "person__profile__section__name",
        "kind__name",
        "start_date",
        "start_half",
        "end_date",
        "end_half",
        "returned_on",
        "returned_half",
    )
    f = YearFigures(year=year)
    month_kind: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO] * 12)
    section_days: dict[str, Decimal] = defaultdict(lambda: ZERO)
    person_days: dict[int, list] = {}
    for row in taken:
        period = _effective(row)
        kind = row["kind__name"]
        section = row["person__profile__section__name"] or "未分科室"
        entry = person_days.setdefault(
            row["person_id"], [section, _name(row, "person"), ZERO, defaultdict(lambda: ZERO)]
        )
        day = max(period.start_date, first)
        while day <= min(period.end_date, last):
            if calendar.is_working_day(day):
                morning, afternoon = period.halves_on(day)
                share = (HALF if morning else ZERO) + (HALF if afternoon else ZERO)
                if share:
                    month_kind[kind][day.month - 1] += share
                    section_days[section] += share
                    entry[2] += share
                    entry[3][kind] += share
            day += timedelta(days=1)
    f.kinds = sorted(month_kind, key=lambda k: -sum(month_kind[k]))
    f.by_month_kind = dict(month_kind)
    f.month_totals = [sum((month_kind[k][i] for k in f.kinds), ZERO) for i in range(12)]
    f.by_section = sorted(section_days.items(), key=lambda item: -item[1])
    f.by_kind = [(k, sum(month_kind[k], ZERO)) for k in f.kinds]
    f.by_person = sorted(
        ((s, n, t, dict(kinds)) for s, n, t, kinds in person_days.values()), key=lambda item: (-item[2], item[1])
    )

    now = timezone.now()
    sent = (
        visible.exclude(state=State.DRAFT)
        .filter(
            submitted_at__isnull=False,
            submitted_at__gte=start_of_day(first),
            submitted_at__lt=start_of_day(date(year + 1, 1, 1)),
        )
        .values(
            "approver__username",
            "approver__profile__full_name",
            "state",
            "submitted_at",
            "decided_at",
            "decision_due_at",
            "retroactive",
            "kind__name",
        )
    )
    by_approver: dict[str, Decisions] = {}
    retro_kind: dict[str, int] = defaultdict(int)
    total = Decisions(approver="合计")
    for row in sent:
        month = timezone.localtime(row["submitted_at"]).month - 1
        f.requests_by_month[month] += 1
        if row["retroactive"]:
            f.retro_by_month[month] += 1
            retro_kind[row["kind__name"]] += 1
        name = _name(row, "approver") or "—"
        d = by_approver.setdefault(name, Decisions(approver=name))
        for target in (d, total):
            if row["decided_at"]:
                target.decided += 1
                if row["decision_due_at"] is None or row["decided_at"] <= row["decision_due_at"]:
                    target.on_time += 1
                else:
                    target.late += 1
            elif row["state"] == State.PENDING:
                target.waiting += 1
                if row["decision_due_at"] and row["decision_due_at"] < now:
                    target.overdue += 1
    f.decisions = sorted(by_approver.values(), key=lambda d: -(d.decided + d.waiting))
    f.decisions_total = total
    f.retro_by_kind = sorted(retro_kind.items(), key=lambda item: -item[1])
    return f
