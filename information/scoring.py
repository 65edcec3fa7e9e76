"""计分 [46]: the points each adoption and each leader's 批示 earn, by the ``ScoringRule`` in effect on the day the
item was adopted; the totals per unit and per author, per month and per year; the ranking the office issues as
its 通报.

The rule in effect on a date is the newest row of its key with ``effective_from`` ≤ that date. Rules are never
edited (a change is a new row from a date), so a past year's ranking computed today is the ranking computed then
[46]. A day before the first rule of a key scores 0 for that key.

Everything is summed in the database: each adoption gets its points from a correlated sub-query on the small
rules table (an index on key and date), and the totals are one ``GROUP BY`` each — the same handful of queries
for a year of ten adoptions as for one of fifty thousand. Adoptions are read only for items the person may see
(``selectors.items_visible_to``): a unit contact's ranking holds their own unit and nothing else.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth

from org.models import Unit, UnitKind

from .models import SCORING_KEY_FOR_LEVEL, Adoption, Level, ScoringKey, ScoringRule
from .selectors import items_visible_to

OFFICE_LABEL = "县政府办公室"  # an item the office wrote itself (``unit`` empty)
AUTHOR_ROWS = 200  # authors listed on the page; the 通报 prints the first ten
PDF_AUTHORS = 10
# The units that report information to the office, listed in the 通报 even when nothing of theirs was adopted.
REPORTING_KINDS = (UnitKind.TOWNSHIP, UnitKind.DEPARTMENT, UnitKind.COUNTY_UNIT)
ZERO = Decimal("0")
POINTS = DecimalField(max_digits=12, decimal_places=2)
# An instruction counts when its text holds something other than blanks.
HAS_INSTRUCTION = Q(instruction__regex=r"\S")


def points_label(value: Decimal | int | None) -> str:
    """3 → "3", 2.50 → "2.5": the way the 通报 prints a score."""
    value = Decimal(value or 0)
    text = f"{value.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Period:
    """A month (``month`` 1–12) or a whole year (``month`` None)."""

    year: int
    month: int | None = None

    @property
    def start(self) -> date:
        return date(self.year, self.month or 1, 1)

    @property
    def end(self) -> date:
        if self.month is None:
            return date(self.year, 12, 31)
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月" if self.month else f"{self.year}年度"

    @property
    def slug(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)


# --- the points of one adoption ----------------------------------------------------------------------------------


def _rule_points(key: str, on) -> Subquery:
    """The points of ``key`` in effect on the date ``on`` (an ``OuterRef``) [46]."""
    return Subquery(
        ScoringRule.objects.filter(key=key, effective_from__lte=on)
        .order_by("-effective_from", "-id")
        .values("points")[:1],
        output_field=POINTS,
    )


def scored(adoptions: QuerySet[Adoption]) -> QuerySet[Adoption]:
    """``adoptions`` with ``level_points`` (the adoption at its level) and ``instruction_points`` (a leader's
    批示 on it), each by the rule in effect on ``adopted_on`` [46]."""
    on = OuterRef("adopted_on")
    level_points = Case(
        *[When(level=level, then=_rule_points(key, on)) for level, key in SCORING_KEY_FOR_LEVEL.items()],
        default=Value(ZERO),
        output_field=POINTS,
    )
    instruction_points = Case(
        When(HAS_INSTRUCTION, then=_rule_points(ScoringKey.LEADER_INSTRUCTION, on)),
        default=Value(ZERO),
        output_field=POINTS,
    )
    return adoptions.annotate(
        level_points=Coalesce(level_points, Value(ZERO), output_field=POINTS),
        instruction_points=Coalesce(instruction_points, Value(ZERO), output_field=POINTS),
    )


def points_of(adoption: Adoption) -> Decimal:
    """One adoption's points with its instruction, by the rules of its date (for a page that shows one item)."""
    row = scored(Adoption.objects.filter(pk=adoption.pk)).values("level_points", "instruction_points").first()
    return (row["level_points"] + row["instruction_points"]) if row else ZERO


def rule_in_effect(key: str, on: date) -> ScoringRule | None:
    return ScoringRule.objects.filter(key=key, effective_from__lte=on).order_by("-effective_from", "-id").first()


@dataclass
class RuleLine:
    key: str
    label: str
    points: Decimal
    since: date | None
    changed_in_period: bool = False

    @property
    def points_label(self) -> str:
        return points_label(self.points)


def rules_for(period: Period) -> list[RuleLine]:
    """The scoring table as it stood at the period's end, each key once; one query [46]."""
    rows = ScoringRule.objects.filter(effective_from__lte=period.end).order_by("key", "-effective_from", "-id")
    newest: dict[str, ScoringRule] = {}
    changed: set[str] = set()
    for rule in rows:
        if rule.key not in newest:
            newest[rule.key] = rule
            if rule.effective_from > period.start:
                changed.add(rule.key)
    return [
        RuleLine(key, label, newest[key].points, newest[key].effective_from, key in changed)
        if key in newest
        else RuleLine(key, label, ZERO, None)
        for key, label in ScoringKey.choices
    ]


# --- the totals ------------------------------------------------------------------------------------------------


@dataclass
class Score:
    """One row of a ranking: a unit or an author, or the total."""

    label: str
    key: object = None
    unit_label: str = ""
    province: int = 0
    prefecture: int = 0
    county: int = 0
    instructions: int = 0
    points: Decimal = ZERO
    rank: int = 0
    months: list[Decimal] = field(default_factory=list)  # a year's points per month (units only)

    @property
    def adoptions(self) -> int:
        return self.province + self.prefecture + self.county

    @property
    def points_label(self) -> str:
        return points_label(self.points)

    @property
    def month_labels(self) -> list[str]:
        return [points_label(p) if p else "" for p in self.months]


def _aggregates() -> dict:
    return {
        "n_province": Count("id", filter=Q(level=Level.PROVINCE)),
        "n_prefecture": Count("id", filter=Q(level=Level.PREFECTURE)),
        "n_county": Count("id", filter=Q(level=Level.COUNTY)),
        "n_instructions": Count("id", filter=HAS_INSTRUCTION),
        "n_points": Coalesce(Sum("level_points") + Sum("instruction_points"), Value(ZERO), output_field=POINTS),
    }


def _score(row: dict, label: str, key=None, unit_label: str = "") -> Score:
    return Score(
        label=label,
        key=key,
        unit_label=unit_label,
        province=row["n_province"] or 0,
        prefecture=row["n_prefecture"] or 0,
        county=row["n_county"] or 0,
        instructions=row["n_instructions"] or 0,
        points=row["n_points"] or ZERO,
    )


def _ranked(rows: list[Score]) -> list[Score]:
    """Highest points first; equal points share a rank (1, 1, 3), then by name."""
    rows.sort(key=lambda r: (-r.points, -r.adoptions, r.label))
    previous, rank = None, 0
    for position, row in enumerate(rows, start=1):
        if row.points != previous:
            rank, previous = position, row.points
        row.rank = rank
    return rows


def adoptions_for(user, period: Period) -> QuerySet[Adoption]:
    """The period's adoptions of items ``user`` may see, scored [46]."""
    visible = items_visible_to(user)
    return scored(Adoption.objects.filter(adopted_on__gte=period.start, adopted_on__lte=period.end, item__in=visible))


@dataclass
class Ranking:
    period: Period
    total: Score = field(default_factory=lambda: Score("合计"))
    units: list[Score] = field(default_factory=list)
    authors: list[Score] = field(default_factory=list)
    author_count: int = 0
    zero_units: list[str] = field(default_factory=list)
    rules: list[RuleLine] = field(default_factory=list)
    month_points: list[Decimal] = field(default_factory=list)  # the year's total per month
    week_note: str = ""  # the 通报's sentence on the weekly quota [44]

    @property
    def top_authors(self) -> list[Score]:
        return self.authors[:PDF_AUTHORS]

    @property
    def month_labels(self) -> list[str]:
        return [points_label(p) for p in self.month_points]

    def chart_data(self) -> dict:
        return {
            "units": {"names": [u.label for u in self.units], "values": [float(u.points) for u in self.units]},
            "months": [float(p) for p in self.month_points] if self.month_points else None,
        }


def ranking(user, period: Period, *, author_rows: int = AUTHOR_ROWS, list_zero_units: bool = False) -> Ranking:
    """The period's totals and ranking per unit and per author, as ``user`` may see them; for a year, each unit's
    points per month too. Five queries whatever the number of adoptions [46]."""
    result = Ranking(period=period)
    qs = adoptions_for(user, period)
    result.total = _score(qs.aggregate(**_aggregates()), "合计")

    names = {}
    by_unit = list(qs.values("item__unit_id").annotate(**_aggregates()).order_by())
    unit_ids = [row["item__unit_id"] for row in by_unit if row["item__unit_id"]]
    if list_zero_units:
        reporting = Unit.objects.filter(Q(pk__in=unit_ids) | Q(is_active=True, kind__in=REPORTING_KINDS))
    else:
        reporting = Unit.objects.filter(pk__in=unit_ids)
    units = list(reporting.values_list("pk", "name", "kind", "sort_order"))
    names = {pk: name for pk, name, _, _ in units}
    rows = [_score(row, names.get(row["item__unit_id"], OFFICE_LABEL), row["item__unit_id"]) for row in by_unit]
    result.units = _ranked(rows)
    if list_zero_units:
        counted = {row.key for row in rows}
        kind_order = {kind: n for n, kind in enumerate(REPORTING_KINDS)}
        result.zero_units = [
            name
            for pk, name, kind, _ in sorted(units, key=lambda u: (kind_order.get(u[2], 9), u[3], u[1]))
            if pk not in counted and kind in REPORTING_KINDS
        ]

    by_author = qs.values("item__author", "item__unit_id").annotate(**_aggregates()).order_by()
    authors = [
        _score(
            row,
            row["item__author"] or "（未署名）",
            (row["item__author"], row["item__unit_id"]),
            names.get(row["item__unit_id"], OFFICE_LABEL),
        )
        for row in by_author
    ]
    result.author_count = len(authors)
    result.authors = _ranked(authors)[:author_rows]

    if period.month is None:
        result.month_points = [ZERO] * 12
        per_month = (
            qs.annotate(m=ExtractMonth("adopted_on"))
            .values("item__unit_id", "m")
            .annotate(p=Coalesce(Sum("level_points") + Sum("instruction_points"), Value(ZERO), output_field=POINTS))
            .order_by()
        )
        months: dict[object, list[Decimal]] = {}
        for row in per_month:
            months.setdefault(row["item__unit_id"], [ZERO] * 12)[row["m"] - 1] += row["p"]
            result.month_points[row["m"] - 1] += row["p"]
        for unit in result.units:
            unit.months = months.get(unit.key, [ZERO] * 12)
    result.rules = rules_for(period)
    return result
