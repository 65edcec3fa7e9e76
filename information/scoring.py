"""计分 [46]: the points each adoption and each leader's 批示 earn, by the ``ScoringRule`` in effect on the day the
item was adopted; the totals per unit and per author, per month and per year; the ranking the office issues as
its 通报.

The rule in effect on a date is the newest row of its key with ``effective_from`` ≤ that date. Rules are never
edited (a change is a new row from a date), so a past year's ranking computed today is the ranking computed then
[46]. A day before the first rule of a key scores 0 for that key.

Everything is summed in the database. The table (a few rows a year) is read once and written into the query as
a ``CASE`` on the adoption's date — newest rule first, the first whose date is not after the adoption's wins —
so each adoption is scored by its own day's rule without a sub-query per row; the totals are ``GROUP BY``s — the
same four queries for a year of ten adoptions as for one of fifty thousand. Adoptions are read only for items
the person may see (``selectors.items_visible_to``): a unit contact's ranking holds their own unit and nothing
else.
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
    F,
    Q,
    QuerySet,
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
# An instruction counts when there is one (the services store it stripped: blanks are no instruction) [46].
HAS_INSTRUCTION = ~Q(instruction="")


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

# key → [(effective_from, points)], newest first: the whole table, read once (a few rows a year).
Table = dict[str, list[tuple[date, Decimal]]]


def scoring_table() -> Table:
    """Every scoring rule, by key, newest first — one query [46]."""
    table: Table = {key: [] for key in ScoringKey.values}
    for key, since, points in ScoringRule.objects.order_by("key", "-effective_from", "-id").values_list(
        "key", "effective_from", "points"
    ):
        if not table[key] or table[key][-1][0] != since:
            table[key].append((since, points))
    return table


def _points_on(rules: list[tuple[date, Decimal]], field: str = "adopted_on") -> Case | Value:
    """The points of the rule in effect on the row's ``field`` date, as SQL: CASE WHEN date ≥ newest rule's date
    THEN its points WHEN date ≥ the one before … ELSE 0 — the table's history written into the query, so each
    adoption is scored by its own day's rule without a sub-query per row [46]."""
    if not rules:
        return Value(ZERO, output_field=POINTS)
    return Case(
        *[When(**{f"{field}__gte": since}, then=Value(points, output_field=POINTS)) for since, points in rules],
        default=Value(ZERO, output_field=POINTS),
        output_field=POINTS,
    )


def scored(adoptions: QuerySet[Adoption], table: Table | None = None) -> QuerySet[Adoption]:
    """``adoptions`` with ``level_points`` (the adoption at its level) and ``instruction_points`` (a leader's
    批示 on it), each by the rule in effect on ``adopted_on`` [46]."""
    table = scoring_table() if table is None else table
    level_points = Case(
        *[When(level=level, then=_points_on(table[key])) for level, key in SCORING_KEY_FOR_LEVEL.items()],
        default=Value(ZERO, output_field=POINTS),
        output_field=POINTS,
    )
    instruction_points = Case(
        When(HAS_INSTRUCTION, then=_points_on(table[ScoringKey.LEADER_INSTRUCTION])),
        default=Value(ZERO, output_field=POINTS),
        output_field=POINTS,
    )
    return adoptions.annotate(level_points=level_points, instruction_points=instruction_points)


def points_of(adoption: Adoption, table: Table | None = None) -> Decimal:
    """One adoption's points with its instruction, by the rules of its date (for a page that shows one item)."""
    table = scoring_table() if table is None else table
    points = next(
        (p for since, p in table[SCORING_KEY_FOR_LEVEL[adoption.level]] if since <= adoption.adopted_on), ZERO
    )
    if adoption.instruction.strip():
        key = ScoringKey.LEADER_INSTRUCTION
        points += next((p for since, p in table[key] if since <= adoption.adopted_on), ZERO)
    return points


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


def rules_for(period: Period, table: Table | None = None) -> list[RuleLine]:
    """The scoring table as it stood at the period's end, each key once [46]."""
    table = scoring_table() if table is None else table
    lines = []
    for key, label in ScoringKey.choices:
        in_effect = [(since, points) for since, points in table[key] if since <= period.end]
        if in_effect:
            since, points = in_effect[0]
            lines.append(RuleLine(key, label, points, since, since > period.start))
        else:
            lines.append(RuleLine(key, label, ZERO, None))
    return lines


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
        "n_points": Coalesce(Sum(F("level_points") + F("instruction_points")), Value(ZERO), output_field=POINTS),
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


def of_visible_items(qs: QuerySet, user, through: str = "item") -> QuerySet:
    """``qs`` (sendings, adoptions, entries …) kept to the items ``user`` may see (``items_visible_to``). When the
    selector gives every item (the office), no filter is added: a semi-join with the whole table would only cost
    time."""
    visible = items_visible_to(user)
    if not visible.query.where and not visible.query.is_empty():
        return qs
    return qs.filter(**{f"{through}__in": visible})


def visible_adoptions(user) -> QuerySet[Adoption]:
    return of_visible_items(Adoption.objects.all(), user)


def adoptions_for(user, period: Period, table: Table | None = None) -> QuerySet[Adoption]:
    """The period's adoptions of items ``user`` may see, scored [46]."""
    adoptions = visible_adoptions(user).filter(adopted_on__gte=period.start, adopted_on__lte=period.end)
    return scored(adoptions, table)


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


def _add(total: Score, row: Score) -> None:
    total.province += row.province
    total.prefecture += row.prefecture
    total.county += row.county
    total.instructions += row.instructions
    total.points += row.points


def ranking(user, period: Period, *, author_rows: int = AUTHOR_ROWS, list_zero_units: bool = False) -> Ranking:
    """The period's totals and ranking per unit and per author, as ``user`` may see them; for a year, each unit's
    points per month too. Four queries whatever the number of adoptions: the scoring table, the adoptions grouped
    by unit (and month, for a year), grouped by author, and the units' names [46]."""
    result = Ranking(period=period)
    table = scoring_table()
    qs = adoptions_for(user, period, table)
    year = period.month is None

    # Per unit (per unit and month for a year): the unit's totals and the grand total are sums of these groups.
    group = ("item__unit_id", "m") if year else ("item__unit_id",)
    grouped = qs.annotate(m=ExtractMonth("adopted_on")) if year else qs
    per_unit: dict[object, Score] = {}
    if year:
        result.month_points = [ZERO] * 12
    for row in grouped.values(*group).annotate(**_aggregates()).order_by():
        key = row["item__unit_id"]
        part = _score(row, "", key)
        unit = per_unit.setdefault(key, Score("", key, months=[ZERO] * 12 if year else []))
        _add(unit, part)
        _add(result.total, part)
        if year:
            unit.months[row["m"] - 1] += part.points
            result.month_points[row["m"] - 1] += part.points

    unit_ids = [pk for pk in per_unit if pk]
    if list_zero_units:
        reporting = Unit.objects.filter(Q(pk__in=unit_ids) | Q(is_active=True, kind__in=REPORTING_KINDS))
    else:
        reporting = Unit.objects.filter(pk__in=unit_ids)
    units = list(reporting.values_list("pk", "name", "kind", "sort_order"))
    names = {pk: name for pk, name, _, _ in units}
    for key, unit in per_unit.items():
        unit.label = names.get(key, OFFICE_LABEL) if key else OFFICE_LABEL
    result.units = _ranked(list(per_unit.values()))
    if list_zero_units:
        kind_order = {kind: n for n, kind in enumerate(REPORTING_KINDS)}
        result.zero_units = [
            name
            for pk, name, kind, _ in sorted(units, key=lambda u: (kind_order.get(u[2], 9), u[3], u[1]))
            if pk not in per_unit and kind in REPORTING_KINDS
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
    result.rules = rules_for(period, table)
    return result
