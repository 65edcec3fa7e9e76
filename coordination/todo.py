"""协调事项 in 我的待办 [9]:

- the 经办人: matters registered or sent back to coordinate and propose (协调并提出处理意见), and decided matters to
  carry out and close (落实批示并办结);
- the county leader a proposal was put before: proposals to decide (批示), due ``COORDINATION_DECISION_WARN_DAYS``
  working days after they came; the 县长 also sees proposals put before him.

A fixed number of queries whatever the data size; the badge counts every queue in one UNION ALL.
"""

from __future__ import annotations

from core import workqueue
from deadlines.calendar import end_of_day

from . import rules
from .models import Matter, State
from .services import FLOW

COLUMNS = ("id", "title", "state", "created_at", "proposed_at", "due_on", "decided_at", "year", "serial")


def _item(action: str, *, since: str):
    def make(matter):
        return workqueue.WorkItem(
            title=FLOW.name(matter),
            url=FLOW.url(matter),
            kind="协调事项",
            action=action,
            due_at=end_of_day(matter.due_on) if matter.due_on and matter.state != State.PROPOSED else None,
            urgent=False,
            received_at=getattr(matter, since) or matter.created_at,
        )

    return make


def _queues(user):
    out = []
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return out
    if rules.is_office_handler(user) and not rules.is_county_leader(user):
        mine = Matter.objects.filter(handler_id=user.pk).only(*COLUMNS)
        out += [
            (
                mine.filter(state__in=[State.REGISTERED, State.COORDINATING]).order_by("created_at", "id"),
                _item("组织协调并提出处理意见 [9]", since="created_at"),
            ),
            (
                mine.filter(state=State.DECIDED).order_by("decided_at", "id"),
                _item("落实领导批示并办结 [9]", since="decided_at"),
            ),
        ]
    if rules.is_county_leader(user):
        out.append(
            (
                Matter.objects.filter(state=State.PROPOSED, leader_id=user.pk)
                .only(*COLUMNS)
                .order_by("proposed_at", "id"),
                _item("对协调事项的处理意见作出批示 [9]", since="proposed_at"),
            )
        )
    return out


class CoordinationWork(workqueue.QueuesProvider):
    key = "coordination"
    label = "协调事项"

    def queues(self, user):
        return _queues(user)
