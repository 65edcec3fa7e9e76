"""The supervision item's state machine as ``core.lifecycle`` reads it: its page and
``docs/supervision-lifecycle.md`` (``manage.py lifecycle supervision``)."""

from __future__ import annotations

from core.lifecycle import Entry, Lifecycle, register

from .models import Item, State

LIFECYCLE = register(
    Lifecycle(
        key="supervision",
        title="督查事项办理流程",
        articles="第十一、十二、十五、三十七至四十条",
        model=Item,
        entries=(
            Entry(State.REGISTERED, "item_create", "登记督查事项", "[37][38]"),
            Entry(State.REGISTERED, "item_from_instruction", "领导批示立项督办", "[11][37]"),
            Entry(State.TRACKING, "item_from_decision", "会议议定事项立项督办", "[15][37]"),
        ),
        main_path=(State.REGISTERED, State.PENDING_APPROVAL, State.TRACKING, State.PENDING_CLOSE, State.DONE),
        start_label="（登记）",
        source_file="supervision/models.py",
    )
)


def steps_for(item: Item) -> list[dict]:
    return LIFECYCLE.steps_for(item)
