"""The time limits of 协调事项, as deadline sources [9]:

- a proposal waiting for the county leader's decision: due ``COORDINATION_DECISION_WARN_DAYS`` (5) working days
  after it was put before them (the office's working calendar, holidays skipped); the leader and the matter's
  牵头领导 are reminded once, a working day before, and once when overdue;
- a matter with a 协调时限 not yet decided: due at the end of that day; the 经办人 and the 牵头领导 are reminded a
  working day before and once when overdue.

The settings are read with defaults (``getattr(settings, …)``), so the app needs no line in settings.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from deadlines.calendar import end_of_day
from deadlines.registry import Deadline, DeadlineSource, ScanContext

from .models import Matter, State

CHUNK = 2000


def decision_days() -> int:
    return max(1, int(getattr(settings, "COORDINATION_DECISION_WARN_DAYS", 5)))


@cache
def _url_template() -> tuple[str, str]:
    try:
        head, _, tail = reverse("coordination:detail", args=[987654321]).partition("987654321")
    except NoReverseMatch:
        return "", ""
    return head, tail


def _url(pk: int) -> str:
    head, tail = _url_template()
    return f"{head}{pk}{tail}" if head else ""


def decision_due(ctx: ScanContext, proposed_at: datetime) -> datetime:
    """``decision_days()`` working days after the proposal came, at the same time of day."""
    moment = proposed_at
    for _ in range(decision_days()):
        moment = ctx.calendar.working_day_after(moment)
    return moment


class DecisionSource(DeadlineSource):
    key = "coordination.decision"
    label = "协调事项处理意见待领导批示"
    article = "[9]"
    rule_text = "对有争议的问题提出处理意见，报县政府领导决策"
    item_type = "coordination.matter"
    notify_clerk = False

    def _open(self):
        return Matter.objects.filter(state=State.PROPOSED, proposed_at__isnull=False)

    def horizon(self, ctx: ScanContext) -> datetime:
        return ctx.calendar.working_day_after(ctx.now)

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        # Due after it was proposed: only proposals made before ``due_before`` can fall in the window; the exact
        # due moment needs the calendar, so the earliest are read and the window applied here.
        qs = self._open().filter(proposed_at__lt=due_before)
        if due_from is not None:
            # Due no later than ``2 * days + 14`` calendar days after proposing (holidays included).
            qs = qs.filter(proposed_at__gte=due_from - timedelta(days=2 * decision_days() + 14))
        qs = qs.order_by("proposed_at", "id").values_list("id", "proposed_at", "title", "leader_id", "lead_id")
        rows = qs.iterator(chunk_size=CHUNK)
        made = 0
        for pk, proposed_at, title, leader_id, lead_id in rows:
            due_at = decision_due(ctx, proposed_at)
            if due_at >= due_before or (due_from is not None and due_at < due_from):
                continue
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"待批示：{title[:60]}",
                url=_url(pk),
                actor_ids=tuple(dict.fromkeys(p for p in (leader_id, lead_id) if p)),
                warnings=ctx.one_working_day_before(due_at),
            )
            made += 1
            if limit is not None and made >= limit:
                return

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = self._open().filter(pk__in=item_ids).values_list("pk", "proposed_at")
        return {pk: decision_due(ctx, at) for pk, at in rows}


class DueDateSource(DeadlineSource):
    key = "coordination.due"
    label = "协调事项协调时限"
    article = "[9]"
    rule_text = "组织协调县政府各部门之间、部门与各乡(镇)之间的工作"
    item_type = "coordination.matter"
    notify_clerk = False

    def _open(self):
        return Matter.objects.filter(state__in=[State.REGISTERED, State.COORDINATING], due_on__isnull=False)

    def horizon(self, ctx: ScanContext) -> datetime:
        return end_of_day(timezone.localtime(ctx.calendar.working_day_after(ctx.now)).date())

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = self._open().filter(due_on__lte=due_before.date())
        if due_from is not None:
            qs = qs.filter(due_on__gte=due_from.date())
        qs = qs.order_by("due_on", "id").values_list("id", "due_on", "title", "handler_id", "lead_id")
        rows = list(qs[:limit]) if limit is not None else list(qs.iterator(chunk_size=CHUNK))
        for pk, due_on, title, handler_id, lead_id in rows:
            due_at = end_of_day(due_on)
            if due_at >= due_before or (due_from is not None and due_at < due_from):
                continue
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"协调时限：{title[:60]}",
                url=_url(pk),
                actor_ids=tuple(dict.fromkeys((handler_id, lead_id))),
                warnings=ctx.one_working_day_before(due_at),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = self._open().filter(pk__in=item_ids).values_list("pk", "due_on")
        return {pk: end_of_day(day) for pk, day in rows}


SOURCES = [DecisionSource(), DueDateSource()]
