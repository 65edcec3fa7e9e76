"""调研与文字综合 in 我的待办 [4], [5]: the team leader's / lead drafter's running tasks (with the deadline), the
reviewer whose turn it is, and the asking leader's 批示 or 审定. A fixed number of queries whatever the data
size; the badge counts every queue in one UNION ALL."""

from __future__ import annotations

from core import workqueue
from deadlines.calendar import end_of_day

from . import rules
from .models import State
from .selectors import to_decide, to_review, to_work
from .services import FLOW

KIND = "调研与文字综合"

ACTIONS = {
    State.ASSIGNED: "开展调研 [4]",
    State.RESEARCHING: "完成调研并报送报告 [4]",
    State.INSTRUCTED: "落实批示并结题 [4]",
    State.COMMISSIONED: "起草文稿 [5]",
    State.DRAFTING: "修改完善并送审 [5]",
    State.REPORTED: "批示调研报告 [4]",
    State.APPROVING: "审定文稿 [5]",
}


def _item(task, action, *, due=True):
    return workqueue.WorkItem(
        title=task.title,
        url=FLOW.url(task),
        kind=KIND,
        action=action,
        due_at=end_of_day(task.due_on) if due else None,
        received_at=task.waiting_since or task.created_at,
    )


def _queues(user):
    # Only the queues this person can have (their roles are cached): every query here runs on each landing page.
    if not rules.can_open_research(user):
        return []
    queues = []
    if not rules.is_county_leader(user):  # teams, drafters and reviewers are office staff [4], [5]
        queues += [
            (
                to_work(user).order_by("due_on", "id"),
                lambda t: _item(t, ACTIONS.get(t.state, ""), due=t.state != State.INSTRUCTED),
            ),
            (to_review(user).order_by("waiting_since", "id"), lambda t: _item(t, "审核文稿 [5]")),
        ]
    if rules.may_ask(user):  # the asking leader's 批示 and 审定 [4], [5]
        queues.append((to_decide(user).order_by("due_on", "id"), lambda t: _item(t, ACTIONS.get(t.state, ""))))
    return queues


class ResearchWork(workqueue.QueuesProvider):
    key = "research"
    label = "调研与文字综合"
    count_cap = None  # counted exactly, as this chapter always has (the cap came with issue 13 elsewhere)

    def queues(self, user):
        return _queues(user)
