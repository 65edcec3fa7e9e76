"""行政复议与应诉 in 我的待办 [13]: the handler's cases — a reply or defence still owed (the late one first, with its
deadline), or replied and waiting for the hearing and the outcome. One query for the items, one for the count."""

from __future__ import annotations

from core import workqueue
from deadlines.calendar import end_of_day

from . import rules
from .models import OPEN_STATES
from .selectors import to_handle
from .services import CASE_FLOW, today

KIND = "行政复议应诉"


def _make(case):
    if case.state in OPEN_STATES:
        late = case.reply_due_on < today()
        word = case.reply_word
        action = f"{word}已逾期，请尽快提交 [13]" if late else f"请按期提交{word}和证据 [13]"
        due_at = end_of_day(case.reply_due_on)
    else:
        action = "跟进审理并登记结果 [13]"
        due_at = end_of_day(case.hearing_on) if case.hearing_on else None
    return workqueue.WorkItem(
        title=CASE_FLOW.name(case),
        url=CASE_FLOW.url(case),
        kind=KIND,
        action=action,
        due_at=due_at,
        received_at=case.created_at,
    )


class LegalWork(workqueue.Provider):
    key = "legal"
    label = "行政复议应诉"

    def items(self, user, limit):
        if not rules.is_legal_section(user):
            return []
        rows = to_handle(user).order_by("reply_due_on", "id")[:limit]
        return sorted((_make(c) for c in rows), key=lambda item: item.sort_key)[:limit]

    def count(self, user):
        if not rules.is_legal_section(user):
            return 0
        return to_handle(user).count()
