"""The meeting's state machines as ``core.lifecycle`` reads them: the meeting itself, its minutes (纪要),
and a topic (议题) — each with its page and ``docs/<key>-lifecycle.md``."""

from __future__ import annotations

from core.lifecycle import Entry, Lifecycle, register

from .models import Decision, DecisionState, Meeting, Minutes, MinutesState, State, Topic, TopicState

LIFECYCLE = register(
    Lifecycle(
        key="meetings",
        title="会议办理流程",
        articles="第六、十七、十八、二十四、二十五条",
        model=Meeting,
        entries=(Entry(State.PLANNING, "meeting_create", "筹备会议", "[6][17]"),),
        main_path=(State.PLANNING, State.NOTIFIED, State.IN_PROGRESS, State.ENDED, State.MINUTES_ISSUED),
        start_label="（办公室筹备）",
        source_file="meetings/models.py",
    )
)
TOPICS = register(
    Lifecycle(
        key="meeting-topics",
        title="议题审定流程",
        articles="第十八、二十四、二十五条，第六条",
        model=Topic,
        entries=(Entry(TopicState.PROPOSED, "topic_propose", "提出议题", "[18][24][25][6]"),),
        main_path=(TopicState.PROPOSED, TopicState.ACCEPTED, TopicState.DISCUSSED),
        start_label="（提出议题）",
        source_file="meetings/models.py",
    )
)
MINUTES = register(
    Lifecycle(
        key="meeting-minutes",
        title="会议纪要流程",
        articles="第十七条，第六条",
        model=Minutes,
        entries=(Entry(MinutesState.DRAFTING, "minutes_start", "起草纪要", "[17]"),),
        main_path=(MinutesState.DRAFTING, MinutesState.PENDING, MinutesState.APPROVED, MinutesState.ISSUED),
        start_label="（会议召开后）",
        source_file="meetings/models.py",
    )
)
DECISIONS = register(
    Lifecycle(
        key="meeting-decisions",
        title="议定事项督办流程",
        articles="第十五、三十七、四十条",
        model=Decision,
        entries=(Entry(DecisionState.OPEN, "decision_add", "记录议定事项", "[37]"),),
        main_path=(DecisionState.OPEN, DecisionState.TRACKED, DecisionState.DONE),
        start_label="（会议议定）",
        source_file="meetings/models.py",
    )
)


def steps_for(meeting: Meeting) -> list[dict]:
    return LIFECYCLE.steps_for(meeting)
