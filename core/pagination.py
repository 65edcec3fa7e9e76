"""Paging that stays fast on large tables (PERFORMANCE.md: paginator traps)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import DateTimeField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone

MAX_PAGE = 1000


def page_number(request, param: str = "page") -> int:
    """A sane page number from the query string: garbage becomes 1, absurd numbers are capped, so a
    hand-typed ?page=999999 never asks the database for a huge OFFSET."""
    raw = request.GET.get(param, "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


# --- keyset paging: newer / older by (a timestamp, id), with a jump to a date ---------------------------------
# Every row is reachable however deep (no OFFSET, no page cap), each page is one index range read.


class BadPageRequest(ValueError):
    """A hand-edited 翻页 address; the view answers 400 with this message."""


@dataclass
class KeysetPage:
    object_list: list
    newer: str = ""  # cursor for ?after=, empty on the newest page
    older: str = ""  # cursor for ?before=, empty on the oldest
    jumped_to: date | None = None

    @property
    def is_newest(self) -> bool:
        return not self.newer


def _cursor(row, field: str) -> str:
    moment = getattr(row, field)
    return f"{int(moment.timestamp() * 1_000_000)}_{row.pk}"


def _parse_cursor(text: str) -> tuple[datetime, int]:
    micro, _, pk = text.partition("_")
    try:
        moment = datetime.fromtimestamp(int(micro) / 1_000_000, tz=UTC)
        return moment, int(pk)
    except (ValueError, OverflowError, OSError):
        raise BadPageRequest("翻页参数无效，请从第一页重新翻页。") from None


# A day a person may jump to: the office's papers go back decades, never to year 1 or 9999 — whose next or
# previous day does not exist, and used to end in the generic "数字超出范围" page instead of this message.
EARLIEST_DAY = date(1950, 1, 1)
LATEST_DAY = date(2100, 12, 31)
DAY_FORMAT_MESSAGE = "日期格式应为 2026-01-31，年份在1950年至2100年之间。"


def _parse_day(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise BadPageRequest(DAY_FORMAT_MESSAGE) from None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise BadPageRequest(DAY_FORMAT_MESSAGE)
    return day


def _key(row, field: str) -> tuple:
    return (getattr(row, field), row.pk)


def keyset_page(
    parts: list[QuerySet], request, *, field: str, size: int = 50, few: list[bool] | None = None
) -> KeysetPage:
    """One page newest first by ``(field, id)`` over ``parts`` (querysets that do not overlap — the halves of
    a visibility rule, ``Visibility.parts`` — each read by its own index range and merged here): the newest
    page, or the page older than ``?before=``, newer than ``?after=``, or starting on ``?date=`` (that day's
    last row, then older ones). Each part is asked for one row more than a page to know whether there is
    another page; a jump to a date asks once more whether newer rows exist. ``few`` says, part by part, that
    it matches few rows (a count said so): those are sorted rather than found by walking the ``field`` index,
    which the planner would otherwise walk end to end looking for rare matches. Raises BadPageRequest for an address no
    page made."""
    before, after, day = request.GET.get("before"), request.GET.get("after"), request.GET.get("date")
    few = few or [False] * len(parts)
    sort_key = ExpressionWrapper(F(field) + timedelta(0), output_field=DateTimeField())

    def order(part_is_few: bool, newest_first: bool) -> list:
        if part_is_few:
            return [sort_key.desc(), "-pk"] if newest_first else [sort_key.asc(), "pk"]
        return [f"-{field}", "-pk"] if newest_first else [field, "pk"]

    def fetch(condition: Q, newest_first: bool) -> list:
        rows = [
            row
            for qs, part_is_few in zip(parts, few, strict=True)
            for row in qs.filter(condition).order_by(*order(part_is_few, newest_first))[: size + 1]
        ]
        rows.sort(key=lambda row: _key(row, field), reverse=newest_first)
        return rows[: size + 1]

    if after:
        moment, pk = _parse_cursor(after)
        newer = Q(**{f"{field}__gte": moment}) & (Q(**{f"{field}__gt": moment}) | Q(pk__gt=pk))
        rows = fetch(newer, newest_first=False)
        more = len(rows) > size
        rows = rows[:size][::-1]
        # The row the cursor names is older than every row here: there is an older page.
        return KeysetPage(
            rows, newer=_cursor(rows[0], field) if more else "", older=_cursor(rows[-1], field) if rows else ""
        )
    jumped_to = None
    condition = Q()
    if before:
        moment, pk = _parse_cursor(before)
        condition = Q(**{f"{field}__lte": moment}) & (Q(**{f"{field}__lt": moment}) | Q(pk__lt=pk))
    elif day:
        jumped_to = _parse_day(day)
        end = datetime.combine(
            jumped_to + timedelta(days=1), datetime.min.time(), tzinfo=timezone.get_current_timezone()
        )
        condition = Q(**{f"{field}__lt": end})
    rows = fetch(condition, newest_first=True)
    more = len(rows) > size
    rows = rows[:size]
    newer_cursor = ""
    if before and rows:
        newer_cursor = _cursor(rows[0], field)  # the page we came from holds newer rows
    elif jumped_to is not None and rows:
        first = rows[0]
        moment = getattr(first, field)
        newer_q = Q(**{f"{field}__gte": moment}) & (Q(**{f"{field}__gt": moment}) | Q(pk__gt=first.pk))
        if any(qs.filter(newer_q).exists() for qs in parts):
            newer_cursor = _cursor(first, field)
    return KeysetPage(rows, newer=newer_cursor, older=_cursor(rows[-1], field) if more else "", jumped_to=jumped_to)


def capped_counts(
    querysets: list[QuerySet], cap: int, *, order_by: tuple[str, ...] | None = None, keep_order: bool = False
) -> list[int]:
    """How many rows each queryset holds, counted to ``cap + 1`` at most, in one query. Each part is counted
    on its own, so an index answers each (the OR of the visibility rule defeats every index; PERFORMANCE.md),
    and a count stops after ``cap + 1`` rows instead of walking a million.

    ``order_by`` counts the first ``cap + 1`` rows in that order — a list's own, which its index keeps. Without an
    order PostgreSQL may count by a sequential scan it expects a LIMIT to stop early, reckoning the matches spread
    evenly; in a table filled in time order this year's rows are all at its end (at 1M: 3 ms or 700 ms by where
    the scan happens to start, issue 13). ``keep_order`` counts each queryset in its own order (work queues, each
    in its partial index's)."""
    pieces, params, positions, db = [], [], [], None
    for i, qs in enumerate(querysets):
        if not keep_order:
            qs = qs.order_by(*order_by) if order_by else qs.order_by()
        query = qs.values("pk")[: cap + 1].query
        try:
            sql, part_params = query.get_compiler(using=qs.db).as_sql()
        except EmptyResultSet:
            continue
        db = qs.db
        positions.append(i)
        pieces.append(f"(SELECT COUNT(*) FROM ({sql}) part{i})")
        params.extend(part_params)
    counts = [0] * len(querysets)
    if pieces:
        with connections[db].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(pieces), params)
            for i, n in zip(positions, cursor.fetchone(), strict=True):
                counts[i] = n
    return counts


# --- keyset batches: a whole list read in index order, a chunk at a time ----------------------------------------


def _after(keys: tuple[str, ...], values: tuple, *, lookup: str = "gt") -> Q:
    """Rows after ``values`` in the ascending order of ``keys`` (before them with ``lookup="lt"``), written so
    the first key bounds the index range: ``k1 >= v1 AND (k1 > v1 OR (k2 >= v2 AND (k2 > v2 OR …)))``."""
    (key, *rest), (value, *more) = keys, values
    if not rest:
        return Q(**{f"{key}__{lookup}": value})
    return Q(**{f"{key}__{lookup}e": value}) & (
        Q(**{f"{key}__{lookup}": value}) | _after(tuple(rest), tuple(more), lookup=lookup)
    )


def keyset_batches(qs: QuerySet, keys: tuple[str, ...], *, size: int = 1000):
    """Every row of ``qs`` in the ascending order of ``keys`` (the last key unique within the others, none of
    them NULL), read ``size`` rows per query, each query starting after the last row of the one before — an
    index range read however far in, where OFFSET re-reads every row before it and one giant query (or a
    server-side cursor) holds a transaction and a snapshot open for the whole export (issue 13). Yields rows."""
    qs = qs.order_by(*keys)
    last = None
    while True:
        batch = list((qs if last is None else qs.filter(_after(keys, last)))[:size])
        yield from batch
        if len(batch) < size:
            return
        last = tuple(getattr(batch[-1], key) for key in keys)


# --- keyset pages in number order: a register read forward and back by its own keys -----------------------------


@dataclass
class NumberPage:
    object_list: list
    previous: str = ""  # cursor for ?before=, empty on the first page
    next: str = ""  # cursor for ?after=, empty on the last


def _numbers(row, keys: tuple[str, ...]) -> str:
    return "_".join(str(int(getattr(row, key))) for key in keys)


def _parse_numbers(text: str, keys: tuple[str, ...]) -> tuple[int, ...]:
    try:
        values = tuple(int(part) for part in text.split("_"))
    except ValueError:
        raise BadPageRequest("翻页参数无效，请从第一页重新翻页。") from None
    if len(values) != len(keys):
        raise BadPageRequest("翻页参数无效，请从第一页重新翻页。")
    return values


def number_page(qs: QuerySet, request, *, keys: tuple[str, ...], size: int = 50) -> NumberPage:
    """One page of ``qs`` in the ascending order of integer ``keys`` (a register's series and number; the last
    key unique within the others): the first page, the page after ``?after=`` or before ``?before=`` — each an
    index range read of one page and one row more, however far in (no COUNT, no OFFSET, no page cap; issue 13).
    Raises BadPageRequest for an address no page made."""
    after, before = request.GET.get("after"), request.GET.get("before")
    if before:
        rows = list(
            qs.filter(_after(keys, _parse_numbers(before, keys), lookup="lt")).order_by(*[f"-{k}" for k in keys])[
                : size + 1
            ]
        )
        more = len(rows) > size
        rows = rows[:size][::-1]
        return NumberPage(
            rows,
            previous=_numbers(rows[0], keys) if more else "",
            next=_numbers(rows[-1], keys) if rows else "",
        )
    condition = _after(keys, _parse_numbers(after, keys)) if after else Q()
    rows = list(qs.filter(condition).order_by(*keys)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return NumberPage(
        rows,
        previous=_numbers(rows[0], keys) if after and rows else "",
        next=_numbers(rows[-1], keys) if more else "",
    )
