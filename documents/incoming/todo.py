"""收文 items in 我的待办: what each person holds now, and 退文 waiting for an office leader's decision."""

from __future__ import annotations

from core import workqueue
from core.pagination import capped_counts

from . import rules
from .models import IncomingDocument, ReturnProposal, State
from .selectors import incoming_visible_to, list_rows, waiting_for, with_reading_due

ACTIONS = {
    State.REGISTERED: "分办",
    State.CIRCULATING: "阅批",
    State.HANDLING: "承办",
    State.DONE: "收回原件",
}


def _item(doc: IncomingDocument, action: str) -> workqueue.WorkItem:
    # A reader's own deadline is the same day [26(6)5], not the document's week or two [26(6)7].
    reading_due_at = getattr(doc, "reading_due_at", None)
    return workqueue.WorkItem(
        title=f"{doc.serial_label} {doc.title}",
        url=f"/incoming/{doc.pk}/",
        kind="收文",
        action="当天阅批" if reading_due_at else action,
        due_at=reading_due_at or (doc.due_at if doc.deadline_runs else None),
        urgent=doc.is_urgent,
        colour=doc.colour,
        secret_label=doc.get_secret_level_display() if doc.secret_level else "",
        received_at=doc.received_at,
    )


class IncomingWork(workqueue.Provider):
    key = "documents.incoming"
    label = "收文"

    def _returns(self, user):
        if not rules.is_office_leader(user):
            return ReturnProposal.objects.none()
        return ReturnProposal.objects.filter(
            decision=ReturnProposal.Decision.PENDING, document__in=incoming_visible_to(user)
        )

    def items(self, user, limit):
        docs = with_reading_due(list_rows(waiting_for(user)), user).order_by("-urgency", "due_at", "received_at")[
            :limit
        ]
        items = [_item(doc, ACTIONS.get(doc.state, "办理")) for doc in docs]
        for proposal in self._returns(user).select_related("document__source_unit")[:limit]:
            items.append(_item(proposal.document, "审批退文"))
        return sorted(items, key=lambda item: item.sort_key)

    def count(self, user):
        # Counted to the badge's cap, in one query: a county leader holds some 18,000 documents at 1M and an exact
        # count read them all whenever a write dropped the cached badge (issue 13).
        return sum(capped_counts([waiting_for(user), self._returns(user)], workqueue.CAP))
