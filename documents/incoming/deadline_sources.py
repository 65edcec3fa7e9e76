"""The time limits of incoming documents (收文), 第二十六至二十九条, as deadline sources.

Registered with the deadline engine by ``IncomingConfig.ready()``. Each source reads one indexed range (see
the partial indexes on ``IncomingDocument`` and ``Reader``) and yields the documents — or sign-offs — still
waiting, nearest deadline first.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from functools import cache

from django.urls import reverse

from deadlines import registry
from deadlines.registry import Deadline, DeadlineSource, EarlyWarning, ScanContext
from documents.types import SecretLevel

from .models import DEADLINE_STATES, Category, IncomingDocument, Reader, State

CHUNK = 2000
_SECRET_LABELS = dict(SecretLevel.choices)


def _limited(qs, limit: int | None):
    """All rows streamed in chunks, or the first ``limit`` with the LIMIT in SQL (so the planner walks the
    index in order and stops)."""
    return qs[:limit] if limit is not None else qs.iterator(chunk_size=CHUNK)


@cache
def _url_template() -> tuple[str, str]:
    head, _, tail = reverse("incoming:detail", args=[987654321]).partition("987654321")
    return head, tail


def document_url(pk: int) -> str:
    """``reverse("incoming:detail")`` once, not per row: the digest builds a million of these."""
    head, tail = _url_template()
    return f"{head}{pk}{tail}"


def document_title(*, year: int, serial: int | None, title: str, secret_level: int) -> str:
    """What a reminder may say about a document. A classified one gives its number and level only: the
    reminder goes to people who may not be cleared for it, and by e-mail [31], [32]."""
    number = f"{year}-{serial}" if serial else "未登记"
    if secret_level > SecretLevel.NONE:
        return f"{number} 涉密文件（{_SECRET_LABELS.get(secret_level, '涉密')}）"
    return f"{number} {title if len(title) <= 120 else title[:119] + '…'}"


# Rows are read as tuples, not model instances: a scan reads thousands, the digest every overdue one.
_DOCUMENT_COLUMNS = (
    "id",
    "due_at",
    "year",
    "serial",
    "title",
    "secret_level",
    "line_id",
    "holder_id",
    "holder__username",
    "holder__profile__full_name",
    "registered_at",
    "received_at",
)


class _DocumentDeadlineSource(DeadlineSource):
    """传阅件一周、办理件二周 [26(6)7]: the document's own ``due_at``, set when it is distributed."""

    item_type = "incoming.incomingdocument"
    category = ""

    def _open(self):
        # .exclude(state="filed") first so the planner takes the partial index incoming_active_due (PERFORMANCE.md).
        return IncomingDocument.objects.exclude(state=State.FILED).filter(
            state__in=DEADLINE_STATES, category=self.category, due_at__isnull=False
        )

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = self._open().filter(due_at__lt=due_before)
        if due_from is not None:
            qs = qs.filter(due_at__gte=due_from)
        return self._rows(ctx, _limited(qs.order_by("due_at", "id").values_list(*_DOCUMENT_COLUMNS), limit))

    def overdue_groups(self, ctx: ScanContext, *, due_before, nearest):
        """The daily digest [26(4)]: counted by holder and line, each group's most overdue picked in SQL — not
        every overdue document walked in Python (issue 13)."""
        return registry.grouped_overdue(
            self._open().filter(due_at__lt=due_before),
            actor="holder_id",
            line="line_id",
            order_by=["due_at", "id"],
            nearest=nearest,
            build=lambda ranked: self._rows(ctx, ranked.values_list(*_DOCUMENT_COLUMNS)),
            actors=lambda holder_id: (holder_id,) if holder_id else (),
        )

    def _rows(self, ctx: ScanContext, rows) -> Iterator[Deadline]:
        for (
            pk,
            due_at,
            year,
            serial,
            title,
            secret,
            line_id,
            holder_id,
            username,
            name,
            registered,
            received,
        ) in rows:
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=document_title(year=year, serial=serial, title=title, secret_level=secret),
                url=document_url(pk),
                actor_ids=(holder_id,) if holder_id else (),
                who=name or username or "",
                line_id=line_id,
                warnings=self._warnings(ctx, due_at, registered or received),
            )

    def _warnings(self, ctx: ScanContext, due_at: datetime, arrived: datetime) -> tuple[EarlyWarning, ...]:
        return ctx.one_working_day_before(due_at)

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        return dict(self._open().filter(pk__in=item_ids).values_list("pk", "due_at"))


class CirculationSource(_DocumentDeadlineSource):
    key = "incoming.circulation"
    label = "传阅件传阅期限"
    article = "[26(6)7]"
    rule_text = "传阅件一般在一周内传阅完毕"
    category = Category.READ


class HandlingSource(_DocumentDeadlineSource):
    key = "incoming.handling"
    label = "办理件办结期限"
    article = "[26(6)7]"
    rule_text = "办理件一般在二周内办结"
    category = Category.HANDLE


_READER_COLUMNS = (
    "id",
    "due_at",
    "reached_at",
    "reader_id",
    "reader__username",
    "reader__profile__full_name",
    "document_id",
    "document__year",
    "document__serial",
    "document__title",
    "document__secret_level",
    "document__line_id",
)


class ReadingSource(DeadlineSource):
    """文件阅毕后签署姓名和日期，原则上当天阅批 [26(6)5]: the reader whose turn it is, due at the end of the day
    the document reached them (``Reader.due_at``). Each sign-off is an item of its own."""

    key = "incoming.reading"
    label = "阅文人当天阅批"
    article = "[26(6)5]"
    rule_text = "对办公室呈送的阅批文件，阅文人原则上应当天阅批"
    item_type = "incoming.reader"

    def _open(self):
        return Reader.objects.filter(status=Reader.Status.CURRENT, due_at__isnull=False)

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = self._open().filter(due_at__lt=due_before)
        if due_from is not None:
            qs = qs.filter(due_at__gte=due_from)
        return self._rows(ctx, _limited(qs.order_by("due_at", "id").values_list(*_READER_COLUMNS), limit))

    def overdue_groups(self, ctx: ScanContext, *, due_before, nearest):
        """The daily digest [26(4)]: counted by reader and line, each group's most overdue picked in SQL (issue 13)."""
        return registry.grouped_overdue(
            self._open().filter(due_at__lt=due_before),
            actor="reader_id",
            line="document__line_id",
            order_by=["due_at", "id"],
            nearest=nearest,
            build=lambda ranked: self._rows(ctx, ranked.values_list(*_READER_COLUMNS)),
            actors=lambda reader_id: (reader_id,),
        )

    def _rows(self, ctx: ScanContext, rows) -> Iterator[Deadline]:
        for pk, due_at, reached, reader_id, username, name, doc_id, year, serial, title, secret, line_id in rows:
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=document_title(year=year, serial=serial, title=title, secret_level=secret),
                url=document_url(doc_id),
                actor_ids=(reader_id,),
                who=name or username,
                line_id=line_id,
                warnings=ctx.end_of_day_warning(reached, due_at) if reached else (),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        return dict(self._open().filter(pk__in=item_ids).values_list("pk", "due_at"))


class DistributionSource(_DocumentDeadlineSource):
    """当日登记、当日分办: a registered document goes to the 分管文秘副主任 the same day and is distributed the
    day it arrives [26(1)], [28(1)], [28(2)2]. Registration sets ``due_at`` to the end of that day; a
    document still 已登记待分办 then is late. The 分管文秘副主任 (or, for an ordinary 请示件, the clerk) holds it."""

    key = "incoming.distribution"
    label = "收文当日分办"
    article = "[26(1)] [28(1)]"
    rule_text = "收文当日完成登记、分办、呈送"

    def _open(self):
        return IncomingDocument.objects.exclude(state=State.FILED).filter(state=State.REGISTERED, due_at__isnull=False)

    def _warnings(self, ctx: ScanContext, due_at: datetime, arrived: datetime) -> tuple[EarlyWarning, ...]:
        return ctx.end_of_day_warning(arrived, due_at)


# 立卷归档并移交 [33] (30 June, reminders from 1 May) is records': ``documents.records.deadline_sources``
# counts the unfiled of every archive kind as the 档案 page does, and links to it.
SOURCES = (CirculationSource(), HandlingSource(), ReadingSource(), DistributionSource())
