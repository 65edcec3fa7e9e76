"""请销假 items in 我的待办: requests waiting for this approver's decision, one's own drafts not yet sent, and
one's own absences whose end has come and that wait for 销假 [51], [54]."""

from __future__ import annotations

from core import workqueue

from .selectors import awaiting_decision, drafts_of, to_report_return
from .services import FLOW


def _url(req) -> str:
    return FLOW.url(req)


class LeaveWork(workqueue.Provider):
    key = "leave"
    label = "请销假"

    def items(self, user, limit):
        items = [
            workqueue.WorkItem(
                title=FLOW.name(req) + ("（事后补办）" if req.retroactive else ""),
                url=_url(req),
                kind="请销假",
                action="审批续假" if req.extends_id else "审批",
                due_at=req.decision_due_at,
                received_at=req.submitted_at,
            )
            for req in awaiting_decision(user)[:limit]
        ]
        items += [
            workqueue.WorkItem(
                title=f"{req.kind.name}（{req.period_label}）",
                url=_url(req),
                kind="请销假",
                action="销假",
                due_at=req.return_due_at,
                received_at=req.decided_at,
            )
            for req in to_report_return(user)[:limit]
        ]
        items += [
            workqueue.WorkItem(
                title=f"{req.kind.name}（{req.period_label}）草稿",
                url=_url(req),
                kind="请销假",
                action="报告审批",
                received_at=req.created_at,
            )
            for req in drafts_of(user)[:limit]
        ]
        return sorted(items, key=lambda item: item.sort_key)[:limit]

    def count(self, user):
        return awaiting_decision(user).count() + to_report_return(user).count() + drafts_of(user).count()
