"""The time limits of government information, as deadline sources of the reminder engine:

- ``information.quota`` — the weekly quota [44]: a week (Monday–Sunday) behind the quota (fewer than two items
  sent to the province or to the prefecture) is warned on Thursday at 09:00 to every information officer and
  their 分管 leader — once per week (the week is the reminder's item: its Monday's ordinal).
- ``information.screen`` — an ordinary item waits at most ``INFORMATION_SCREEN_DAYS`` (1) working day to be
  screened; the information staff are reminded [46].
- ``information.review`` — an ordinary item waits at most ``INFORMATION_REVIEW_DAYS`` (1) working day for an
  office leader's review; the reviewing leaders are reminded [46].
- ``information.urgent`` — an 紧急信息 waits at most ``INFORMATION_URGENT_HOURS`` (2) hours for review, and again
  for sending: counted in clock hours, nights and holidays included (急事急报) [46].

Holidays and the Thursday warning (``quota_warning_at``): when the week's Thursday is not a working day (the
project's calendar: statutory holidays, 调休, overrides), the warning moves to 09:00 of the LAST working day
before it in the same week — so the staff still have a working day to send before the holiday (国庆 2026: the
week of 28 September is warned on Wednesday 30 September). When Monday to Wednesday are not working days
either, it moves to the first working day after Thursday in the same week; a week with no working day at all
is not warned (it is still marked short in the statistics if it ends below the quota). Only a week not yet
over is warned; a week is never warned twice (the engine's ledger keeps one reminder per week and person).

Windows are pushed into SQL; each ``deadlines`` call is a fixed number of indexed queries (PERFORMANCE.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import cache

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from deadlines.calendar import at, end_of_day, parse_clock
from deadlines.registry import Deadline, DeadlineSource, ScanContext

from .models import InformationItem, Kind, State
from .quota import quota, week_of, weeks_between

CHUNK = 2000
# The longest run of days without a working day the calendar can hold (国庆 with its weekends), and a margin.
HOLIDAY_SLACK_DAYS = 20


@cache
def _url_template() -> tuple[str, str] | None:
    try:
        head, _, tail = reverse("information:detail", args=[987654321]).partition("987654321")
    except NoReverseMatch:  # the item page arrives with PAGES; until then reminders carry no link
        return None
    return head, tail


def item_url(pk: int) -> str:
    template = _url_template()
    return "" if template is None else f"{template[0]}{pk}{template[1]}"


def week_url() -> str:
    try:
        return reverse("information:week")
    except NoReverseMatch:
        return ""


def staff_ids() -> tuple[int, ...]:
    from .services import information_staff

    return tuple(u.pk for u in information_staff())


def leader_ids() -> tuple[int, ...]:
    from .services import reviewing_leaders

    return tuple(u.pk for u in reviewing_leaders())


# Read once per scan: every source below asks for the same people (issue 13).
def _staff(ctx: ScanContext) -> tuple[int, ...]:
    return ctx.once("information.staff", staff_ids)


def _leaders(ctx: ScanContext) -> tuple[int, ...]:
    return ctx.once("information.leaders", leader_ids)


def staff_and_leaders(ctx: ScanContext) -> tuple[int, ...]:
    """Every information officer and their 分管 leader(s) [44]."""
    return tuple(dict.fromkeys(_staff(ctx) + _leaders(ctx)))


# --- the weekly quota [44] -----------------------------------------------------------------------------------------


def quota_warning_at(week_start: date, calendar) -> datetime | None:
    """When a week behind the quota is warned: its Thursday 09:00, moved off a holiday (see the module's
    docstring: the last working day before it in the week, else the first after it, else not at all) [44]."""
    week_start = week_of(week_start)
    clock = parse_clock(settings.INFORMATION_QUOTA_WARN_AT)
    thursday = week_start + timedelta(days=settings.INFORMATION_QUOTA_WARN_WEEKDAY)
    if calendar.is_working_day(thursday):
        return at(thursday, clock)
    day = thursday - timedelta(days=1)
    while day >= week_start:
        if calendar.is_working_day(day):
            return at(day, clock)
        day -= timedelta(days=1)
    day = thursday + timedelta(days=1)
    while day <= week_start + timedelta(days=6):
        if calendar.is_working_day(day):
            return at(day, clock)
        day += timedelta(days=1)
    return None


def _week_detail(week) -> str:
    return (
        f"本周已报送省级{week.province}条、州级{week.prefecture}条；"
        f"每周须向省、州各报送不少于{week.quota}条 [44]。"
        + (f"尚差省级{week.province_short}条。" if week.province_short else "")
        + (f"尚差州级{week.prefecture_short}条。" if week.prefecture_short else "")
    )


class QuotaSource(DeadlineSource):
    key = "information.quota"
    label = "政务信息每周报送任务"
    article = "[44]"
    rule_text = "每周向省、州报送信息各不少于2条"
    item_type = "information.week"
    notify_clerk = False  # the information staff and their 分管 leader, not the 收发秘书

    def _weeks(self, ctx: ScanContext, due_from, due_before) -> list[tuple[date, datetime]]:
        if due_from is None:
            mondays = [week_of(ctx.today)]
        else:
            first = week_of(due_from.date()) - timedelta(days=7)
            last = week_of(due_before.date())
            mondays = [first + timedelta(days=7 * n) for n in range((last - first).days // 7 + 1)]
        out = []
        for monday in mondays:
            moment = quota_warning_at(monday, ctx.calendar)
            if moment is None or moment >= due_before or (due_from is not None and moment < due_from):
                continue
            if end_of_day(monday + timedelta(days=6)) < ctx.now:  # the week is over: statistics, not a reminder
                continue
            out.append((monday, moment))
        return out

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        candidates = self._weeks(ctx, due_from, due_before)
        if not candidates:
            return
        counted = {w.start: w for w in weeks_between(candidates[0][0], candidates[-1][0], today=ctx.today)}
        people = None
        for monday, moment in candidates[:limit] if limit is not None else candidates:
            week = counted[monday]
            if week.met:
                continue
            if people is None:
                people = staff_and_leaders(ctx)
            yield Deadline(
                item_id=monday.toordinal(),
                due_at=moment,
                title=f"政务信息报送未达每周要求：{week.label}",
                url=week_url(),
                actor_ids=people,
                who="政务信息员",
                detail=_week_detail(week),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        mondays = sorted(date.fromordinal(pk) for pk in item_ids)
        if not mondays:
            return {}
        counted = {w.start: w for w in weeks_between(mondays[0], mondays[-1], today=ctx.today)}
        out = {}
        for monday in mondays:
            week = counted.get(monday)
            moment = quota_warning_at(monday, ctx.calendar)
            if week is not None and moment is not None and not week.met and not week.ended:
                out[monday.toordinal()] = moment
        return out


# --- items waiting [46] -------------------------------------------------------------------------------------------


def _after_working_days(ctx: ScanContext, moment: datetime, days: int) -> datetime:
    for _ in range(max(days, 0)):
        moment = ctx.calendar.working_day_after(moment)
    return moment


class _WaitingSource(DeadlineSource):
    """An ordinary item waiting in ``state`` at most ``days()`` working days from ``waiting_since``."""

    state: str = ""
    action: str = ""
    notify_clerk = False
    item_type = "information.informationitem"

    def days(self) -> int:
        raise NotImplementedError

    def people(self, ctx: ScanContext) -> tuple[int, ...]:
        raise NotImplementedError

    def queryset(self):
        return InformationItem.objects.filter(state=self.state).exclude(kind=Kind.URGENT)

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        days = self.days()
        qs = self.queryset().filter(waiting_since__lte=due_before - timedelta(days=days))
        if due_from is not None:
            qs = qs.filter(waiting_since__gte=due_from - timedelta(days=days + HOLIDAY_SLACK_DAYS))
        qs = qs.order_by("waiting_since", "id").values_list("id", "waiting_since", "title")
        rows = list(qs[:limit]) if limit is not None else list(qs.iterator(chunk_size=CHUNK))
        people = self.people(ctx) if rows else ()
        for pk, since, title in rows:
            due_at = _after_working_days(ctx, since, days)
            if due_at >= due_before or (due_from is not None and due_at < due_from):
                continue
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"{self.action}：{title[:60]}",
                url=item_url(pk),
                actor_ids=people,
                who=self.who,
                warnings=(),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = self.queryset().filter(pk__in=item_ids).values_list("pk", "waiting_since")
        return {pk: _after_working_days(ctx, since, self.days()) for pk, since in rows}


class ScreenSource(_WaitingSource):
    key = "information.screen"
    label = "政务信息筛选期限"
    article = "[46]"
    rule_text = "来稿及时筛选：收到后1个工作日内筛选"
    state = State.SUBMITTED
    action = "待筛选信息"
    who = "政务信息员"

    def days(self) -> int:
        return settings.INFORMATION_SCREEN_DAYS

    def people(self, ctx: ScanContext) -> tuple[int, ...]:
        return _staff(ctx)


class ReviewSource(_WaitingSource):
    key = "information.review"
    label = "政务信息审核期限"
    article = "[46]"
    rule_text = "送审信息及时审核：送审后1个工作日内审核"
    state = State.REVIEWING
    action = "待审核信息"
    who = "办公室领导"

    def days(self) -> int:
        return settings.INFORMATION_REVIEW_DAYS

    def people(self, ctx: ScanContext) -> tuple[int, ...]:
        return _leaders(ctx)


class UrgentSource(DeadlineSource):
    """急事急报 [46]: an urgent item waits hours, not days — for review, then for sending."""

    key = "information.urgent"
    label = "紧急信息报送时限"
    article = "[46]"
    rule_text = "紧急信息急事急报：审核、报送各在2小时内完成"
    item_type = "information.informationitem"
    notify_clerk = False

    @staticmethod
    def hours() -> int:
        return settings.INFORMATION_URGENT_HOURS

    def queryset(self):
        return InformationItem.objects.filter(kind=Kind.URGENT, state__in=[State.REVIEWING, State.APPROVED])

    def horizon(self, ctx: ScanContext) -> datetime:
        return ctx.now + timedelta(hours=self.hours())

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        span = timedelta(hours=self.hours())
        qs = self.queryset().filter(waiting_since__lt=due_before - span)
        if due_from is not None:
            qs = qs.filter(waiting_since__gte=due_from - span)
        qs = qs.order_by("waiting_since", "id").values_list("id", "waiting_since", "state", "title")
        rows = list(qs[:limit]) if limit is not None else list(qs.iterator(chunk_size=CHUNK))
        leaders = _leaders(ctx) if any(r[2] == State.REVIEWING for r in rows) else ()
        staff = _staff(ctx) if rows else ()
        for pk, since, state, title in rows:
            reviewing = state == State.REVIEWING
            yield Deadline(
                item_id=pk,
                due_at=since + span,
                title=f"紧急信息{'待审核' if reviewing else '待报送'}：{title[:60]}",
                url=item_url(pk),
                actor_ids=tuple(dict.fromkeys((*leaders, *staff))) if reviewing else staff,
                who="办公室领导" if reviewing else "政务信息员",
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        span = timedelta(hours=self.hours())
        rows = self.queryset().filter(pk__in=item_ids).values_list("pk", "waiting_since")
        return {pk: since + span for pk, since in rows}


SOURCES = [QuotaSource(), ScreenSource(), ReviewSource(), UrgentSource()]

__all__ = ["SOURCES", "quota", "quota_warning_at"]
