"""The figures the meeting articles make worth counting, for the office's organisers: meetings held per kind
and month [17], [6]; topics proposed, accepted, declined and discussed [18], [24], [25]; decisions done on
time, done late, open and overdue [37], [39], [40].

Read through the visibility selectors like every list; grouped in the database (a handful of queries, however
many meetings a year holds), so the page costs the same in the first week of January as in December.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from .kinds import SPECS
from .models import HELD_STATES, DecisionState, TopicState
from .selectors import OPEN_DECISION_STATES, decisions_visible_to, meetings_visible_to, topics_visible_to

MONTHS = [f"{m}月" for m in range(1, 13)]


@dataclass
class TopicFigures:
    label: str
    proposed: int = 0
    accepted: int = 0  # on an agenda or accepted to wait, and those since discussed
    declined: int = 0
    discussed: int = 0
    deferred: int = 0
    waiting: int = 0
    withdrawn: int = 0


@dataclass
class DecisionFigures:
    label: str
    on_time: int = 0
    late: int = 0
    open: int = 0  # not yet due
    overdue: int = 0
    voided: int = 0

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def total(self) -> int:
        return self.done + self.open + self.overdue

    @property
    def rate(self) -> str:
        return f"{self.on_time * 100 / self.done:.0f}%" if self.done else "—"


@dataclass
class YearFigures:
    year: int
    kinds: list[str] = field(default_factory=list)  # labels, in the regulation's order
    meetings: dict[str, list[int]] = field(default_factory=dict)  # kind label → 12 months
    topics: list[TopicFigures] = field(default_factory=list)
    topics_total: TopicFigures | None = None
    decisions: list[DecisionFigures] = field(default_factory=list)
    decisions_total: DecisionFigures | None = None

    @property
    def month_totals(self) -> list[int]:
        return [sum(self.meetings[k][i] for k in self.kinds) for i in range(12)]

    @property
    def meetings_total(self) -> int:
        return sum(self.month_totals)

    def meeting_rows(self):
        return [(k, self.meetings[k], sum(self.meetings[k])) for k in self.kinds]

    def chart_data(self) -> dict:
        """What the charts draw — the same numbers as the tables beneath them."""
        t, d = self.topics_total, self.decisions_total
        return {
            "months": MONTHS,
            "meetings": [{"name": k, "data": self.meetings[k]} for k in self.kinds],
            "topics": {
                "names": ["提出", "列入议程", "已研究", "暂缓", "不予上会", "撤回"],
                "values": [t.proposed, t.accepted, t.discussed, t.deferred, t.declined, t.withdrawn],
            },
            "decisions": [
                {"name": "按期办结", "value": d.on_time},
                {"name": "逾期办结", "value": d.late},
                {"name": "未到期", "value": d.open},
                {"name": "逾期未办结", "value": d.overdue},
            ],
        }


def year_figures(user, *, year: int, today: date | None = None) -> YearFigures:
    today = today or timezone.localdate()
    labels = {k: spec.label for k, spec in SPECS.items()}
    f = YearFigures(year=year, kinds=list(labels.values()))
    f.meetings = {label: [0] * 12 for label in labels.values()}
    held = (
        meetings_visible_to(user)
        .filter(year=year, state__in=HELD_STATES)
        .annotate(month=ExtractMonth("starts_at"))
        .values("kind", "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in held:
        f.meetings[labels[row["kind"]]][row["month"] - 1] += row["n"]

    topics = {k: TopicFigures(labels[k]) for k in SPECS}
    rows = (
        topics_visible_to(user).filter(created_at__year=year).values("kind", "state").annotate(n=Count("id")).order_by()
    )
    for row in rows:
        t, n, state = topics[row["kind"]], row["n"], row["state"]
        t.proposed += n
        if state in (TopicState.ACCEPTED, TopicState.DISCUSSED):
            t.accepted += n
        if state == TopicState.DISCUSSED:
            t.discussed += n
        elif state == TopicState.DECLINED:
            t.declined += n
        elif state == TopicState.DEFERRED:
            t.deferred += n
        elif state == TopicState.PROPOSED:
            t.waiting += n
        elif state == TopicState.WITHDRAWN:
            t.withdrawn += n
    f.topics = list(topics.values())
    total = TopicFigures("合计")
    for t in f.topics:
        for name in ("proposed", "accepted", "declined", "discussed", "deferred", "waiting", "withdrawn"):
            setattr(total, name, getattr(total, name) + getattr(t, name))
    f.topics_total = total

    open_ = Q(state__in=OPEN_DECISION_STATES)
    done = Q(state=DecisionState.DONE)
    counts = (
        decisions_visible_to(user)
        .filter(meeting__year=year)
        .values("meeting__kind")
        .annotate(
            on_time=Count("id", filter=done & Q(done_at__date__lte=F("due_date"))),
            late=Count("id", filter=done & Q(done_at__date__gt=F("due_date"))),
            open=Count("id", filter=open_ & Q(due_date__gte=today)),
            overdue=Count("id", filter=open_ & Q(due_date__lt=today)),
            voided=Count("id", filter=Q(state=DecisionState.VOIDED)),
        )
        .order_by()
    )
    decisions = {k: DecisionFigures(labels[k]) for k in SPECS}
    for row in counts:
        d = decisions[row["meeting__kind"]]
        d.on_time, d.late, d.open, d.overdue, d.voided = (
            row["on_time"],
            row["late"],
            row["open"],
            row["overdue"],
            row["voided"],
        )
    f.decisions = list(decisions.values())
    total_d = DecisionFigures("合计")
    for d in f.decisions:
        for name in ("on_time", "late", "open", "overdue", "voided"):
            setattr(total_d, name, getattr(total_d, name) + getattr(d, name))
    f.decisions_total = total_d
    return f
