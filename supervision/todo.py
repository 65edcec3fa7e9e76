"""督查 items in 我的待办: major items waiting for the 分管副县长's approval [39]; extension requests waiting for
the 首办责任人 (or the 分管副县长 for a major item) [38], [39]; items waiting for the 首办责任人 to close [38];
late items the 经办人 must chase for the reason and progress [40].

A fixed number of queries whatever the data size, few on every page (the badge): a queue is asked only of the
people who can have items in it, each read is a partial index, and the badge counts every queue in one
UNION ALL."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q

from core import workqueue
from deadlines.calendar import end_of_day
from org.roles import OFFICE_LEADERS, Role, has_role

from . import rules
from .models import State
from .selectors import items_visible_to, pending_extensions
from .services import FLOW, today

DEPUTIES = (Role.DEPUTY_HEAD, Role.EXECUTIVE_DEPUTY_HEAD)
UNIT_SOON = timedelta(days=7)  # as the unit contact's page (supervision:unit) counts "waiting for a report"


def _queues(user):
    """(queryset, how to make a WorkItem) for each kind of waiting item this person may have."""
    out = []
    if has_role(user, *DEPUTIES):
        out += [_to_approve(user), _extensions(user)]
    if has_role(user, *OFFICE_LEADERS):
        out += [_to_close(user)]
        if not has_role(user, *DEPUTIES):
            out.append(_extensions(user))
    if rules.is_supervisor(user):
        out.append(_late(user))
    if rules.is_unit_contact(user):
        out.append(_unit_due(user))
    return out


def _item(action: str, due=lambda i: end_of_day(i.deadline) if i.deadline else None):
    return lambda i: workqueue.WorkItem(
        title=FLOW.name(i), url=FLOW.url(i), kind="督查", action=action, due_at=due(i), received_at=i.updated_at
    )


def _to_approve(user):
    qs = items_visible_to(user).filter(state=State.PENDING_APPROVAL, deputy_head=user).order_by("id")
    return qs, _item("批准立项 [39]")


def _to_close(user):
    qs = items_visible_to(user).filter(state=State.PENDING_CLOSE, first_responsible=user).order_by("id")
    return qs, _item("审核办结 [38]")


def _late(user):
    qs = (
        items_visible_to(user)
        .filter(handler=user, state__in=[State.TRACKING, State.PENDING_CLOSE], deadline__lt=today())
        .exclude(state__in=[State.DONE, State.CANCELLED])
        .order_by("deadline", "id")
    )
    return qs, _item("逾期催办：请责任单位说明原因和进展 [40]")


def _unit_due(user):
    """A unit's 联络员: their unit's tracked items that are late or whose deadline or next reporting date falls
    within a week — each waits for the unit's report (a late one for its reason and progress first) [40]."""
    soon = today() + UNIT_SOON
    qs = (
        items_visible_to(user)
        .filter(state__in=[State.TRACKING, State.PENDING_CLOSE])
        .filter(Q(deadline__lte=soon) | Q(next_report_on__lte=soon))
        .order_by("deadline", "id")
    )

    def make(item):
        late = item.deadline is not None and item.deadline < today()
        action = "已逾期：请报送未完成原因和进展 [40]" if late else "请按时报送办理情况 [40]"
        dates = [d for d in (item.next_report_on, item.deadline) if d is not None]
        due = end_of_day(min(dates)) if dates else None
        return workqueue.WorkItem(
            title=FLOW.name(item),
            url=FLOW.url(item),
            kind="督查",
            action=action,
            due_at=due,
            received_at=item.updated_at,
        )

    return qs, make


def _extensions(user):
    visible = items_visible_to(user).values("pk")
    qs = pending_extensions(user).filter(item__in=visible).select_related("item").order_by("requested_at", "id")
    return qs, lambda e: workqueue.WorkItem(
        title=FLOW.name(e.item),
        url=FLOW.url(e.item),
        kind="督查",
        action=f"审批延期申请（延至{e.new_deadline:%m月%d日}）",
        due_at=end_of_day(e.item.deadline) if e.item.deadline else None,
        received_at=e.requested_at,
    )


class SupervisionWork(workqueue.QueuesProvider):
    key = "supervision"
    label = "督查"
    count_cap = None  # counted exactly, as this chapter always has (the cap came with issue 13 elsewhere)

    def queues(self, user):
        return _queues(user)
