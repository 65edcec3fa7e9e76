"""The one place that knows every deadline: apps register *sources* here, the engine asks them.

A source is one rule of the regulation that sets a time limit on some kind of item — 办理件二周内办结
[26(6)7], 阅文人当天阅批 [26(6)5], 秘密文件当天入柜 [31] … An app registers it in its ``AppConfig.ready()``::

    from deadlines import registry

    class HandlingSource(registry.DeadlineSource):
        key = "incoming.handling"            # stored with every reminder; never rename
        label = "办理件办结期限"
        article = "[26(6)7]"
        rule_text = "办理件一般在二周内办结"
        item_type = "incoming.incomingdocument"

        def deadlines(self, ctx, *, due_from, due_before, limit=None):
            # open items due in [due_from, due_before) — due_from None means "no lower bound" —
            # nearest first, at most ``limit``, from ONE indexed range query; yield Deadline(...) for each
            ...

        def still_open(self, ctx, item_ids):
            # {item_id: due_at} for those of item_ids still waiting (one query)
            ...

    registry.register(HandlingSource())

What a source promises:

* ``deadlines`` costs a fixed number of indexed queries whatever the table size (PERFORMANCE.md) and may
  yield lazily; it may return a little more than asked (the ledger removes repeats), never less — except
  that with ``limit`` it returns only the ``limit`` nearest (the board's first page; push it into SQL).
* A deadline whose due moment passed before the item existed (a 秘密 paper registered at 20:42, due back in
  the safe at 17:30 that day [31]) is still owed its reminder, once: ``deadlines`` also returns items that
  came into being (or whose clock started) at or after ``due_from`` though they fell due before it. The
  ledger keeps the later scans that find it again from telling anyone twice.
* ``Deadline.title`` is safe to show to every recipient and to put in an e-mail: a classified item gives its
  number and level only, never its title [31], [32].
* ``Deadline.warnings`` are the moments before the due moment when a reminder goes out; the helpers on
  ``ScanContext`` compute the usual ones (one working day before; the end-of-day check of a same-day rule).
* ``still_open`` lets a reminder recorded earlier be dropped if the item was finished or deleted meanwhile.

The engine does the rest: who is told (the people who must act, the 收发秘书, and — once overdue — the
分管 office leader), recording each reminder once, delivering it in the app and by e-mail, the daily digest.

The engine knows no chapter: the sources live with their apps (``documents/incoming/deadline_sources.py``
is the one to copy; ``documents/records/deadline_sources.py`` has the custody rule [31]).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from .calendar import WorkCalendar, at, end_of_day, parse_clock


@dataclass(frozen=True)
class EarlyWarning:
    """A reminder before the due moment (到期提醒, ``Stage.WARNING``). ``step`` tells apart several of one deadline."""

    at: datetime
    step: str = ""


@dataclass(frozen=True)
class Deadline:
    item_id: int
    due_at: datetime
    title: str  # safe for every recipient and for e-mail (classified: number and level only)
    url: str = ""
    actor_ids: tuple[int, ...] = ()  # who must act now (the holder, the reader …)
    who: str = ""  # their names, shown in the reminder
    line_id: int | None = None  # business line (归口): its 分管副主任 hears of it once overdue
    warnings: tuple[EarlyWarning, ...] = ()
    detail: str = ""  # one more line for the reminder, e.g. "尚有 12 件未归档"


@dataclass(frozen=True)
class OverdueGroup:
    """Overdue items of one source that the same people hear of — the same people who must act and the same
    business line (``Audience`` decides from these two alone) — counted, with the group's most overdue items."""

    actor_ids: tuple[int, ...]
    line_id: int | None
    count: int
    nearest: tuple[Deadline, ...] = ()  # the group's earliest due first, (due_at, item_id) order, at most as asked


class DeadlineSource:
    key: str = ""
    label: str = ""  # shown on the reminders page and in the admin: "办理件办结期限"
    article: str = ""  # "[26(6)7]"
    rule_text: str = ""  # the regulation's words, quoted in each reminder
    item_type: str = ""  # "app_label.model" of the items (or another stable name for items without a row)
    notify_clerk: bool = True  # the 收发秘书 chases documents [26(4)]; a source may opt out

    def deadlines(
        self, ctx: ScanContext, *, due_from: datetime | None, due_before: datetime, limit: int | None = None
    ) -> Iterable[Deadline]:
        raise NotImplementedError

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        raise NotImplementedError

    def overdue_groups(self, ctx: ScanContext, *, due_before: datetime, nearest: int) -> list[OverdueGroup] | None:
        """The daily digest's question, answered in SQL: the items due before ``due_before`` (what
        ``deadlines(due_from=None, due_before=…)`` yields) grouped by who must act and the business line, each
        group's count and its ``nearest`` earliest due (``grouped_overdue`` does it for a queryset). None — the
        default — and the digest walks ``deadlines`` item by item, as before: right, but O(items) in Python
        (65 s at 1.5 million overdue; issue 13)."""
        return None

    def horizon(self, ctx: ScanContext) -> datetime:
        """The latest due moment (inclusive) that may already need a warning now. The default suits warnings
        given one working day before: anything due by the next working day at this time of day."""
        return ctx.calendar.working_day_after(ctx.now)


@dataclass
class ScanContext:
    """What a scan knows once: the moment, the calendar, the settings — handed to every source."""

    now: datetime
    calendar: WorkCalendar = field(default_factory=WorkCalendar.load)
    # The digest and the board need no warning moments; the helpers below then skip the calendar work.
    warnings_wanted: bool = True
    # What several sources read once per scan (who the information staff are, 机要科's chiefs …): the board asks
    # every source in one request, and asking again per source was a third of its queries (issue 13).
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` the first time ``key`` is asked in this scan; the same answer after."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def today(self) -> date:
        return timezone.localtime(self.now).date()

    # --- the usual warnings -------------------------------------------------------------------------
    def one_working_day_before(self, due_at: datetime) -> tuple[EarlyWarning, ...]:
        """提前一个工作日提醒 [26(6)7]."""
        if not self.warnings_wanted:
            return ()
        return (EarlyWarning(at=self.calendar.working_day_before(due_at)),)

    def end_of_workday(self, day: date) -> datetime:
        """The end-of-day check of a same-day rule: ``DEADLINES_END_OF_WORKDAY`` (17:30) on ``day``."""
        return at(day, parse_clock(settings.DEADLINES_END_OF_WORKDAY))

    def end_of_day_warning(self, started_at: datetime, due_at: datetime) -> tuple[EarlyWarning, ...]:
        """For a same-day rule (当天阅批 [26(6)5], 当日分办 [26(1)], [28(1)]): one warning at the end of the
        working day the item arrived — if it arrived before then and the due moment is later."""
        if not self.warnings_wanted:
            return ()
        check = self.end_of_workday(timezone.localtime(started_at).date())
        if started_at < check < due_at:
            return (EarlyWarning(at=check),)
        return ()

    @staticmethod
    def end_of_day(day: date) -> datetime:
        return end_of_day(day)


_sources: dict[str, DeadlineSource] = {}


def register(source: DeadlineSource) -> DeadlineSource:
    if not source.key or not source.article:
        raise ValueError("a deadline source needs a key and the article that sets its time limit")
    _sources[source.key] = source
    return source


def unregister(key: str) -> None:
    _sources.pop(key, None)


@contextmanager
def registered(source: DeadlineSource) -> Iterator[DeadlineSource]:
    """Register a source for the duration of a block (tests, demos)."""
    previous = _sources.get(source.key)
    register(source)
    try:
        yield source
    finally:
        unregister(source.key)
        if previous is not None:
            register(previous)


def sources() -> list[DeadlineSource]:
    return list(_sources.values())


def get(key: str) -> DeadlineSource | None:
    return _sources.get(key)


def grouped_overdue(
    qs: QuerySet,
    *,
    actor: str | None,
    line: str | None,
    order_by: list,
    nearest: int,
    build: Callable[[QuerySet], Iterable[Deadline]],
    actors: Callable[[object], tuple[int, ...]],
) -> list[OverdueGroup]:
    """``DeadlineSource.overdue_groups`` for a source whose items are the rows of ``qs`` (already the overdue
    ones), each with at most one person who must act in the column ``actor`` and a business line in ``line``
    (either None when the source has none): the rows counted GROUP BY (actor, line), and the ``nearest`` first
    of each group by ``order_by`` (the order of ``deadlines``: due first, then id) picked by ROW_NUMBER() —
    two queries, whatever the number of rows. ``build`` makes the Deadlines of a queryset of rows as
    ``deadlines`` does; ``actors`` gives a group's ``actor_ids`` from its actor column's value, as the
    Deadlines of that group carry them."""
    keys = [name for name in (actor, line) if name]

    def key_of(values: tuple) -> tuple:
        named = dict(zip(keys, values, strict=True))
        return actors(named.get(actor)) if actor else actors(None), named.get(line) if line else None

    counts: dict[tuple, int] = defaultdict(int)
    if keys:
        for row in qs.order_by().values_list(*keys).annotate(n=Count("pk")):
            counts[key_of(row[:-1])] += row[-1]
    else:
        counts[key_of(())] = qs.count()
    chosen: dict[tuple, list[Deadline]] = defaultdict(list)
    if nearest > 0 and counts:
        rank = Window(RowNumber(), partition_by=[F(name) for name in keys] or None, order_by=order_by)
        for deadline in build(qs.annotate(_digest_rank=rank).filter(_digest_rank__lte=nearest).order_by(*order_by)):
            chosen[(deadline.actor_ids, deadline.line_id)].append(deadline)
    return [
        OverdueGroup(actor_ids=key[0], line_id=key[1], count=n, nearest=tuple(chosen.get(key, ())))
        for key, n in counts.items()
        if n
    ]
