"""The time limits of 规范性文件, as deadline sources [13]: the filing (备案) due after publication, a document's
validity running out (评估 whether to renew it), and an interpretation request's answer.

- 报送备案: within ``NORMATIVE_FILING_DAYS`` (30) days of publication (法规规章备案条例 第三条 style rule; the
  deadline is stored on the document as ``filing_due`` when it is published). Warned 3 working days before, and
  once when overdue, to 法制科. Filed: no longer reminded.
- 有效期届满: a published document whose ``valid_until`` is within ``NORMATIVE_EXPIRY_WARN_DAYS`` (90) days is
  warned to 法制科 (评估是否继续有效); past it, it leaves the in-force list on its own (no job) and 法制科 hears
  once that it expired; it stops being listed 30 days after (an expired document is not a debt for ever).
- 解释答复: ``answer_due`` (``NORMATIVE_INTERPRETATION_DAYS``, 20 working days after the request) — warned 3
  working days before, once when overdue.

The engine records each reminder once, however many scans run. Windows and limits are pushed into SQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import cache

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from deadlines.calendar import at, end_of_day, parse_clock
from deadlines.registry import Deadline, DeadlineSource, EarlyWarning, ScanContext

from . import rules
from .models import Interpretation, InterpretationState, NormativeDocument, State

CHUNK = 2000
WARN_WORKING_DAYS = 3
EXPIRED_LISTED_DAYS = 30


def expiry_warn_days() -> int:
    return max(1, int(getattr(settings, "NORMATIVE_EXPIRY_WARN_DAYS", 90)))


@cache
def _url_template(name: str) -> tuple[str, str]:
    try:
        head, _, tail = reverse(name, args=[987654321]).partition("987654321")
    except NoReverseMatch:
        return "", ""
    return head, tail


def _url(pk: int) -> str:
    head, tail = _url_template("normative:document")
    return f"{head}{pk}{tail}" if head else ""


def legal_section_ids(ctx: ScanContext) -> tuple[int, ...]:
    """法制科's active people, read once per scan [13]."""
    from django.contrib.auth import get_user_model

    def compute() -> tuple[int, ...]:
        rows = (
            get_user_model()
            .objects.filter(is_active=True, profile__section__code=rules.LEGAL_SECTION)
            .order_by("profile__sort_order", "id")
            .values_list("id", flat=True)
        )
        return tuple(rows)

    return ctx.once("normative.legal_section", compute)


def _start_of_workday():
    return parse_clock(settings.DEADLINES_START_OF_WORKDAY)


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _working_days_before(ctx: ScanContext, day: date, days: int) -> datetime:
    moment = at(day, _start_of_workday())
    for _ in range(days):
        moment = ctx.calendar.working_day_before(moment)
    return moment


def _working_horizon(ctx: ScanContext, days: int) -> datetime:
    moment = ctx.now
    for _ in range(days):
        moment = ctx.calendar.working_day_after(moment)
    return end_of_day(_local_date(moment))


class FilingSource(DeadlineSource):
    key = "normative.filing"
    label = "规范性文件报送备案期限"
    article = "[13]"
    rule_text = "规范性文件公布后，应当按规定报送备案"
    item_type = "normative.normativedocument"
    notify_clerk = False  # 法制科 files, not the 收发秘书

    def _open(self):
        # The partial index normative_to_file: filed_on is null.
        return NormativeDocument.objects.filter(filed_on__isnull=True, state=State.PUBLISHED, filing_due__isnull=False)

    def horizon(self, ctx: ScanContext) -> datetime:
        return _working_horizon(ctx, WARN_WORKING_DAYS)

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = self._open().filter(filing_due__lte=due_before.date())
        if due_from is not None:
            qs = qs.filter(filing_due__gte=due_from.date())
        qs = qs.order_by("filing_due", "id").values_list("id", "filing_due", "register_number", "title")
        rows = list(qs[:limit]) if limit is not None else list(qs.iterator(chunk_size=CHUNK))
        people = legal_section_ids(ctx) if rows else ()
        for pk, due, number, title in rows:
            due_at = end_of_day(due)
            if due_at >= due_before or (due_from is not None and due_at < due_from):
                continue
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"报送备案：{number} {title[:50]}",
                url=_url(pk),
                actor_ids=people,
                who="法制科",
                warnings=(EarlyWarning(at=_working_days_before(ctx, due, WARN_WORKING_DAYS)),)
                if ctx.warnings_wanted
                else (),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = self._open().filter(pk__in=item_ids).values_list("pk", "filing_due")
        return {pk: end_of_day(due) for pk, due in rows}


class ExpirySource(DeadlineSource):
    key = "normative.expiry"
    label = "规范性文件有效期届满"
    article = "[13]"
    rule_text = "规范性文件有效期届满前，应当评估是否继续施行、修改或废止"
    item_type = "normative.normativedocument"
    notify_clerk = False

    def _open(self, ctx: ScanContext):
        # Published documents; an expired one is listed for 30 days after it expired, then no more.
        return NormativeDocument.objects.filter(
            state=State.PUBLISHED, valid_until__gte=ctx.today - timedelta(days=EXPIRED_LISTED_DAYS)
        )

    def horizon(self, ctx: ScanContext) -> datetime:
        return end_of_day(ctx.today + timedelta(days=expiry_warn_days()))

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = self._open(ctx).filter(valid_until__lte=due_before.date())
        if due_from is not None:
            qs = qs.filter(valid_until__gte=due_from.date())
        qs = qs.order_by("valid_until", "id").values_list("id", "valid_until", "register_number", "title")
        rows = list(qs[:limit]) if limit is not None else list(qs.iterator(chunk_size=CHUNK))
        people = legal_section_ids(ctx) if rows else ()
        days = expiry_warn_days()
        for pk, until, number, title in rows:
            due_at = end_of_day(until)
            if due_at >= due_before or (due_from is not None and due_at < due_from):
                continue
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"有效期届满：{number} {title[:50]}",
                url=_url(pk),
                actor_ids=people,
                who="法制科",
                detail="请评估是否继续施行、修改或废止；届满后自动失效",
                warnings=(EarlyWarning(at=at(until - timedelta(days=days), _start_of_workday())),)
                if ctx.warnings_wanted
                else (),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = self._open(ctx).filter(pk__in=item_ids).values_list("pk", "valid_until")
        return {pk: end_of_day(until) for pk, until in rows}


class InterpretationSource(DeadlineSource):
    key = "normative.interpretation"
    label = "规范性文件解释答复期限"
    article = "[13]"
    rule_text = "办公室负责解释规范性文件"
    item_type = "normative.interpretation"
    notify_clerk = False

    def _open(self):
        # The partial index normative_interp_open.
        return Interpretation.objects.filter(state=InterpretationState.OPEN, answer_due__isnull=False)

    def horizon(self, ctx: ScanContext) -> datetime:
        return _working_horizon(ctx, WARN_WORKING_DAYS)

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = self._open().filter(answer_due__lte=due_before.date())
        if due_from is not None:
            qs = qs.filter(answer_due__gte=due_from.date())
        qs = qs.order_by("answer_due", "id").values_list("id", "answer_due", "asked_by", "document_id")
        rows = list(qs[:limit]) if limit is not None else list(qs.iterator(chunk_size=CHUNK))
        people = legal_section_ids(ctx) if rows else ()
        for pk, due, asked_by, document_id in rows:
            due_at = end_of_day(due)
            if due_at >= due_before or (due_from is not None and due_at < due_from):
                continue
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"答复解释申请：{asked_by[:40]}",
                url=_url(document_id),
                actor_ids=people,
                who="法制科",
                warnings=(EarlyWarning(at=_working_days_before(ctx, due, WARN_WORKING_DAYS)),)
                if ctx.warnings_wanted
                else (),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = self._open().filter(pk__in=item_ids).values_list("pk", "answer_due")
        return {pk: end_of_day(due) for pk, due in rows}


SOURCES = [FilingSource(), ExpirySource(), InterpretationSource()]
