"""Records' time limits as deadline sources, one of each per archive kind (``core.archive``), added whenever a
kind is registered.

- 秘密文件当天送不出的要放在保险柜中 [31]: a paper is due back in the safe at the end of the working day it
  went out (or, never placed, the day it came into the office); whoever holds it and the 机要科 chief must
  act, and the deadline engine adds the clerk and, once overdue, the 分管 office leader.
- 每年6月30日以前将上年度的公文立卷归档后转交县档案局 [33]: one item per year, open while any of that year's
  documents is unfiled — counted by ``selectors.unfiled_in_year``, the same count the 档案 page shows — with
  reminders from 1 May, weekly, that link to the 档案 page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Exists, F, Min, OuterRef, Q, TextField
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone

from core.archive import ArchiveKind
from core.pagination import capped_counts
from deadlines import registry
from deadlines.calendar import at, end_of_day, parse_clock
from deadlines.registry import Deadline, DeadlineSource, EarlyWarning, ScanContext
from documents.types import SecretLevel

from .models import Custody
from .selectors import out_of_safe, unfiled_in_year

# 秘密文件当天送不出的要放在保险柜中 [31]. Stored with every reminder: never rename.
CUSTODY_RULE_KEY = "records.custody"
# The first kind's source was keyed before there were others; every later kind's is "records.custody.<kind>".
RULE_KEYS = {"incoming": CUSTODY_RULE_KEY}


def custody_rule_key(kind_key: str) -> str:
    return RULE_KEYS.get(kind_key, f"{CUSTODY_RULE_KEY}.{kind_key}")


def _confidential_chiefs() -> list[int]:
    """机要科's chiefs (rules.is_confidential_section_chief) in one query: asking the rule person by person cost
    the board two queries per section chief and kind (issue 13)."""
    from org.models import Section
    from org.roles import Role
    from org.selectors import users_with_role

    chiefs = users_with_role(Role.SECTION_CHIEF).filter(profile__section__code=Section.Code.CONFIDENTIAL)
    return list(chiefs.values_list("pk", flat=True))


class CustodySource(DeadlineSource):
    label = "涉密文件当日入柜"
    article = "[31]"
    rule_text = "秘密文件的传递要及时、准确、无误，当天送不出的要放在保险柜中"

    def __init__(self, kind: ArchiveKind) -> None:
        self.kind = kind
        self.key = custody_rule_key(kind.key)
        self.item_type = kind.model._meta.label_lower

    @staticmethod
    def _since(doc) -> datetime:
        """When the paper went out of the safe — or, never placed, came into the office."""
        return doc.custody_since or doc.created_at

    def _due(self, ctx: ScanContext, doc) -> datetime:
        return ctx.end_of_workday(timezone.localtime(self._since(doc)).date())

    def _since_bound(self, ctx, moment: datetime) -> datetime:
        """The first moment a paper may have left the safe for its due time (the end of that working day)
        to fall on or after ``moment``: midnight of the first day whose end-of-day check is not before it."""
        day = timezone.localtime(moment).date()
        if ctx.end_of_workday(day) < moment:
            day += timedelta(days=1)
        return datetime.combine(day, datetime.min.time(), tzinfo=timezone.get_current_timezone())

    def _window(self, ctx, *, due_from, due_before):
        """The papers out of the safe whose due time falls in the window, nearest first, as SQL: the due time
        is the end of the working day the paper went out (``_due``), so it grows with that moment and the
        window is a range of it; the order is its day, then id — the order of ``(_due, id)``."""
        qs = out_of_safe(self.kind.key).annotate(since_at=Coalesce(F("custody_since"), F("created_at")))
        qs = qs.filter(since_at__lt=self._since_bound(ctx, due_before))
        if due_from is not None:
            # A paper that came in (or out of the safe) after the day's check is owed it all the same: its due
            # moment lies before it existed, so it is found by when it came, not only by when it was due.
            qs = qs.filter(since_at__gte=min(self._since_bound(ctx, due_from), due_from))
        # Rows are built as models (the kind's number needs them) but without the long texts; the state stays
        # loaded (django-fsm reads it as a row is built: deferred, it would cost a query per row).
        texts = [f.name for f in qs.model._meta.concrete_fields if isinstance(f, TextField)]
        local_day = TruncDate("since_at", tzinfo=timezone.get_current_timezone())
        return qs.defer(*texts).order_by(local_day, "pk")

    @staticmethod
    def _actors(holder_id, chiefs: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(dict.fromkeys(((holder_id,) if holder_id else ()) + chiefs))

    def _build(self, ctx, docs, chiefs: tuple[int, ...]) -> Iterator[Deadline]:
        for doc in docs:
            yield Deadline(
                item_id=doc.pk,
                due_at=self._due(ctx, doc),
                # Number and level only: reminders reach people who may not be cleared [32].
                title=f"{self.kind.label}{self.kind.number(doc)}（{SecretLevel(doc.secret_level).label}）",
                url="/records/custody/",
                actor_ids=self._actors(doc.custody_holder_id, chiefs),
                detail="请核实去向并登记“放入保险柜”。",
            )

    def deadlines(self, ctx, *, due_from, due_before, limit=None):
        chiefs = tuple(ctx.once("records.confidential_chiefs", _confidential_chiefs))
        if limit is not None:
            yield from self._build(ctx, self._first(ctx, due_from=due_from, due_before=due_before, limit=limit), chiefs)
            return
        qs = self._window(ctx, due_from=due_from, due_before=due_before)
        yield from self._build(ctx, qs.iterator(chunk_size=500), chiefs)

    def _first(self, ctx, *, due_from, due_before, limit: int) -> list:
        """The window's first ``limit`` papers in (day, id) order — what the board and the reminders ask for — as
        two short reads instead of sorting every paper out of the safe (issue 13: 11,000 at 1M, 160 ms): papers
        never placed, by the day they came in, off an index of that day (migrations incoming 0011, outgoing
        0009); and papers handed out, by the day they went out (the custody register: a few). Merged in order."""
        window = self._window(ctx, due_from=due_from, due_before=due_before)
        registered = Custody.objects.of_kind(self.kind).filter(object_id=OuterRef("pk"))
        tz = timezone.get_current_timezone()
        came_on = TruncDate("created_at", tzinfo=tz)
        never = window.filter(~Exists(registered)).alias(came_on=came_on)
        # The same window on the day alone, so the index is read as a range (the exact bounds stay in _window).
        never = never.filter(came_on__lt=timezone.localtime(self._since_bound(ctx, due_before)).date())
        if due_from is not None:
            lower = min(self._since_bound(ctx, due_from), due_from)
            never = never.filter(came_on__gte=timezone.localtime(lower).date())
        rows = [*never.order_by(came_on, "pk")[:limit], *window.filter(Exists(registered))[:limit]]
        rows.sort(key=lambda doc: (timezone.localtime(self._since(doc)).date(), doc.pk))
        return rows[:limit]

    def overdue_groups(self, ctx, *, due_before, nearest):
        """The digest [31]: papers out of the safe past their day, counted by who holds them, the few longest
        out of each holder's listed — in SQL, not one model per paper (issue 13)."""
        chiefs = tuple(ctx.once("records.confidential_chiefs", _confidential_chiefs))
        qs = self._window(ctx, due_from=None, due_before=due_before)
        local_day = TruncDate("since_at", tzinfo=timezone.get_current_timezone())
        return registry.grouped_overdue(
            qs,
            actor="custody_holder_id",
            line=None,
            order_by=[local_day.asc(), F("pk").asc()],
            nearest=nearest,
            build=lambda rows: self._build(ctx, rows, chiefs),
            actors=lambda holder_id: self._actors(holder_id, chiefs),
        )

    def still_open(self, ctx, item_ids):
        return {doc.pk: self._due(ctx, doc) for doc in out_of_safe(self.kind.key).filter(pk__in=item_ids)}


def custody_source_for(kind: ArchiveKind) -> Callable[[], None]:
    """Register the custody rule [31] for one archive kind; ``core.archive`` calls this for every kind."""
    source = registry.register(CustodySource(kind))
    return lambda: registry.unregister(source.key)


# --- 立卷归档并移交县档案局 [33] -------------------------------------------------------------------------------

ARCHIVE_DUE = (6, 30)
ARCHIVE_REMIND_FROM = (5, 1)
# Stored with every reminder: never rename. These two were kept by the chapters before records took them over.
ARCHIVE_RULE_KEYS = {"incoming": "incoming.archive", "outgoing": "outgoing.archive"}


def archive_rule_key(kind_key: str) -> str:
    return ARCHIVE_RULE_KEYS.get(kind_key, f"records.archive.{kind_key}")


def _archive_people() -> list[int]:
    """立卷归档 is the 收发秘书's [33]; the archivists help [26(5)], [28(2)5]."""
    from org.roles import Role
    from org.selectors import users_with_role

    ids = list(users_with_role(Role.REGISTRY_CLERK).values_list("pk", flat=True))
    ids += [pk for pk in users_with_role(Role.ARCHIVIST).values_list("pk", flat=True) if pk not in ids]
    return ids


class HandOverSource(DeadlineSource):
    """每年6月30日以前将上年度的公文立卷归档后转交县档案局 [33], for one archive kind. One item per year: the
    hand-over of that year's documents, open while any is unfiled; reminders from 1 May, weekly, the last
    working day, then overdue. Counted as the 档案 page counts, and linked to it."""

    article = "[33]"
    rule_text = "每年6月30日以前将上年度的公文立卷归档后转交县档案局"

    def __init__(self, kind: ArchiveKind) -> None:
        self.kind = kind
        self.key = archive_rule_key(kind.key)
        self.label = f"上年度{kind.label}归档移交"
        self.item_type = f"{kind.key}.archive_year"

    @staticmethod
    def due_for(year: int) -> datetime:
        """The hand-over of ``year``'s documents is due at the end of 30 June of the following year."""
        return end_of_day(date(year + 1, *ARCHIVE_DUE))

    def horizon(self, ctx: ScanContext) -> datetime:
        default = super().horizon(ctx)
        if ctx.today >= date(ctx.today.year, *ARCHIVE_REMIND_FROM):
            return max(default, self.due_for(ctx.today.year - 1))
        return default

    # A year's unfiled documents are counted to this many (“尚有超过 1000 件”): ten years of a million documents
    # are some hundred thousand unfiled ones, counted on every board and digest (issue 13).
    COUNT_CAP = 1000

    def unfiled_counts(self, years: list[int]) -> dict[int, int]:
        """How many of each year's documents are unfiled, each counted to ``COUNT_CAP + 1``, in one query."""
        querysets = [unfiled_in_year(self.kind, year) for year in years]
        return dict(zip(years, capped_counts(querysets, self.COUNT_CAP), strict=True)) if years else {}

    def warnings_for(self, ctx: ScanContext, year: int) -> tuple[EarlyWarning, ...]:
        cal = ctx.calendar
        morning = parse_clock(settings.DEADLINES_START_OF_WORKDAY)
        due = self.due_for(year)
        first = cal.first_working_day_from(date(year + 1, *ARCHIVE_REMIND_FROM))
        moments: dict[date, str] = {first: "from-05-01"}
        # Then the first working day of every following week until the deadline.
        monday = first - timedelta(days=first.weekday()) + timedelta(days=7)
        while monday < due.date():
            day = cal.first_working_day_from(monday)
            if day < due.date():
                moments.setdefault(day, f"week-{day:%G-W%V}")
            monday += timedelta(days=7)
        # And the last working day on or before 30 June.
        last = cal.previous_working_day(due.date() + timedelta(days=1))
        moments[last] = "last-day"
        return tuple(EarlyWarning(at=at(day, morning), step=step) for day, step in sorted(moments.items()))

    def _deadline(self, ctx: ScanContext, year: int, count: int, people: tuple[int, ...]) -> Deadline:
        label = self.kind.label
        return Deadline(
            item_id=year,
            due_at=self.due_for(year),
            title=f"{year}年度{label}立卷归档并移交县档案局",
            # The 档案 page the clerk opens (never the admin): it lists the same documents, counted the same way.
            url=reverse("records:index"),
            actor_ids=people,
            who="收发秘书、档案管理员",
            warnings=self.warnings_for(ctx, year),
            detail=(
                f"尚有 {count} 件{year}年度{label}未归档。"
                if count <= self.COUNT_CAP
                else f"尚有超过 {self.COUNT_CAP} 件{year}年度{label}未归档。"
            ),
        )

    OLDEST_YEARS = 10  # the hand-over of documents older than this is not chased by reminders

    def _first_year(self, last_year: int) -> int:
        """The earliest year (of the last ``OLDEST_YEARS``) that may still have unfiled documents, or
        ``last_year + 1`` when none may. The lowest numbering year of an unfiled document — MIN(year), which
        PostgreSQL answers by reading the first entry of the kind's index of unfinished documents by year —
        and, for a kind whose year may be empty (a draft never numbered belongs to the year it was begun), the
        year the oldest such draft was begun. Not MIN(created_at) over every unfiled document, which no index
        answers: a sequential scan of a million documents on every board and digest (issue 13)."""
        unfiled = self.kind.model.objects.exclude(state__in=self.kind.unfiled_exempt_states)
        if self.kind.model._meta.get_field("year").null:
            # One read for both (no index serves the draft's begun date either way).
            row = unfiled.aggregate(first=Min("year"), oldest=Min("created_at", filter=Q(year__isnull=True)))
            years = [row["first"], timezone.localtime(row["oldest"]).year if row["oldest"] else None]
        else:
            years = [unfiled.aggregate(first=Min("year"))["first"]]
        found = [year for year in years if year is not None]
        return max(min(found), last_year - self.OLDEST_YEARS) if found else last_year + 1

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        last_year = timezone.localtime(due_before).year - 1
        if due_from is not None:
            years = [y for y in range(due_from.year - 2, last_year + 1) if due_from <= self.due_for(y) < due_before]
        else:
            years = list(range(self._first_year(last_year), last_year + 1))
        counts = self.unfiled_counts([year for year in years if self.due_for(year) < due_before])
        open_years = [year for year in sorted(counts) if counts[year]]
        people = tuple(_archive_people()) if open_years else ()  # once, not once a year
        for year in open_years[:limit] if limit is not None else open_years:
            yield self._deadline(ctx, year, counts[year], people)

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        counts = self.unfiled_counts(sorted(set(item_ids)))
        return {year: self.due_for(year) for year in item_ids if counts[year]}


def hand_over_source_for(kind: ArchiveKind) -> Callable[[], None]:
    """Register the hand-over rule [33] for one archive kind; ``core.archive`` calls this for every kind."""
    source = registry.register(HandOverSource(kind))
    return lambda: registry.unregister(source.key)
