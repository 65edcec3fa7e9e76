"""规范性文件 in 我的待办 [13]: for 法制科 — documents registered and waiting to be published, published ones
whose filing (备案) is due, interpretation requests to answer, clean-ups in progress; for the county head and
the executive deputy head — submitted clean-ups and repeal proposals to decide.

A fixed number of queries whatever the data size: a queue is asked only of the people who can have items in
it, each read is an index, and the badge counts every queue in one UNION ALL."""

from __future__ import annotations

from core import workqueue
from deadlines.calendar import end_of_day

from . import rules
from .selectors import cleanups_in_progress, cleanups_to_decide, proposals_to_decide, to_answer, to_file, to_publish
from .services import CLEANUP_FLOW, FLOW, INTERPRETATION_FLOW, PROPOSAL_FLOW, today

KIND = "规范性文件"


def _queues(user):
    """(queryset, how to make a WorkItem) for each kind of waiting item this person may have."""
    out = []
    if rules.is_legal_section(user):
        out += [_to_publish(user), _to_file(user), _to_answer(user), _in_progress(user)]
    if rules.is_decider(user):
        out += [_cleanups_to_decide(user), _proposals_to_decide(user)]
    return out


def _to_publish(user):
    qs = to_publish(user).order_by("created_at", "id")
    return qs, lambda d: workqueue.WorkItem(
        title=FLOW.name(d), url=FLOW.url(d), kind=KIND, action="公布规范性文件 [13]", received_at=d.created_at
    )


def _to_file(user):
    qs = to_file(user).order_by("filing_due", "id")

    def make(d):
        late = d.filing_due is not None and d.filing_due < today()
        return workqueue.WorkItem(
            title=FLOW.name(d),
            url=FLOW.url(d),
            kind=KIND,
            action="报送备案已逾期，请尽快报送 [13]" if late else "报送备案 [13]",
            due_at=end_of_day(d.filing_due) if d.filing_due else None,
            received_at=d.updated_at,
        )

    return qs, make


def _to_answer(user):
    qs = to_answer(user).order_by("answer_due", "id")
    return qs, lambda i: workqueue.WorkItem(
        title=INTERPRETATION_FLOW.name(i),
        url=INTERPRETATION_FLOW.url(i),
        kind=KIND,
        action="答复解释申请 [13]",
        due_at=end_of_day(i.answer_due) if i.answer_due else None,
        received_at=i.created_at,
    )


def _in_progress(user):
    qs = cleanups_in_progress(user).order_by("started_on", "id")
    return qs, lambda c: workqueue.WorkItem(
        title=CLEANUP_FLOW.name(c),
        url=CLEANUP_FLOW.url(c),
        kind=KIND,
        action="填写清理意见并报请决定 [13]",
        received_at=c.created_at,
    )


def _cleanups_to_decide(user):
    qs = cleanups_to_decide(user).order_by("submitted_on", "id")
    return qs, lambda c: workqueue.WorkItem(
        title=CLEANUP_FLOW.name(c),
        url=CLEANUP_FLOW.url(c),
        kind=KIND,
        action="决定清理结果 [13]",
        received_at=c.updated_at,
    )


def _proposals_to_decide(user):
    qs = proposals_to_decide(user).select_related("document").order_by("proposed_on", "id")
    return qs, lambda p: workqueue.WorkItem(
        title=PROPOSAL_FLOW.name(p),
        url=PROPOSAL_FLOW.url(p),
        kind=KIND,
        action="决定是否废止 [13]",
        received_at=p.created_at,
    )


class NormativeWork(workqueue.QueuesProvider):
    key = "normative"
    label = "规范性文件"
    count_cap = None  # counted exactly, as this chapter always has (the cap came with issue 13 elsewhere)

    def queues(self, user):
        return _queues(user)
