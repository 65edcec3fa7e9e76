"""The time limits of official receptions, as deadline sources of the reminder engine [6]:

- ``reception.approval`` — a request waits at most ``RECEPTION_APPROVAL_DAYS`` (1) working day for its approver
  (the office approver, then the county head above the threshold); the approver is reminded once it is due.
  ``approval_due_at`` is computed (holiday-aware) when it starts waiting.
- ``reception.record`` — the 公务接待清单 is filled within ``RECEPTION_RECORD_DAYS`` (5) working days after the
  visit ends; the handler is warned one working day before and reminded when it is due. ``record_due_at`` is
  computed when the request is approved.
- ``reception.arrival`` — the receiving leader is reminded the day before the visitors arrive (09:00); the due
  moment is the end of the arrival day, and a reception whose arrival day has passed yields nothing, so the
  leader hears of it once and is never told it is "overdue".

Each ``deadlines`` call is one indexed range query (PERFORMANCE.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta

from django.urls import NoReverseMatch, reverse

from deadlines.calendar import at, end_of_day
from deadlines.registry import Deadline, DeadlineSource, EarlyWarning, ScanContext

from .models import Reception, State

CHUNK = 2000
ARRIVAL_WARN_AT = time(9)


def item_url(pk: int) -> str:
    try:
        return reverse("reception:detail", args=[pk])
    except NoReverseMatch:
        return ""


def _rows(qs, limit):
    return list(qs[:limit]) if limit is not None else list(qs.iterator(chunk_size=CHUNK))


class ApprovalSource(DeadlineSource):
    key = "reception.approval"
    label = "接待申请审批期限"
    article = "[6]"
    rule_text = "接待申请及时审批：报批后1个工作日内审批"
    item_type = "reception.reception"
    notify_clerk = False

    def queryset(self):
        return Reception.objects.filter(state__in=[State.SUBMITTED, State.HEAD_REVIEW], approval_due_at__isnull=False)

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = self.queryset().filter(approval_due_at__lt=due_before)
        if due_from is not None:
            qs = qs.filter(approval_due_at__gte=due_from)
        qs = qs.order_by("approval_due_at", "id").values_list("id", "approval_due_at", "title", "waiting_for_id")
        for pk, due_at, title, approver in _rows(qs, limit):
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"接待申请待审批：{title[:60]}",
                url=item_url(pk),
                actor_ids=(approver,) if approver else (),
                who="审批人",
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        return dict(self.queryset().filter(pk__in=item_ids).values_list("pk", "approval_due_at"))


class RecordSource(DeadlineSource):
    key = "reception.record"
    label = "公务接待清单填报期限"
    article = "[6]"
    rule_text = "接待结束后5个工作日内填报公务接待清单"
    item_type = "reception.reception"
    notify_clerk = False

    def queryset(self):
        return Reception.objects.filter(state__in=[State.APPROVED, State.HELD], record_due_at__isnull=False)

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = self.queryset().filter(record_due_at__lt=due_before)
        if due_from is not None:
            qs = qs.filter(record_due_at__gte=due_from)
        qs = qs.order_by("record_due_at", "id").values_list("id", "record_due_at", "title", "handler_id")
        for pk, due_at, title, handler in _rows(qs, limit):
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"公务接待清单待填报：{title[:60]}",
                url=item_url(pk),
                actor_ids=(handler,),
                who="经办人",
                warnings=ctx.one_working_day_before(due_at),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        return dict(self.queryset().filter(pk__in=item_ids).values_list("pk", "record_due_at"))


class ArrivalSource(DeadlineSource):
    key = "reception.arrival"
    label = "接待前一日提醒"
    article = "[6]"
    rule_text = "来访前一日提醒接待领导"
    item_type = "reception.reception"
    notify_clerk = False

    def queryset(self, ctx: ScanContext):
        return Reception.objects.filter(state=State.APPROVED, receiving_leader__isnull=False, arrive_on__gte=ctx.today)

    def horizon(self, ctx: ScanContext) -> datetime:
        # The warning goes the day before; the due moment is the end of the arrival day.
        return end_of_day(ctx.today + timedelta(days=1))

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        last_day = (due_before - timedelta(microseconds=1)).date()
        qs = self.queryset(ctx).filter(arrive_on__lte=last_day)
        if due_from is not None:
            qs = qs.filter(arrive_on__gte=due_from.date())
        qs = qs.order_by("arrive_on", "id").values_list("id", "arrive_on", "title", "receiving_leader_id")
        for pk, arrive_on, title, leader in _rows(qs, limit):
            due_at = end_of_day(arrive_on)
            if due_at >= due_before or (due_from is not None and due_at < due_from):
                continue
            warn = at(arrive_on - timedelta(days=1), ARRIVAL_WARN_AT)
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"明日接待：{title[:60]}（{arrive_on:%m月%d日}到达）",
                url=item_url(pk),
                actor_ids=(leader,),
                who="接待领导",
                warnings=(EarlyWarning(at=warn),) if ctx.warnings_wanted else (),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = self.queryset(ctx).filter(pk__in=item_ids).values_list("pk", "arrive_on")
        return {pk: end_of_day(day) for pk, day in rows}


SOURCES = [ApprovalSource(), RecordSource(), ArrivalSource()]
