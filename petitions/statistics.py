"""信访统计 for the leaders and the monthly report [47]–[50]: cases by channel, category, township (问题属地) and
responsible unit; the on-time rates of deciding (受理告知, 15 days) and handling (办结, 60 days + extension) as the
《信访工作条例》 sets them; repeat, skip-level and group visits; the petitioners' satisfaction and 息诉罢访 [50];
the disruptions recorded [49]; and the late cases.

No personal data: figures, case numbers, categories, townships and units only — not even the 事由, which at a
desk is often written with the petitioner's name in it. Every case counted comes through
``selectors.cases_visible_to`` and is grouped in the database: the same dozen queries for a month of ten cases
as for a year of a hundred thousand.

What is counted, for the cases received in the period (``received_at``):
- 按期告知: decided (受理, 转送·交办 or 不予受理) by ``accept_due``; 逾期告知: decided later; 超期未告知: still
  undecided past it. 按期受理告知率 = 按期 ÷ (按期 + 逾期 + 超期未告知); a case not yet due counts neither way.
- 按期办结 likewise with ``answered_on_time`` and ``handle_due`` (an approved extension moves it).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone

from org.models import Unit

from .models import Case, Category, Channel, Handling, Incident, Satisfaction, State
from .selectors import cases_visible_to

LATE_ROWS = 200  # the late cases listed on the page; the Excel report has them all up to EXPORT_LATE_ROWS
# A report lists at most this many, oldest limit first, and says how many more there are: a year of a busy county
# had 60,000 late cases, and a 20,000-row list in a report took seconds to write and nobody reads (issue 13).
EXPORT_LATE_ROWS = 2000
INCIDENT_ROWS = 100
NO_TOWNSHIP = "未填写属地"


@dataclass(frozen=True)
class Period:
    """A month (``month`` 1–12) or a whole year (``month`` None), in office time."""

    year: int
    month: int | None = None

    @property
    def start(self) -> date:
        return date(self.year, self.month or 1, 1)

    @property
    def end(self) -> date:
        """The last day."""
        if self.month is None:
            return date(self.year, 12, 31)
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月" if self.month else f"{self.year}年"

    @property
    def slug(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)

    def bounds(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=tz),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz),
        )


@dataclass
class Figures:
    """One row of the tables: a channel, a category, a township, a unit — or the total."""

    label: str
    key: object = None
    total: int = 0
    group: int = 0  # 集体访 (cases)
    people: int = 0  # people who came (a group visit's head count)
    repeat: int = 0
    skip_level: int = 0
    accept_on_time: int = 0
    accept_late: int = 0
    accept_overdue: int = 0
    handle_on_time: int = 0
    handle_late: int = 0
    handle_overdue: int = 0

    NAMES = (
        "total",
        "group",
        "people",
        "repeat",
        "skip_level",
        "accept_on_time",
        "accept_late",
        "accept_overdue",
        "handle_on_time",
        "handle_late",
        "handle_overdue",
    )

    def add(self, other: Figures) -> None:
        for name in self.NAMES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _rate(on_time: int, due: int) -> float | None:
        return round(on_time * 100 / due, 1) if due else None

    @property
    def accept_due(self) -> int:
        return self.accept_on_time + self.accept_late + self.accept_overdue

    @property
    def handle_due(self) -> int:
        return self.handle_on_time + self.handle_late + self.handle_overdue

    @property
    def accept_rate_value(self) -> float | None:
        return self._rate(self.accept_on_time, self.accept_due)

    @property
    def handle_rate_value(self) -> float | None:
        return self._rate(self.handle_on_time, self.handle_due)

    @property
    def accept_rate(self) -> str:
        return _percent(self.accept_rate_value)

    @property
    def handle_rate(self) -> str:
        return _percent(self.handle_rate_value)

    @property
    def late(self) -> int:
        return self.accept_late + self.accept_overdue + self.handle_late + self.handle_overdue


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


@dataclass
class LateCase:
    """A late case, without personal data: its number, what kind of matter, where, who, how late."""

    pk: int
    number: str
    category: str
    township: str
    unit: str
    kind: str  # 超期未告知 / 逾期告知 / 超期未办结 / 逾期办结
    due: date
    days: int
    open: bool


@dataclass
class IncidentRow:
    pk: int
    occurred_at: datetime
    place: str
    people: int
    case_pk: int | None
    case_number: str


@dataclass
class PeriodStatistics:
    period: Period
    today: date
    total: Figures = field(default_factory=lambda: Figures("合计"))
    channels: list[Figures] = field(default_factory=list)
    categories: list[Figures] = field(default_factory=list)
    townships: list[Figures] = field(default_factory=list)
    units: list[Figures] = field(default_factory=list)
    months: list[int] = field(default_factory=list)  # cases per month, for a year
    satisfaction: list[tuple[str, int]] = field(default_factory=list)
    refused: int = 0
    settled: int = 0  # 息诉罢访 [50]
    incident_count: int = 0
    incident_people: int = 0
    incidents: list[IncidentRow] = field(default_factory=list)
    late_cases: list[LateCase] = field(default_factory=list)
    late_count: int = 0

    def chart_data(self) -> dict:
        """What the charts draw — the same numbers as the tables beneath them."""

        def counts(rows):
            return {"names": [r.label for r in rows], "values": [r.total for r in rows]}

        def rates(rows):
            return {
                "names": [r.label for r in rows],
                "accept": [r.accept_rate_value for r in rows],
                "handle": [r.handle_rate_value for r in rows],
                "totals": [r.total for r in rows],
            }

        return {
            "accept_rate": self.total.accept_rate_value,
            "handle_rate": self.total.handle_rate_value,
            "channels": [{"name": r.label, "value": r.total} for r in self.channels],
            "categories": counts(self.categories),
            "townships": counts(self.townships),
            "units": rates(self.units),
            "months": {"names": [f"{m}月" for m in range(1, 13)], "values": self.months} if self.months else None,
            "kinds": {
                "names": ["集体访", "重复信访", "越级信访", "突发事件"],
                "values": [self.total.group, self.total.repeat, self.total.skip_level, self.incident_count],
            },
        }


def cases_of_period(user, period: Period) -> QuerySet[Case]:
    start, end = period.bounds()
    return cases_visible_to(user).filter(received_at__gte=start, received_at__lt=end)


def _annotations(today: date) -> dict:
    return {
        "n_total": Count("id"),
        "n_group": Count("id", filter=Q(is_group=True)),
        "n_people": Coalesce(Sum("head_count"), 0),
        "n_repeat": Count("id", filter=Q(is_repeat=True)),
        "n_skip_level": Count("id", filter=Q(is_skip_level=True)),
        "n_accept_on_time": Count("id", filter=Q(decided_on_time=True)),
        "n_accept_late": Count("id", filter=Q(decided_on_time=False)),
        "n_accept_overdue": Count("id", filter=Q(state=State.REGISTERED, accept_due__lt=today)),
        "n_handle_on_time": Count("id", filter=Q(answered_on_time=True)),
        "n_handle_late": Count("id", filter=Q(answered_on_time=False)),
        "n_handle_overdue": Count("id", filter=Q(state=State.HANDLING, handle_due__lt=today)),
    }


def _figures(row: dict, label: str = "", key=None) -> Figures:
    return Figures(label, key, **{name: row[f"n_{name}"] or 0 for name in Figures.NAMES})


def _grouped(qs: QuerySet, by: tuple[str, ...], today: date) -> dict:
    rows = qs.values(*by).annotate(**_annotations(today)).order_by()
    result = {}
    for row in rows:
        key = tuple(row[name] for name in by) if len(by) > 1 else row[by[0]]
        result[key] = _figures(row, key=key)
    return result


def _in_choice_order(grouped: dict, choices) -> list[Figures]:
    rows = []
    for value, label in choices:
        figures = grouped.get(value) or Figures("", value)
        figures.label = label
        rows.append(figures)
    return rows


def late_cases(qs: QuerySet, today: date, limit: int = LATE_ROWS) -> tuple[list[LateCase], int]:
    """Cases of the period late at either limit — still undecided or unanswered past it, or done after it —
    oldest limit first, with how many days late [48]."""
    late = qs.filter(
        Q(decided_on_time=False)
        | Q(answered_on_time=False)
        | Q(state=State.REGISTERED, accept_due__lt=today)
        | Q(state=State.HANDLING, handle_due__lt=today)
    )
    count = late.count()
    if not limit:
        return [], count
    # Read as tuples, not cases: a year's report lists thousands, and building a case (django-fsm's __init__,
    # the encrypted fields) cost more than the query (issue 13: 2 s of the report's 7 at a million cases).
    rows = late.order_by("accept_due", "id").values_list(
        "id",
        "number",
        "category",
        "state",
        "handling",
        "accept_due",
        "handle_due",
        "decided_at",
        "answered_at",
        "answered_on_time",
        "township_id",
        "township__name",
        "unit_id",
        "unit__name",
    )[:limit]
    categories = dict(Category.choices)
    result = []
    for (
        pk,
        number,
        category,
        state,
        handling,
        accept_due,
        handle_due,
        decided_at,
        answered_at,
        answered_on_time,
        township_id,
        township,
        unit_id,
        unit,
    ) in rows:
        if state == State.REGISTERED:
            kind, due, end, is_open = "超期未告知", accept_due, today, True
        elif state == State.HANDLING and handle_due and handle_due < today:
            kind, due, end, is_open = "超期未办结", handle_due, today, True
        elif answered_on_time is False:
            kind, due, end, is_open = "逾期办结", handle_due, timezone.localdate(answered_at), False
        else:
            kind, due, end, is_open = "逾期告知", accept_due, timezone.localdate(decided_at), False
        result.append(
            LateCase(
                pk=pk,
                number=number,
                category=categories.get(category, category),
                township=township if township_id else NO_TOWNSHIP,
                unit=_unit_label(unit if unit_id else None, handling),
                kind=kind,
                due=due,
                days=max((end - due).days, 0) if due else 0,
                open=is_open,
            )
        )
    return result, count


def _unit_label(name: str | None, handling: str) -> str:
    if name:
        return name
    return "本机关办理" if handling == Handling.OWN else "未分流"


def period_statistics(
    user, *, period: Period, today: date | None = None, late_limit: int = LATE_ROWS
) -> PeriodStatistics:
    """The period's figures, as ``user`` may see them (the leaders and the petition staff: every case)."""
    today = today or timezone.localdate()
    s = PeriodStatistics(period=period, today=today)
    qs = cases_of_period(user, period)

    totals = qs.aggregate(
        **_annotations(today),
        n_refused=Count("id", filter=Q(state=State.REFUSED)),
        n_settled=Count("id", filter=Q(outcome_settled=True)),
        **{f"n_sat_{value or 'none'}": Count("id", filter=Q(satisfaction=value)) for value in Satisfaction.values},
    )
    s.total = _figures(totals, "合计")
    s.refused, s.settled = totals["n_refused"], totals["n_settled"]
    s.satisfaction = [
        (label, totals[f"n_sat_{value or 'none'}"]) for value, label in Satisfaction.choices if value
    ]  # "未表态" is every open case too: not a figure of the petitioners' opinion

    s.channels = _in_choice_order(_grouped(qs, ("channel",), today), Channel.choices)
    s.categories = _in_choice_order(_grouped(qs, ("category",), today), Category.choices)

    by_township = _grouped(qs, ("township_id",), today)
    by_unit_handling = _grouped(qs, ("unit_id", "handling"), today)
    names = dict(
        Unit.objects.filter(
            pk__in=[pk for pk in by_township if pk] + [pk for pk, _ in by_unit_handling if pk]
        ).values_list("pk", "name")
    )
    for pk, figures in by_township.items():
        figures.label = names.get(pk, NO_TOWNSHIP) if pk else NO_TOWNSHIP
    s.townships = sorted(by_township.values(), key=lambda r: (-r.total, r.label))
    units: dict[str, Figures] = {}
    for (pk, handling), figures in by_unit_handling.items():
        label = _unit_label(names.get(pk) if pk else None, handling)
        row = units.setdefault(label, Figures(label, pk))
        row.add(figures)
    s.units = sorted(units.values(), key=lambda r: (-r.total, r.label))

    if period.month is None:
        s.months = [0] * 12
        per_month = qs.annotate(m=ExtractMonth("received_at")).values("m").annotate(n=Count("id")).order_by()
        for row in per_month:
            s.months[row["m"] - 1] = row["n"]

    start, end = period.bounds()
    incidents = Incident.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
    agg = incidents.aggregate(n=Count("id"), people=Coalesce(Sum("people_count"), 0))
    s.incident_count, s.incident_people = agg["n"], agg["people"]
    s.incidents = [
        IncidentRow(i.pk, i.occurred_at, i.place, i.people_count, i.case_id, i.case.number if i.case_id else "")
        for i in incidents.select_related("case")
        .only("id", "occurred_at", "place", "people_count", "case__id", "case__number", "case__state")
        .order_by("-occurred_at", "-id")[:INCIDENT_ROWS]
    ]

    s.late_cases, s.late_count = late_cases(qs, today, late_limit)
    return s
