"""政务信息 in 我的待办 [44]–[46]:

- the information staff: 紧急信息 waiting to be sent first (hours, 急事急报), then items to screen, to edit (kept,
  or returned by the reviewer) and to send;
- the office leaders: items waiting for review, 紧急信息 first.

A fixed number of queries whatever the data size: a queue is asked only of people who can have items in it, each
read is the partial index on the waiting states, and the badge counts every queue in one UNION ALL.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from core import workqueue

from . import rules
from .models import InformationItem, Kind, State
from .services import FLOW

COLUMNS = ("id", "title", "kind", "state", "waiting_since", "submitted_at", "unit_id")


def _item(action: str, *, hours: bool = False):
    def make(item):
        due = item.waiting_since + timedelta(hours=settings.INFORMATION_URGENT_HOURS) if hours else None
        return workqueue.WorkItem(
            title=FLOW.name(item),
            url=FLOW.url(item),
            kind="政务信息",
            action=action,
            due_at=due,
            urgent=item.kind == Kind.URGENT,  # 急事急报: on top of the list [46]
            received_at=item.waiting_since,
        )

    return make


def _waiting(state, *, urgent: bool | None = None):
    qs = InformationItem.objects.filter(state=state)
    if urgent is True:
        qs = qs.filter(kind=Kind.URGENT)
    elif urgent is False:
        qs = qs.exclude(kind=Kind.URGENT)
    return qs.only(*COLUMNS).order_by("waiting_since", "id")


def _queues(user):
    out = []
    if rules.is_information_officer(user):
        out += [
            (_waiting(State.APPROVED, urgent=True), _item("紧急信息：立即报送（急事急报）[46]", hours=True)),
            (_waiting(State.SUBMITTED), _item("筛选来稿（采用或不采用）[46]")),
            (_waiting(State.EDITING), _item("编辑并送审 [46]")),
            (_waiting(State.APPROVED, urgent=False), _item("报送省、州或县领导 [44][46]")),
        ]
    if rules.is_office_leader(user) or (user.is_superuser and not out):
        out += [
            (_waiting(State.REVIEWING, urgent=True), _item("紧急信息：立即审核（急事急报）[46]", hours=True)),
            (_waiting(State.REVIEWING, urgent=False), _item("审核信息 [46]")),
        ]
    return out


class InformationWork(workqueue.QueuesProvider):
    key = "information"
    label = "政务信息"

    def queues(self, user):
        return _queues(user)
