"""The information item's state machine as ``core.lifecycle`` reads it: its page and
``docs/information-lifecycle.md`` (``manage.py lifecycle information``)."""

from __future__ import annotations

from core.lifecycle import Entry, Lifecycle, register

from .models import InformationItem, State

LIFECYCLE = register(
    Lifecycle(
        key="information",
        title="政务信息办理流程",
        articles="第四十四至四十六条",
        model=InformationItem,
        entries=(
            Entry(State.SUBMITTED, "submit_item", "来稿（单位联络员报送，或政务信息员登记、撰写）", "[45][46]"),
            Entry(State.REVIEWING, "submit_item", "紧急信息直接送审（急事急报）", "[46]"),
        ),
        main_path=(State.SUBMITTED, State.EDITING, State.REVIEWING, State.APPROVED, State.SENT, State.ADOPTED),
        start_label="（单位报送或办公室撰写）",
        source_file="information/models.py",
    )
)


def steps_for(item: InformationItem) -> list[dict]:
    return LIFECYCLE.steps_for(item)
