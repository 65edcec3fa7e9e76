"""发文 items in 我的待办: a review or signing step, a draft to send or revise, 复核, the proof to sign, the
打字室's and 收发's steps, and documents distributed to the person to read [30]."""

from __future__ import annotations

from django.urls import reverse

from core import workqueue

from .choices import State, StepKind, StepStatus
from .models import OutgoingDocument, RouteStep
from .selectors import list_rows, unread_documents, waiting_for

ACTIONS = {
    State.DRAFTING: "送审",
    State.CHECKING: "复核",
    State.PROOFING: "校对清样",
    State.NUMBERING: "编号登记",
    State.PRINTING: "缮印",
    State.SEALING: "用印",
    State.DISTRIBUTING: "分发",
}


def _item(doc: OutgoingDocument, action: str, *, at=None) -> workqueue.WorkItem:
    label = doc.doc_number or "发文稿"
    return workqueue.WorkItem(
        title=f"{label} {doc.title}",
        url=reverse("outgoing:detail", args=[doc.pk]),
        kind="发文",
        action=action,
        urgent=doc.is_urgent,
        colour="black" if doc.is_classified else "",
        secret_label=doc.get_secret_level_display() if doc.is_classified else "",
        received_at=at or doc.created_at,
    )


class OutgoingWork(workqueue.Provider):
    key = "documents.outgoing"
    label = "发文"

    def items(self, user, limit):
        docs = list(list_rows(waiting_for(user)).order_by("-urgency", "created_at", "id")[:limit])
        kinds = dict(
            RouteStep.objects.filter(
                assignee=user, status=StepStatus.CURRENT, document_id__in=[d.pk for d in docs]
            ).values_list("document_id", "kind")
        )
        items = []
        for doc in docs:
            if doc.pk in kinds:
                action = StepKind(kinds[doc.pk]).label
            elif doc.state == State.DRAFTING and doc.round > 1:
                action = "退回修改"
            else:
                action = ACTIONS.get(doc.state, "办理")
            items.append(_item(doc, action))
        for doc in list_rows(unread_documents(user)).order_by("-distributed_at", "-id")[:limit]:
            items.append(_item(doc, "阅文", at=doc.distributed_at))
        return sorted(items, key=lambda item: item.sort_key)[:limit]

    def count(self, user):
        return waiting_for(user).count() + unread_documents(user).count()
