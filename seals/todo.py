"""印信 in 我的待办 [7]:
- the office director and deputy directors: 用印申请 waiting for a decision (not their own);
- the office director: 刻制印章申请 waiting for a decision;
- the clerk (收发秘书): approved requests to stamp (until they lapse), approved applications to have made, made
  seals to hand over;
- a unit's 联络员 (and whoever entered it): applications returned for correction (退回补正).

A fixed number of queries whatever the data size: a queue is asked only of the people who can have items in
it, each read is a partial index, and the badge counts every queue in one UNION ALL."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from core import workqueue
from deadlines.calendar import WorkCalendar, end_of_day

from . import rules
from .deadline_sources import DECISION_WORKING_DAYS
from .models import ApplicationState
from .selectors import (
    applications_to_make,
    applications_visible_to,
    applications_waiting,
    requests_to_stamp,
    requests_waiting,
)
from .services import APPLICATION_FLOW, REQUEST_FLOW, expires_days, expires_on, today

KIND = "印信"


def _not_lapsed_since() -> datetime:
    """An approved request decided on or after this moment has not lapsed yet [7]."""
    first_day = today() - timedelta(days=expires_days())
    return timezone.make_aware(datetime.combine(first_day, time.min))


def _queues(user):
    out = []
    if rules.can_decide_request(user):
        out.append(_requests_to_decide(user))
    if rules.can_decide_application(user):
        out.append(_applications_to_decide(user))
    if rules.can_keep_seals(user):
        out.append(_requests_to_stamp(user))
        out.append(_applications_to_make(user))
    if rules.can_apply_for_unit(user):
        out.append(_applications_returned(user))
    return out


def _requests_to_decide(user):
    qs = requests_waiting(user)
    return qs, lambda r: workqueue.WorkItem(
        title=REQUEST_FLOW.name(r),
        url=REQUEST_FLOW.url(r),
        kind=KIND,
        action="审批用印申请 [7]",
        received_at=r.submitted_at,
    )


def _applications_to_decide(user):
    """Due five working days after it came in (``seals.application_decision``); the office calendar is read once,
    and only when something waits."""
    qs = applications_waiting(user)
    calendar = []

    def make(a):
        if not calendar:
            calendar.append(WorkCalendar.load())
        due = a.submitted_at
        for _ in range(DECISION_WORKING_DAYS):
            due = calendar[0].working_day_after(due)
        return workqueue.WorkItem(
            title=APPLICATION_FLOW.name(a),
            url=APPLICATION_FLOW.url(a),
            kind=KIND,
            action="审批刻制印章申请 [7]",
            due_at=due,
            received_at=a.submitted_at,
        )

    return qs, make


def _requests_to_stamp(user):
    qs = requests_to_stamp(user).filter(decided_at__gte=_not_lapsed_since())

    def make(r):
        last = expires_on(r)
        return workqueue.WorkItem(
            title=REQUEST_FLOW.name(r),
            url=REQUEST_FLOW.url(r),
            kind=KIND,
            action=f"已批准，待用印（{r.seal.name}，{r.copies}份）[7]",
            due_at=end_of_day(last) if last else None,
            received_at=r.decided_at,
        )

    return qs, make


def _applications_to_make(user):
    qs = applications_to_make(user)

    def make(a):
        action = "印章已刻制，待交接 [7]" if a.state == ApplicationState.MADE else "已批准，待刻制 [7]"
        return workqueue.WorkItem(
            title=APPLICATION_FLOW.name(a),
            url=APPLICATION_FLOW.url(a),
            kind=KIND,
            action=action,
            received_at=a.decided_at,
        )

    return qs, make


def _applications_returned(user):
    """Returned for correction: the unit's contact sees their unit's, the clerk the ones they entered [7]."""
    mine = Q(applicant_id=user.pk)
    unit_id = rules.contact_unit_id(user)
    if unit_id is not None:
        mine |= Q(unit_id=unit_id)
    qs = (
        applications_visible_to(user)
        .filter(mine, state=ApplicationState.RETURNED)
        .select_related("unit")
        .order_by("decided_at", "id")
    )
    return qs, lambda a: workqueue.WorkItem(
        title=APPLICATION_FLOW.name(a),
        url=APPLICATION_FLOW.url(a),
        kind=KIND,
        action="刻制印章申请被退回，请补正后重新提交 [7]",
        received_at=a.decided_at,
    )


class SealsWork(workqueue.QueuesProvider):
    key = "seals"
    label = "印信"
    count_cap = None  # counted exactly, as this chapter always has (the cap came with issue 13 elsewhere)

    def queues(self, user):
        return _queues(user)
