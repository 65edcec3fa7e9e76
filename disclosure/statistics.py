"""政务公开统计 [36]: the inspections' findings per unit, their rectification on time, and the year's assessment
ranking — the same figures in the charts, the tables beneath them and the tests.

Everything is read through the visibility selectors (``findings_visible_to``; the ranking is cut to the units
the person may see): a unit's 联络员 counts their own unit's findings and sees their own unit's row of the
ranking, nothing of another unit [36]. Grouped in the database: a fixed handful of queries whatever the number of
findings.

What is counted, for the findings of the inspections of the year (``Inspection.year``):
- 按期整改: accepted, reported on or before its deadline (``on_time``, set at 验收); 逾期整改: accepted, late;
- 待验收: reported and waiting for the office; 待整改: open; 逾期未整改: not accepted and past its deadline;
- 按期整改率 = 按期整改 ÷ (已验收 + 逾期未整改): a finding late and still not accepted counts against the unit,
  one not yet due counts neither way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from org.models import Unit

from . import rules, scoring
from .models import FindingState
from .selectors import findings_visible_to


@dataclass
class UnitFigures:
    label: str
    unit_id: int | None = None
    total: int = 0
    on_time: int = 0
    late_done: int = 0
    reported: int = 0
    open: int = 0
    overdue: int = 0

    @property
    def accepted(self) -> int:
        return self.on_time + self.late_done

    @property
    def unsettled(self) -> int:
        return self.total - self.accepted

    @property
    def rate_value(self) -> float | None:
        due = self.accepted + self.overdue
        return round(self.on_time * 100 / due, 1) if due else None

    @property
    def rate(self) -> str:
        value = self.rate_value
        return "—" if value is None else f"{value:.1f}%"

    def add(self, other: UnitFigures) -> None:
        for name in ("total", "on_time", "late_done", "reported", "open", "overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class YearStatistics:
    year: int
    today: date
    units: list[UnitFigures] = field(default_factory=list)
    total: UnitFigures = field(default_factory=lambda: UnitFigures("合计"))
    ranking: list = field(default_factory=list)  # scoring.UnitTotal rows, confirmed only
    inspections: int = 0

    def chart_data(self) -> dict:
        return {
            "findings": {
                "names": [u.label for u in self.units],
                "accepted": [u.accepted for u in self.units],
                "open": [u.unsettled - u.overdue for u in self.units],
                "overdue": [u.overdue for u in self.units],
            },
            "on_time": {"names": [u.label for u in self.units], "rates": [u.rate_value for u in self.units]},
            "ranking": {
                "names": [r.unit_short_name for r in self.ranking],
                "totals": [float(r.total) for r in self.ranking],
            },
        }


def visible_ranking(user, year: int) -> list:
    """The year's confirmed ranking as this person may see it: all units for the office, their own row for a
    unit's 联络员 [36]."""
    if rules.is_officer(user):
        return scoring.ranking(year)
    unit_id = rules.contact_unit_id(user)
    if unit_id is None:
        return []
    row = scoring.unit_total(year, unit_id)
    return [row] if row is not None else []


def year_statistics(user, *, year: int, today: date | None = None) -> YearStatistics:
    """The year's figures as this person may see them (three queries)."""
    today = today or timezone.localdate()
    findings = findings_visible_to(user).filter(inspection__year=year)
    accepted = Q(state=FindingState.ACCEPTED)
    rows = (
        findings.order_by()
        .values("unit_id")
        .annotate(
            n_total=Count("id"),
            n_on_time=Count("id", filter=accepted & Q(on_time=True)),
            n_late_done=Count("id", filter=accepted & ~Q(on_time=True)),
            n_reported=Count("id", filter=Q(state=FindingState.REPORTED)),
            n_open=Count("id", filter=Q(state=FindingState.OPEN)),
            n_overdue=Count("id", filter=~accepted & Q(due_on__lt=today)),
        )
    )
    rows = list(rows)
    names = dict(
        Unit.objects.filter(pk__in=[r["unit_id"] for r in rows]).values_list("pk", "name")
    )  # one query for the labels
    stats = YearStatistics(year=year, today=today)
    for r in rows:
        figures = UnitFigures(
            label=names.get(r["unit_id"], ""),
            unit_id=r["unit_id"],
            **{k: r[f"n_{k}"] for k in ("total", "on_time", "late_done", "reported", "open", "overdue")},
        )
        stats.units.append(figures)
        stats.total.add(figures)
    stats.units.sort(key=lambda u: (-(u.rate_value if u.rate_value is not None else -1), -u.total, u.label))
    stats.ranking = visible_ranking(user, year)
    return stats


# --- the assessment report (通报) -----------------------------------------------------------------------------


@dataclass
class ReportRow:
    rank: int
    unit_name: str
    points: list  # per criterion, in the scheme's order (None: not scored)
    total: object
    confirmed: bool


@dataclass
class AssessmentReport:
    year: int
    scheme: object  # AssessmentScheme or None
    criteria: list
    rows: list[ReportRow]
    confirmed: int
    max_total: object

    @property
    def draft(self) -> bool:
        """Not every assessment of the year is confirmed yet: the report is a proof, not the 通报 [36]."""
        return self.confirmed < len(self.rows) or not self.rows


def assessment_report(year: int) -> AssessmentReport:
    """The year's ranking with each criterion's points, for the PDF and the Excel (three queries). Every
    assessment of the year is listed; the unconfirmed ones make it a draft. The office's only (``rules.can_export``)."""
    from .models import AssessmentScheme, Score

    scheme = AssessmentScheme.objects.filter(year=year).first()
    criteria = list(scheme.criteria.order_by("order", "id")) if scheme else []
    totals = scoring.totals(year, confirmed_only=False)
    points: dict[int, dict[int, object]] = {}
    for assessment_id, criterion_id, value in Score.objects.filter(
        assessment_id__in=[t.assessment_id for t in totals]
    ).values_list("assessment_id", "criterion_id", "points"):
        points.setdefault(assessment_id, {})[criterion_id] = value
    rows = [
        ReportRow(
            rank=t.rank,
            unit_name=t.unit_name,
            points=[points.get(t.assessment_id, {}).get(c.pk) for c in criteria],
            total=t.total,
            confirmed=t.confirmed,
        )
        for t in totals
    ]
    return AssessmentReport(
        year=year,
        scheme=scheme,
        criteria=criteria,
        rows=rows,
        confirmed=sum(1 for t in totals if t.confirmed),
        max_total=sum((c.max_points for c in criteria), start=0),
    )
