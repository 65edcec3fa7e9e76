"""The time limits of 行政复议与应诉, as deadline sources [13].

- ``legal.reply``: a case's reply (行政复议答复, 行政复议法 第四十八条) or defence (行政诉讼答辩, 行政诉讼法 第六十七条)
  still owed is reminded ``LEGAL_CASE_WARN_DAYS`` (3 by default) working days before its deadline, at the start
  of the working day, and once at the deadline — to the case's handler and 法制科's chief. The engine records
  each reminder once, however many scans run.
- ``legal.hearing``: a hearing date entered by hand is reminded to the handler one working day before.

Reminders name the case by its kind and number, never the private party (``CASE_FLOW.name``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from functools import cache

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from deadlines.calendar import at, end_of_day, parse_clock
from deadlines.registry import Deadline, DeadlineSource, EarlyWarning, ScanContext

from .models import OPEN_STATES, Case, CaseKind, CaseState

CHUNK = 2000
LEGAL_SECTION = "legal"


def warn_days() -> int:
    return max(1, int(getattr(settings, "LEGAL_CASE_WARN_DAYS", 3)))


@cache
def _url_template() -> tuple[str, str]:
    try:
        head, _, tail = reverse("legal:case", args=[987654321]).partition("987654321")
    except NoReverseMatch:
        return "", ""
    return head, tail


def _url(pk: int) -> str:
    head, tail = _url_template()
    return f"{head}{pk}{tail}" if head else ""


def chief_ids() -> list[int]:
    """法制科's chief(s): active people of the LEGAL section holding 科长."""
    from django.contrib.auth import get_user_model

    from org.roles import Role

    return list(
        get_user_model()
        .objects.filter(is_active=True, profile__section__code=LEGAL_SECTION, groups__name=Role.SECTION_CHIEF.value)
        .order_by("id")
        .values_list("id", flat=True)
    )


def _start_of_workday():
    return parse_clock(settings.DEADLINES_START_OF_WORKDAY)


def _before(ctx: ScanContext, day, days: int) -> datetime:
    moment = at(day, _start_of_workday())
    for _ in range(days):
        moment = ctx.calendar.working_day_before(moment)
    return moment


def _horizon(ctx: ScanContext, days: int) -> datetime:
    moment = ctx.now
    for _ in range(days):
        moment = ctx.calendar.working_day_after(moment)
    return end_of_day(timezone.localtime(moment).date())


def _name(kind: str, number: str) -> str:
    return f"{'行政复议' if kind == CaseKind.RECONSIDERATION else '行政诉讼'}案件 {number}"


class ReplySource(DeadlineSource):
    key = "legal.reply"
    label = "行政复议答复、行政诉讼答辩期限"
    article = "[13]"
    rule_text = (
        "行政复议答复自收到申请书副本之日起十日内提出（行政复议法第四十八条），"
        "行政诉讼答辩自收到起诉状副本之日起十五日内提交（行政诉讼法第六十七条）"
    )
    item_type = "legal.case"
    notify_clerk = False  # 法制科 chases its own cases, not the 收发秘书

    def _open(self):
        return Case.objects.filter(state__in=OPEN_STATES)

    def horizon(self, ctx: ScanContext) -> datetime:
        return _horizon(ctx, warn_days())

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = self._open().filter(reply_due_on__lte=due_before.date())
        if due_from is not None:
            qs = qs.filter(reply_due_on__gte=due_from.date())
        qs = qs.order_by("reply_due_on", "id").values_list("id", "reply_due_on", "kind", "number", "handler_id")
        rows = list(qs[:limit]) if limit is not None else list(qs.iterator(chunk_size=CHUNK))
        chiefs = ctx.once("legal.chiefs", chief_ids) if rows else []
        days = warn_days()
        for pk, due, kind, number, handler_id in rows:
            due_at = end_of_day(due)
            if due_at >= due_before or (due_from is not None and due_at < due_from):
                continue
            word = "答复" if kind == CaseKind.RECONSIDERATION else "答辩"
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"{word}期限：{_name(kind, number)}",
                url=_url(pk),
                actor_ids=tuple(dict.fromkeys((handler_id, *chiefs))),
                warnings=(EarlyWarning(at=_before(ctx, due, days)),) if ctx.warnings_wanted else (),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = self._open().filter(pk__in=item_ids).values_list("pk", "reply_due_on")
        return {pk: end_of_day(due) for pk, due in rows}


HEARING_STATES = (CaseState.RECEIVED, CaseState.REPLYING, CaseState.REPLIED)


class HearingSource(DeadlineSource):
    key = "legal.hearing"
    label = "行政复议听证、行政诉讼开庭日期"
    article = "[13]"
    rule_text = "按时参加行政复议听证、行政诉讼开庭（行政机关负责人出庭应诉）"
    item_type = "legal.case"
    notify_clerk = False

    def _open(self):
        return Case.objects.filter(state__in=HEARING_STATES, hearing_on__isnull=False)

    def horizon(self, ctx: ScanContext) -> datetime:
        return _horizon(ctx, 1)

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = self._open().filter(hearing_on__lte=due_before.date())
        if due_from is not None:
            qs = qs.filter(hearing_on__gte=due_from.date())
        qs = qs.order_by("hearing_on", "id").values_list("id", "hearing_on", "kind", "number", "handler_id")
        rows = list(qs[:limit]) if limit is not None else list(qs.iterator(chunk_size=CHUNK))
        for pk, day, kind, number, handler_id in rows:
            due_at = end_of_day(day)
            if due_at >= due_before or (due_from is not None and due_at < due_from):
                continue
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"开庭/听证：{_name(kind, number)}",
                url=_url(pk),
                actor_ids=(handler_id,),
                warnings=(EarlyWarning(at=_before(ctx, day, 1)),) if ctx.warnings_wanted else (),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = self._open().filter(pk__in=item_ids).values_list("pk", "hearing_on")
        return {pk: end_of_day(day) for pk, day in rows}


SOURCES = [ReplySource(), HearingSource()]
