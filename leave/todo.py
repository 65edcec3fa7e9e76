"""请销假 items in 我的待办: requests waiting for this approver's decision, one's own drafts not yet sent, and
one's own absences whose end has come and that wait for 销假 [51], [54]."""

from __future__ import annotations

from core import workqueue

from .models import State
from .selectors import waiting_for
from .services import FLOW


def _item(req, user) -> workqueue.WorkItem:
    if req.state == State.PENDING and req.approver_id == user.pk:
        return workqueue.WorkItem(
            title=FLOW.name(req) + ("（事后补办）" if req.retroactive else ""),
            url=FLOW.url(req),
            kind="请销假",
            action="审批续假" if req.extends_id else "审批",
            due_at=req.decision_due_at,
            received_at=req.submitted_at,
        )
    if req.state == State.DRAFT:
        return workqueue.WorkItem(
            title=f"{req.kind.name}（{req.period_label}）草稿",
            url=FLOW.url(req),
            kind="请销假",
            action="报告审批",
            received_at=req.created_at,
        )
    return workqueue.WorkItem(
        title=f"{req.kind.name}（{req.period_label}）",
        url=FLOW.url(req),
        kind="请销假",
        action="销假",
        due_at=req.return_due_at,
        received_at=req.decided_at,
    )


class LeaveWork(workqueue.Provider):
    """One query for the items and one for the badge, whatever the person waits for (``waiting_for``)."""

    key = "leave"
    label = "请销假"

    def items(self, user, limit):
        return sorted((_item(req, user) for req in waiting_for(user)[:limit]), key=lambda item: item.sort_key)

    def count(self, user):
        return waiting_for(user).order_by().count()
