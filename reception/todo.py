"""公务接待 in 我的待办 [6]:

- the approver (the office approver, or the county head above the threshold): requests waiting for their approval;
- the handler (the 综合科 member who registered it): returned requests to correct, approved ones to mark held,
  held ones whose 公务接待清单 is due;
- the receiving leader: approved receptions not yet arrived.

A fixed number of queries whatever the data size: each queue is one indexed read, asked only of people who can
have items in it.
"""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone

from core import workqueue

from . import rules
from .models import Reception, State
from .services import FLOW

COLUMNS = ("id", "title", "kind", "state", "approval_due_at", "record_due_at", "registered_at", "arrive_on")


def _make(action: str, due: str | None = None):
    def make(obj):
        due_at = getattr(obj, due) if due else None
        if due == "arrive_on":
            due_at = timezone.make_aware(datetime.combine(obj.arrive_on, time(9)))
        return workqueue.WorkItem(
            title=FLOW.name(obj),
            url=FLOW.url(obj),
            kind="公务接待",
            action=action,
            due_at=due_at,
            received_at=obj.registered_at,
        )

    return make


def _queues(user):
    if not rules.can_open_reception(user):
        return []
    base = Reception.objects.only(*COLUMNS)
    out = [
        (
            base.filter(state__in=[State.SUBMITTED, State.HEAD_REVIEW], waiting_for_id=user.pk).order_by(
                "approval_due_at", "id"
            ),
            _make("审批接待申请 [6]", "approval_due_at"),
        )
    ]
    if rules.is_handler(user):
        mine = base.filter(handler_id=user.pk)
        out += [
            (mine.filter(state=State.RETURNED).order_by("registered_at", "id"), _make("修改后重新报批 [6]")),
            (
                mine.filter(state=State.APPROVED, arrive_on__lte=timezone.localdate()).order_by("record_due_at", "id"),
                _make("登记接待完成 [6]", "record_due_at"),
            ),
            (
                mine.filter(state=State.HELD).order_by("record_due_at", "id"),
                _make("填报公务接待清单 [6]", "record_due_at"),
            ),
        ]
    if rules.is_county_leader(user) or rules.is_office_leader(user):
        out.append(
            (
                base.filter(
                    state=State.APPROVED, receiving_leader_id=user.pk, arrive_on__gte=timezone.localdate()
                ).order_by("arrive_on", "id"),
                _make("出席接待 [6]", "arrive_on"),
            )
        )
    return out


class ReceptionWork(workqueue.QueuesProvider):
    key = "reception"
    label = "公务接待"

    def queues(self, user):
        return _queues(user)
