"""The reception's state machine as ``core.lifecycle`` reads it: its page and ``docs/reception-lifecycle.md``
(``manage.py lifecycle reception``)."""

from __future__ import annotations

from core.lifecycle import Entry, Lifecycle, register

from .models import Reception, State

LIFECYCLE = register(
    Lifecycle(
        key="reception",
        title="公务接待与重大活动办理流程",
        articles="第六条",
        model=Reception,
        entries=(Entry(State.SUBMITTED, "submit_request", "登记接待申请（综合科）", "[6]"),),
        main_path=(State.SUBMITTED, State.APPROVED, State.HELD, State.RECORDED),
        start_label="（综合科登记）",
        source_file="reception/models.py",
    )
)


def steps_for(obj: Reception) -> list[dict]:
    if obj.needs_head:
        return LIFECYCLE.steps_for(
            obj, path=(State.SUBMITTED, State.HEAD_REVIEW, State.APPROVED, State.HELD, State.RECORDED)
        )
    return LIFECYCLE.steps_for(obj)
