"""政务公开 in 我的待办 [36]: rectifications reported and waiting for the office to check them (the officers);
their unit's findings waiting for a rectification report (a unit's 联络员, a late one first); assessments
scored on every criterion and inspection plans waiting for approval, both an office leader's.

A fixed number of queries whatever the data size: a queue is asked only of the people who can have items in
it, each read is a partial index, and the badge counts every queue in one UNION ALL."""

from __future__ import annotations

from core import workqueue
from deadlines.calendar import end_of_day

from . import rules
from .selectors import to_accept, to_approve, to_confirm, to_report
from .services import ASSESSMENT_FLOW, FINDING_FLOW, INSPECTION_FLOW, today

KIND = "政务公开"


def _queues(user):
    """(queryset, how to make a WorkItem) for each kind of waiting item this person may have."""
    out = []
    if rules.is_officer(user):
        out.append(_to_accept(user))
    if rules.is_office_leader(user):
        out.append(_to_confirm(user))
        out.append(_to_approve(user))
    if rules.is_unit_contact(user):
        out.append(_to_report(user))
    return out


def _to_accept(user):
    qs = to_accept(user).select_related("unit").order_by("reported_at", "id")
    return qs, lambda f: workqueue.WorkItem(
        title=FINDING_FLOW.name(f),
        url=FINDING_FLOW.url(f),
        kind=KIND,
        action="整改验收 [36]",
        received_at=f.reported_at,
    )


def _to_report(user):
    qs = to_report(user).select_related("unit").order_by("due_on", "id")

    def make(finding):
        late = finding.due_on < today()
        return workqueue.WorkItem(
            title=FINDING_FLOW.name(finding),
            url=FINDING_FLOW.url(finding),
            kind=KIND,
            action="整改已逾期，请尽快报送整改情况 [36]" if late else "请按期整改并报送整改情况 [36]",
            due_at=end_of_day(finding.due_on),
            received_at=finding.updated_at,
        )

    return qs, make


def _to_approve(user):
    qs = to_approve(user).order_by("planned_on", "id")
    return qs, lambda i: workqueue.WorkItem(
        title=INSPECTION_FLOW.name(i),
        url=INSPECTION_FLOW.url(i),
        kind=KIND,
        action="批准检查计划 [36]",
        due_at=end_of_day(i.planned_on),
        received_at=i.created_at,
    )


def _to_confirm(user):
    qs = to_confirm(user).select_related("scheme", "unit").order_by("scheme__year", "unit__sort_order", "id")
    return qs, lambda a: workqueue.WorkItem(
        title=ASSESSMENT_FLOW.name(a),
        url=ASSESSMENT_FLOW.url(a),
        kind=KIND,
        action="确认考核结果 [36]",
        received_at=a.updated_at,
    )


class DisclosureWork(workqueue.QueuesProvider):
    key = "disclosure"
    label = "政务公开"
    count_cap = None  # counted exactly, as this chapter always has (the cap came with issue 13 elsewhere)

    def queues(self, user):
        return _queues(user)
