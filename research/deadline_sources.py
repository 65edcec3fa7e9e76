"""The time limits of 调研与文字综合 as deadline sources [4], [5]:

- ``research.deadline``: each running task's deadline (完成期限; a speech's date). The team leader / lead drafter
  is reminded ``RESEARCH_WARN_DAYS`` (3 by default) working days before it, at the start of the working day,
  and once when it is due; a research task stops counting once its report is sent, a draft once it is final.
- ``research.review``: a reviewer's turn (审核中) waiting more than two working days reminds that reviewer [5].
The engine records each reminder once, however many scans run.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from deadlines.calendar import at, end_of_day, parse_clock
from deadlines.registry import Deadline, DeadlineSource, EarlyWarning, ScanContext

from .models import DUE_STATES, State, Task

CHUNK = 2000
REVIEW_WORKING_DAYS = 2


def warn_days() -> int:
    return max(1, int(getattr(settings, "RESEARCH_WARN_DAYS", 3)))


@cache
def _url_template() -> tuple[str, str]:
    try:
        head, _, tail = reverse("research:detail", args=[987654321]).partition("987654321")
    except NoReverseMatch:
        return "", ""
    return head, tail


def _url(pk: int) -> str:
    head, tail = _url_template()
    return f"{head}{pk}{tail}" if head else ""


def _start_of_workday():
    return parse_clock(settings.DEADLINES_START_OF_WORKDAY)


def _local_date(moment: datetime):
    return timezone.localtime(moment).date()


class TaskDeadlineSource(DeadlineSource):
    key = "research.deadline"
    label = "调研课题、文稿完成期限"
    article = "[4][5]"
    rule_text = "调研课题和交办文稿按领导要求的期限完成"
    item_type = "research.task"
    notify_clerk = False

    def _open(self):
        return Task.objects.filter(state__in=DUE_STATES)

    def horizon(self, ctx: ScanContext) -> datetime:
        moment = ctx.now
        for _ in range(warn_days()):
            moment = ctx.calendar.working_day_after(moment)
        return end_of_day(_local_date(moment))

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = self._open().filter(due_on__lte=due_before.date())
        if due_from is not None:
            qs = qs.filter(due_on__gte=due_from.date())
        qs = qs.order_by("due_on", "id").values_list("id", "due_on", "title", "kind", "lead_id")
        rows = list(qs[:limit]) if limit is not None else list(qs.iterator(chunk_size=CHUNK))
        days = warn_days()
        for pk, due, title, kind, lead_id in rows:
            due_at = end_of_day(due)
            if due_at >= due_before or (due_from is not None and due_at < due_from):
                continue
            warnings = ()
            if ctx.warnings_wanted:
                moment = at(due, _start_of_workday())
                for _ in range(days):
                    moment = ctx.calendar.working_day_before(moment)
                warnings = (EarlyWarning(at=moment),)
            noun = "调研课题" if kind == "research" else "文稿"
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"{noun}期限：{title[:60]}",
                url=_url(pk),
                actor_ids=(lead_id,),
                warnings=warnings,
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = self._open().filter(pk__in=item_ids).values_list("pk", "due_on")
        return {pk: end_of_day(due) for pk, due in rows}


def review_due(ctx: ScanContext, since: datetime) -> datetime:
    moment = since
    for _ in range(REVIEW_WORKING_DAYS):
        moment = ctx.calendar.working_day_after(moment)
    return moment


class ReviewTurnSource(DeadlineSource):
    key = "research.review"
    label = "文稿审核时限"
    article = "[5]"
    rule_text = "审核人依次审核文稿，轮到审核超过两个工作日即提醒"
    item_type = "research.task"
    notify_clerk = False

    def _open(self):
        return Task.objects.filter(state=State.REVIEWING, reviewer_now__isnull=False, waiting_since__isnull=False)

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        # The due moment is two working days after the turn began: it is later than the start, and no more than
        # a few weeks later whatever the holidays.
        qs = self._open().filter(waiting_since__lt=due_before)
        if due_from is not None:
            qs = qs.filter(waiting_since__gte=due_from - timedelta(days=30))
        qs = qs.order_by("waiting_since", "id").values_list("id", "waiting_since", "title", "reviewer_now_id")
        rows = list(qs[:limit]) if limit is not None else list(qs.iterator(chunk_size=CHUNK))
        for pk, since, title, reviewer_id in rows:
            due_at = review_due(ctx, since)
            if due_at >= due_before or (due_from is not None and due_at < due_from):
                continue
            yield Deadline(
                item_id=pk, due_at=due_at, title=f"文稿待审核：{title[:60]}", url=_url(pk), actor_ids=(reviewer_id,)
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = self._open().filter(pk__in=item_ids).values_list("pk", "waiting_since")
        return {pk: review_due(ctx, since) for pk, since in rows}


SOURCES = [TaskDeadlineSource(), ReviewTurnSource()]
