"""The time limits of leave (请销假), 第五十一条、第五十四条, as deadline sources.

- 审批: a request waits for its approver one working day — and, when sent beforehand, no longer than its
  start: 经批准后方可外出 [54]. Due at ``decision_due_at``, set when it is sent.
- 销假: the person reports their return by the end of the first working day after the approved end
  (``return_due_at``, set at approval; cleared while a 续假 carries the chain on, and at 销假).

Each reads one partial index (``leave_pending_due``, ``leave_return_due``). A reminder names the person, the
kind and the dates — never the reason (a sick note's details stay private).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from functools import cache

from django.urls import reverse

from deadlines.registry import Deadline, DeadlineSource, ScanContext

from .models import ACTIVE_STATES, LeaveRequest, State
from .periods import label

CHUNK = 2000


@cache
def _url_template() -> tuple[str, str]:
    head, _, tail = reverse("leave:detail", args=[987654321]).partition("987654321")
    return head, tail


def request_url(pk: int) -> str:
    """``reverse("leave:detail")`` once, not per row."""
    head, tail = _url_template()
    return f"{head}{pk}{tail}"


def _limited(qs, limit):
    return qs[:limit] if limit is not None else qs.iterator(chunk_size=CHUNK)


def _title(name: str, username: str, kind: str, start, start_half, end, end_half) -> str:
    return f"{name or username}的{kind}（{label(start, start_half)}至{label(end, end_half)}）"


_COLUMNS = (
    "id",
    "start_date",
    "start_half",
    "end_date",
    "end_half",
    "kind__name",
    "person_id",
    "person__username",
    "person__profile__full_name",
)


class ApprovalSource(DeadlineSource):
    key = "leave.approval"
    label = "请假审批"
    article = "[54]"
    rule_text = "请(休)假须事前报告，经批准后方可外出；审批人一个工作日内审批"
    item_type = "leave.leaverequest"
    notify_clerk = False  # the approver's own business; the 收发秘书 does not chase leave

    def _open(self):
        return LeaveRequest.objects.filter(state=State.PENDING, decision_due_at__isnull=False)

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = self._open().filter(decision_due_at__lt=due_before)
        if due_from is not None:
            qs = qs.filter(decision_due_at__gte=due_from)
        qs = qs.order_by("decision_due_at", "id").values_list(
            *_COLUMNS,
            "decision_due_at",
            "submitted_at",
            "approver_id",
            "approver__username",
            "approver__profile__full_name",
        )
        for pk, start, sh, end, eh, kind, _pid, username, name, due_at, sent, approver, a_user, a_name in _limited(
            qs, limit
        ):
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=_title(name, username, kind, start, sh, end, eh),
                url=request_url(pk),
                actor_ids=(approver,) if approver else (),
                who=a_name or a_user or "",
                warnings=ctx.end_of_day_warning(sent, due_at) if sent else (),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        return dict(self._open().filter(pk__in=item_ids).values_list("pk", "decision_due_at"))


class ReturnSource(DeadlineSource):
    key = "leave.return"
    label = "按时销假"
    article = "[54]"
    rule_text = "外出人员返回后应及时销假"
    item_type = "leave.leaverequest"
    notify_clerk = True  # the 收发秘书 keeps the 在岗/外出 board and may 销假 on the person's word

    def _open(self):
        return LeaveRequest.objects.filter(state__in=ACTIVE_STATES, return_due_at__isnull=False)

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = self._open().filter(return_due_at__lt=due_before)
        if due_from is not None:
            qs = qs.filter(return_due_at__gte=due_from)
        qs = qs.order_by("return_due_at", "id").values_list(*_COLUMNS, "return_due_at")
        for pk, start, sh, end, eh, kind, person_id, username, name, due_at in _limited(qs, limit):
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=_title(name, username, kind, start, sh, end, eh),
                url=request_url(pk),
                actor_ids=(person_id,),
                who=name or username,
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        return dict(self._open().filter(pk__in=item_ids).values_list("pk", "return_due_at"))


SOURCES = [ApprovalSource(), ReturnSource()]
