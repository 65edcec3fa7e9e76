"""值班 items in 我的待办: handovers to confirm (接班) [41]; swaps to accept (the other person) or to approve (the
office leader who made the roster) [42]; emergency reports waiting for this leader's agreement to report to the
州政府值班室 [43], [8].

A fixed number of queries whatever the data size, and cheap on every page (the 待办 badge): a queue is asked only
of the people who can have items in it, each reads a partial index, and the badge counts them in one UNION ALL."""

from __future__ import annotations

from core import workqueue

from . import conf, rules
from .models import Handover, HandoverState, LeaderNotice, ReportState, Swap, SwapState
from .services import HANDOVER_FLOW, REPORT_FLOW, SWAP_FLOW


def _queues(user):
    if not rules.can_open_duty(user):
        return []
    out = [_handovers(user), _swaps_to_answer(user)]
    if rules.is_office_leader(user):
        out.append(_swaps_to_approve(user))
    if rules.is_leader(user):
        out.append(_reports(user))
    return out


def _handovers(user):
    grace = conf.handover_grace()
    return (
        Handover.objects.filter(state=HandoverState.WRITTEN, incoming_person=user)
        .select_related("shift__kind", "next_shift")
        .order_by("written_at", "id"),
        lambda h: workqueue.WorkItem(
            title=f"{h.shift.day:%m月%d日}{h.shift.kind.name}交班",
            url=HANDOVER_FLOW.url(h),
            kind="值班",
            action="确认接班",
            due_at=(max(h.shift.ends_at, h.next_shift.starts_at) if h.next_shift else h.shift.ends_at) + grace,
            received_at=h.written_at,
        ),
    )


def _swaps_to_answer(user):
    return (
        Swap.objects.filter(state=SwapState.REQUESTED, other_person=user)
        .select_related("shift__kind", "requested_by__profile")
        .order_by("created_at", "id"),
        lambda s: workqueue.WorkItem(
            title=f"{s.shift.day:%m月%d日}{s.shift.kind.name}",
            url=SWAP_FLOW.url(s),
            kind="值班",
            action="答复换班",
            due_at=s.shift.starts_at,
            received_at=s.created_at,
        ),
    )


def _swaps_to_approve(user):
    return (
        Swap.objects.filter(state=SwapState.ACCEPTED, shift__roster__made_by=user)
        .select_related("shift__kind")
        .order_by("created_at", "id"),
        lambda s: workqueue.WorkItem(
            title=f"{s.shift.day:%m月%d日}{s.shift.kind.name}",
            url=SWAP_FLOW.url(s),
            kind="值班",
            action="审批换班",
            due_at=s.shift.starts_at,
            received_at=s.answered_at or s.created_at,
        ),
    )


def _reports(user):
    # Reports told to this leader, still waiting for agreement, that this leader has not agreed to yet.
    return (
        LeaderNotice.objects.filter(leader=user, report__state=ReportState.RECEIVED)
        .exclude(report__agreements__leader=user)
        .select_related("report")
        .order_by("told_at", "id"),
        lambda n: workqueue.WorkItem(
            title=n.report.title,
            url=REPORT_FLOW.url(n.report),
            kind="值班",
            action="阅示突发事件报告",
            urgent=True,
            received_at=n.told_at,
        ),
    )


class DutyWork(workqueue.QueuesProvider):
    key = "duty"
    label = "值班"
    count_cap = None  # counted exactly, as this chapter always has (the cap came with issue 13 elsewhere)

    def queues(self, user):
        return _queues(user)
