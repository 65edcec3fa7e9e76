"""The 协调事项's state machine as ``core.lifecycle`` reads it: its page and ``docs/coordination-lifecycle.md``
(``manage.py lifecycle coordination``)."""

from __future__ import annotations

from core.lifecycle import Entry, Lifecycle, register

from .models import Matter, State

LIFECYCLE = register(
    Lifecycle(
        key="coordination",
        title="协调事项办理流程",
        articles="第九条、第十五条",
        model=Matter,
        entries=(Entry(State.REGISTERED, "matter_register", "登记（领导指示、办理文件需要或单位提请）", "[9]"),),
        main_path=(State.REGISTERED, State.COORDINATING, State.PROPOSED, State.DECIDED, State.CLOSED),
        start_label="（登记）",
        source_file="coordination/models.py",
    )
)


def steps_for(matter: Matter) -> list[dict]:
    return LIFECYCLE.steps_for(matter)
