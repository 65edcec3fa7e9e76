"""The leave state machine as ``core.lifecycle`` reads it: the page, the docs and each request's path.

外出中 is entered by a transition when the approved start arrives: the schedule's ``leave.start_due`` task
(every 15 minutes), or on the way when the request is approved after its start or 销假 is reported first.
The board and routing do not wait for it: they read the approved dates and ``org.Absence``.
"""

from __future__ import annotations

from core.lifecycle import Entry, Lifecycle, register

from .models import LeaveRequest, State

LIFECYCLE = register(
    Lifecycle(
        key="leave",
        title="请销假流程",
        articles="第五十一、五十四条",
        model=LeaveRequest,
        # Creation is a service, not a transition: the person fills in the form, or asks for 续假.
        entries=(
            Entry(State.DRAFT, "leave_create", "填写请假单", "[54]"),
            Entry(State.PENDING, "leave_extend", "续假", "[54]"),
        ),
        main_path=(State.DRAFT, State.PENDING, State.APPROVED, State.AWAY, State.RETURNED),
        start_label="（本人报告）",
        source_file="leave/models.py",
    )
)
transitions = LIFECYCLE.transitions
mermaid = LIFECYCLE.mermaid


def steps_for(req: LeaveRequest) -> list[dict]:
    return LIFECYCLE.steps_for(req)
