"""会议 items in 我的待办: topics waiting for this person's decision [18], [6]; minutes waiting for the chair's
approval [18], [24], [25]; minutes the office has to draft or issue [17]; decisions this person is responsible
for, by their deadline [37], [40].

A fixed number of queries whatever the data size, and few on every page (the 待办 badge): a queue is asked only
of the people who can have items in it (the roles that decide topics, chair, are responsible leaders, organise),
and the badge counts every queue in one UNION ALL."""

from __future__ import annotations

from core import workqueue
from deadlines.calendar import end_of_day
from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, has_role

from . import rules
from .models import DecisionState, Minutes, MinutesState, State
from .selectors import decisions_visible_to, meetings_visible_to, topics_to_decide
from .services import DECISION_FLOW, FLOW, MINUTES_FLOW, TOPIC_FLOW

LEADERS = (*COUNTY_LEADERS, *OFFICE_LEADERS)  # who chairs and who is a decision's responsible leader [37], [38]


def _queues(user):
    """(queryset, how to make a WorkItem) for each kind of waiting item this person may have."""
    out = []
    if has_role(user, *OFFICE_LEADERS):  # topics are decided by the director / the office's leaders [18], [6]
        out.append(_topics(user))
    if has_role(user, *LEADERS):
        out += [_minutes(user), _decisions(user)]
    if rules.is_organiser(user):
        out.append(_to_issue(user))
    return out


def _topics(user):
    return (
        topics_to_decide(user).order_by("created_at", "id"),
        lambda t: workqueue.WorkItem(
            title=t.title,
            url=TOPIC_FLOW.url(t),
            kind="会议",
            action=f"审定议题（{t.get_kind_display()}）",
            received_at=t.created_at,
        ),
    )


def _minutes(user):
    return (
        Minutes.objects.filter(state=MinutesState.PENDING, meeting__chair=user)
        .select_related("meeting")
        .order_by("updated_at", "id"),
        lambda m: workqueue.WorkItem(
            title=FLOW.name(m.meeting),
            url=MINUTES_FLOW.url(m),  # straight to the approval card, on a phone too [18]
            kind="会议",
            action="审定纪要",
            received_at=m.updated_at,
        ),
    )


def _decisions(user):
    return (
        decisions_visible_to(user)
        .filter(leader=user, state__in=[DecisionState.OPEN, DecisionState.TRACKED])
        .select_related("meeting")
        .order_by("due_date", "id"),
        lambda d: workqueue.WorkItem(
            title=DECISION_FLOW.name(d),
            url=DECISION_FLOW.url(d),
            kind="会议",
            action="落实议定事项",
            due_at=end_of_day(d.due_date),
            received_at=d.created_at,
        ),
    )


def _to_issue(user):
    # Held meetings whose minutes are not yet issued: to draft, send to the chair, or issue [17].
    return (
        meetings_visible_to(user)
        .filter(state=State.ENDED)
        .exclude(minutes__state=MinutesState.PENDING)
        .order_by("closed_at", "id"),
        lambda m: workqueue.WorkItem(
            title=FLOW.name(m), url=FLOW.url(m), kind="会议", action="起草、印发纪要", received_at=m.closed_at
        ),
    )


class MeetingWork(workqueue.QueuesProvider):
    key = "meetings"
    label = "会议"
    count_cap = None  # counted exactly, as this chapter always has (the cap came with issue 13 elsewhere)

    def queues(self, user):
        return _queues(user)
