"""The yearly assessment's totals and ranking (考核排名) [36], computed in SQL: one query per call, whatever the
number of units and scores.

``totals(year, confirmed_only=True)`` gives one row per assessed unit: its total points, the scheme's maximum,
whether it is confirmed, and its rank (units with the same total share a rank: 1, 2, 2, 4). The report (PDF,
Excel) and the statistics read these; a unit contact's page reads only its own row through ``unit_total``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value, Window
from django.db.models.functions import Coalesce, Rank

from .models import Assessment, AssessmentState, Criterion, Score

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=8, decimal_places=1))


@dataclass(frozen=True)
class UnitTotal:
    assessment_id: int
    unit_id: int
    unit_name: str
    unit_short_name: str
    total: Decimal
    maximum: Decimal
    confirmed: bool
    rank: int

    @property
    def percent(self) -> float:
        return float(self.total * 100 / self.maximum) if self.maximum else 0.0


def _queryset(year: int, *, confirmed_only: bool):
    total = Subquery(
        Score.objects.filter(assessment_id=OuterRef("pk"))
        .order_by()
        .values("assessment_id")
        .annotate(s=Sum("points"))
        .values("s"),
        output_field=DecimalField(max_digits=8, decimal_places=1),
    )
    maximum = Subquery(
        Criterion.objects.filter(scheme_id=OuterRef("scheme_id"))
        .order_by()
        .values("scheme_id")
        .annotate(s=Sum("max_points"))
        .values("s"),
        output_field=DecimalField(max_digits=8, decimal_places=1),
    )
    qs = Assessment.objects.filter(scheme__year=year)
    if confirmed_only:
        qs = qs.filter(state=AssessmentState.CONFIRMED)
    return qs.annotate(total=Coalesce(total, ZERO), maximum=Coalesce(maximum, ZERO)).annotate(
        rank=Window(Rank(), order_by=F("total").desc())
    )


def totals(year: int, *, confirmed_only: bool = True) -> list[UnitTotal]:
    """Every assessed unit of the year, best first, with its rank [36] (one query)."""
    rows = (
        _queryset(year, confirmed_only=confirmed_only)
        .order_by("rank", "unit__sort_order", "unit__name")
        .values_list("pk", "unit_id", "unit__name", "unit__short_name", "total", "maximum", "state", "rank")
    )
    return [
        UnitTotal(pk, unit_id, name, short or name, total, maximum, state == AssessmentState.CONFIRMED, rank)
        for pk, unit_id, name, short, total, maximum, state, rank in rows
    ]


def ranking(year: int) -> list[UnitTotal]:
    """The published ranking: confirmed assessments only [36]."""
    return totals(year, confirmed_only=True)


def unit_total(year: int, unit_id: int, *, confirmed_only: bool = True) -> UnitTotal | None:
    """One unit's row, its rank among the year's (confirmed) assessments."""
    for row in totals(year, confirmed_only=confirmed_only):
        if row.unit_id == unit_id:
            return row
    return None


def criterion_averages(year: int, *, confirmed_only: bool = True) -> list[tuple[str, Decimal, Decimal]]:
    """(criterion, its maximum, the average points given) for the year's scheme — the report's last table."""
    from django.db.models import Avg, Q

    cond = Q(scores__assessment__state=AssessmentState.CONFIRMED) if confirmed_only else Q()
    rows = (
        Criterion.objects.filter(scheme__year=year)
        .annotate(average=Avg("scores__points", filter=cond))
        .order_by("order", "id")
        .values_list("name", "max_points", "average")
    )
    return [(name, maximum, Decimal(average or 0).quantize(Decimal("0.1"))) for name, maximum, average in rows]
