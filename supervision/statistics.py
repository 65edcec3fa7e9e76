"""督查统计 for county leaders and the office's assessment of units [11], [37]–[40]: the on-time rate per lead
unit and per source, the late items with the reason the unit gave, and the items per leader (首办责任人 [38],
分管副县长 [39]).

Every figure is read through ``selectors.items_visible_to`` — a unit contact's statistics are their unit's,
a classified item counts only for those who may see it [31], [32], [40] — and grouped in the database: a fixed
handful of queries whether the year holds ten items or a hundred thousand.

What is counted, for the items registered in the year (``Item.year``) that were tracked (督办中, 办结待审,
已办结; registered, waiting for 立项, refused and cancelled ones are not the units' record):
- 按期办结: done with ``on_time`` (set at 办结: done on or before the deadline then in force);
- 逾期办结: done late; 逾期未办结: still tracked past the deadline; 未到期: tracked, deadline not passed (or none);
- 按期办结率 = 按期办结 ÷ (已办结 + 逾期未办结): an item that is late and still open counts against the unit,
  as it does in the assessment; an item not yet due is not counted either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from org.models import Section, Unit
from org.selectors import display_name

from .models import PROPOSAL_SOURCES, TRACKED_STATES, Feedback, Item, ProposalAnswer, Satisfaction, Source, State
from .selectors import items_visible_to

COUNTED_STATES = (*TRACKED_STATES, State.DONE)
LATE_ROWS = 200  # the late items listed on the page; the Excel export has them all up to EXPORT_LATE_ROWS
EXPORT_LATE_ROWS = 20000


@dataclass
class Figures:
    """One row of the tables: a unit, a source or a leader."""

    label: str
    key: object = None
    on_time: int = 0
    late_done: int = 0
    overdue: int = 0
    not_due: int = 0

    @property
    def done(self) -> int:
        return self.on_time + self.late_done

    @property
    def total(self) -> int:
        return self.done + self.overdue + self.not_due

    @property
    def due(self) -> int:
        """Items whose outcome is known: done, or late and still open."""
        return self.done + self.overdue

    @property
    def late(self) -> int:
        return self.late_done + self.overdue

    @property
    def rate_value(self) -> float | None:
        return round(self.on_time * 100 / self.due, 1) if self.due else None

    @property
    def rate(self) -> str:
        value = self.rate_value
        return "—" if value is None else f"{value:.1f}%"

    def add(self, other: Figures) -> None:
        for name in ("on_time", "late_done", "overdue", "not_due"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class LateItem:
    item: Item
    overdue: bool  # still open past the deadline (otherwise done late)
    days: int
    reason: str
    reason_on: date | None
    lead: str = ""


@dataclass
class YearStatistics:
    year: int
    today: date
    units: list[Figures] = field(default_factory=list)
    sources: list[Figures] = field(default_factory=list)
    leaders: list[Figures] = field(default_factory=list)  # 首办责任人
    deputies: list[Figures] = field(default_factory=list)  # 分管副县长
    total: Figures = field(default_factory=lambda: Figures("合计"))
    late_items: list[LateItem] = field(default_factory=list)
    late_count: int = 0

    def chart_data(self) -> dict:
        """What the charts draw — the same numbers as the tables beneath them."""

        def rates(rows):
            return {
                "names": [r.label for r in rows],
                "rates": [r.rate_value for r in rows],
                "on_time": [r.on_time for r in rows],
                "late": [r.late for r in rows],
                "not_due": [r.not_due for r in rows],
            }

        def counts(rows):
            return {
                "names": [r.label for r in rows],
                "done": [r.done for r in rows],
                "open": [r.overdue + r.not_due for r in rows],
                "overdue": [r.overdue for r in rows],
            }

        t = self.total
        return {
            "rate": t.rate_value,
            "units": rates(self.units),
            "sources": rates(self.sources),
            "leaders": counts(self.leaders),
            "deputies": counts(self.deputies),
            "outcome": [
                {"name": "按期办结", "value": t.on_time},
                {"name": "逾期办结", "value": t.late_done},
                {"name": "逾期未办结", "value": t.overdue},
                {"name": "未到期", "value": t.not_due},
            ],
        }


def counted_items(user, year: int, *, unclassified: bool = False) -> QuerySet[Item]:
    qs = items_visible_to(user).filter(year=year, state__in=COUNTED_STATES)
    return qs.filter(secret_level=0) if unclassified else qs


def _grouped(qs: QuerySet, by: tuple[str, ...], today: date) -> dict:
    done = Q(state=State.DONE)
    tracked = Q(state__in=TRACKED_STATES)
    rows = (
        qs.values(*by)
        .annotate(  # not named after fields: ``on_time`` is one, and the filters read it
            n_on_time=Count("id", filter=done & Q(on_time=True)),
            n_late_done=Count("id", filter=done & ~Q(on_time=True)),
            n_overdue=Count("id", filter=tracked & Q(deadline__lt=today)),
            n_not_due=Count("id", filter=tracked & (Q(deadline__gte=today) | Q(deadline__isnull=True))),
        )
        .order_by()
    )
    result = {}
    for row in rows:
        key = tuple(row[name] for name in by) if len(by) > 1 else row[by[0]]
        result[key] = Figures("", key, row["n_on_time"], row["n_late_done"], row["n_overdue"], row["n_not_due"])
    return result


def lead_name(item) -> str:
    """牵头单位, or the office section responsible for a meeting's decision (责任科室) [15], [37]."""
    if item.lead_unit_id:
        return item.lead_unit.name
    if getattr(item, "lead_section_id", None):
        return f"{item.lead_section.name}（办公室）"
    return "—"


def _by_rate(rows: list[Figures]) -> list[Figures]:
    """Best on-time rate first; units with nothing due yet last; ties by size."""
    return sorted(rows, key=lambda r: (r.rate_value is None, -(r.rate_value or 0), -r.total, r.label))


def late_items(
    user, year: int, *, today: date | None = None, limit: int = LATE_ROWS, unclassified: bool = False
) -> tuple[list[LateItem], int]:
    """Items late this year — open past the deadline, or done late — with the latest reason the unit gave [40]."""
    today = today or timezone.localdate()
    qs = counted_items(user, year, unclassified=unclassified).filter(
        Q(state__in=TRACKED_STATES, deadline__lt=today) | Q(state=State.DONE, on_time=False)
    )
    count = qs.count()
    return with_reasons(qs, today, limit), count


def with_reasons(qs: QuerySet, today: date, limit: int) -> list[LateItem]:
    """Late items with the latest late reason their unit gave (one query, the feedback index) [40]."""
    latest = Feedback.objects.filter(item=OuterRef("pk"), withdrawn_at__isnull=True).exclude(late_reason="")
    latest = latest.order_by("-recorded_at", "-id")
    rows = (
        qs.select_related("lead_unit", "lead_section", "first_responsible__profile")
        .annotate(
            reason=Subquery(latest.values("late_reason")[:1]),
            reason_on=Subquery(latest.values("received_on")[:1]),
        )
        .order_by("deadline", "id")[:limit]
    )
    result = []
    for item in rows:
        overdue = item.state in TRACKED_STATES
        end = today if overdue else timezone.localdate(item.submitted_at or item.done_at)
        result.append(
            LateItem(
                item=item,
                overdue=overdue,
                days=max((end - item.deadline).days, 0) if item.deadline else 0,
                reason=item.reason or "",
                reason_on=item.reason_on,
                lead=lead_name(item),
            )
        )
    return result


def year_statistics(
    user, *, year: int, today: date | None = None, late_limit: int = LATE_ROWS, unclassified: bool = False
) -> YearStatistics:
    """The year's figures one may see; ``unclassified`` leaves out classified items altogether (the bulletin,
    which goes to every unit) [11], [32]."""
    today = today or timezone.localdate()
    s = YearStatistics(year=year, today=today)
    qs = counted_items(user, year, unclassified=unclassified)

    # Per lead unit — or office section, for a meeting's decision given to one [15], [37].
    by_unit = _grouped(qs, ("lead_unit_id", "lead_section_id"), today)
    units = dict(Unit.objects.filter(pk__in=[u for u, _ in by_unit if u]).values_list("pk", "name"))
    sections = dict(Section.objects.filter(pk__in=[s for _, s in by_unit if s]).values_list("pk", "name"))
    for (unit_id, section_id), figures in by_unit.items():
        figures.label = units.get(unit_id) or (f"{sections[section_id]}（办公室）" if section_id in sections else "—")
        s.total.add(figures)
    s.units = _by_rate(list(by_unit.values()))

    by_source = _grouped(qs, ("source",), today)
    s.sources = []
    for value, label in Source.choices:
        figures = by_source.get(value) or Figures("", value)
        figures.label = label
        s.sources.append(figures)

    by_leader = _grouped(qs, ("first_responsible_id",), today)
    by_deputy = _grouped(qs.filter(deputy_head__isnull=False), ("deputy_head_id",), today)
    people = {
        u.pk: display_name(u)
        for u in get_user_model()
        .objects.filter(pk__in=[*by_leader, *by_deputy])
        .select_related("profile")
        .only("id", "username", "first_name", "last_name", "profile__full_name")
    }
    for group in (by_leader, by_deputy):
        for pk, figures in group.items():
            figures.label = people.get(pk, "—")
    s.leaders = sorted(by_leader.values(), key=lambda r: (-r.total, r.label))
    s.deputies = sorted(by_deputy.values(), key=lambda r: (-r.total, r.label))
    s.late_items, s.late_count = late_items(user, year, today=today, limit=late_limit, unclassified=unclassified)
    return s


# --- proposals: the yearly summary per unit [12] ------------------------------------------------------------------


@dataclass
class ProposalFigures:
    label: str
    key: object = None
    suggestions: int = 0  # 人大代表建议、议案
    proposals: int = 0  # 政协提案
    answered: int = 0  # the current round's answer letter is in
    answered_on_time: int = 0
    satisfied: int = 0
    basically: int = 0
    dissatisfied: int = 0
    second_round: int = 0

    @property
    def total(self) -> int:
        return self.suggestions + self.proposals

    @property
    def unanswered(self) -> int:
        return self.total - self.answered

    def add(self, other: ProposalFigures) -> None:
        for name in (
            "suggestions",
            "proposals",
            "answered",
            "answered_on_time",
            "satisfied",
            "basically",
            "dissatisfied",
            "second_round",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class ProposalSummary:
    year: int
    units: list[ProposalFigures] = field(default_factory=list)
    total: ProposalFigures = field(default_factory=lambda: ProposalFigures("合计"))


def proposals_of_year(user, year: int) -> QuerySet[Item]:
    """The year's deputies' suggestions and members' proposals one may see, not cancelled [12]."""
    return items_visible_to(user).filter(year=year, source__in=PROPOSAL_SOURCES).exclude(state=State.CANCELLED)


def proposal_summary(user, *, year: int) -> ProposalSummary:
    """Per lead unit (主办单位): how many, answered (on time: the letter dated by the answer deadline), the
    proposers' satisfaction and the second handlings — two queries [12]."""
    answer = ProposalAnswer.objects.filter(item=OuterRef("pk"), round=OuterRef("handling_round"))
    rows = (
        proposals_of_year(user, year)
        .annotate(answer_on=Subquery(answer.values("answered_on")[:1]))
        .filter(lead_unit__isnull=False)
        .values("lead_unit_id")
        .annotate(
            suggestions=Count("id", filter=Q(source=Source.DEPUTY_PROPOSAL)),
            proposals=Count("id", filter=Q(source=Source.CPPCC_PROPOSAL)),
            answered=Count("id", filter=Q(answer_on__isnull=False)),
            answered_on_time=Count("id", filter=Q(answer_on__lte=F("answer_due"))),
            satisfied=Count("id", filter=Q(satisfaction=Satisfaction.SATISFIED)),
            basically=Count("id", filter=Q(satisfaction=Satisfaction.BASICALLY)),
            dissatisfied=Count("id", filter=Q(satisfaction=Satisfaction.DISSATISFIED)),
            second_round=Count("id", filter=Q(handling_round__gt=1)),
        )
        .order_by()
    )
    summary = ProposalSummary(year=year)
    by_unit = {}
    for row in rows:
        pk = row.pop("lead_unit_id")
        by_unit[pk] = ProposalFigures("", pk, **row)
    names = dict(Unit.objects.filter(pk__in=by_unit).values_list("pk", "name"))
    for pk, figures in by_unit.items():
        figures.label = names.get(pk, "—")
        summary.total.add(figures)
    summary.units = sorted(by_unit.values(), key=lambda r: (-r.total, r.label))
    return summary
