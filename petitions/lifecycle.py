"""The petition's state machine as ``core.lifecycle`` reads it: its page and ``docs/petitions-lifecycle.md``
(``manage.py lifecycle petitions``)."""

from __future__ import annotations

from core.lifecycle import Entry, Lifecycle, register

from .models import Case, State

LIFECYCLE = register(
    Lifecycle(
        key="petitions",
        title="信访件办理流程",
        articles="第四十七至五十条；《信访工作条例》第三十一、三十五、三十六条",
        model=Case,
        entries=(Entry(State.REGISTERED, "register_case", "登记（每件来信来访都登记）", "[48]"),),
        main_path=(State.REGISTERED, State.HANDLING, State.ANSWERED, State.CLOSED),
        start_label="（收到来信、来访、来电）",
        source_file="petitions/models.py",
    )
)


def steps_for(case: Case) -> list[dict]:
    return LIFECYCLE.steps_for(case)
