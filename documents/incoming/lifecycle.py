"""The incoming state machine as ``core.lifecycle`` reads it: the page, the docs and each document's path."""

from __future__ import annotations

from core.lifecycle import Entry, Lifecycle, register

from .models import Category, IncomingDocument, State

LIFECYCLE = register(
    Lifecycle(
        key="incoming",
        title="收文办理流程",
        articles="第二十六至二十九条",
        model=IncomingDocument,
        # Creation is a service, not a transition: registration is the only way in [29(1)].
        entries=(
            Entry(State.REGISTERED, "incoming_register", "签收登记", "[26(1)]"),
            Entry(State.HANDED_OUT, "incoming_hand_out", "直接分发（阅件）", "[28(2)1]"),
        ),
        main_path=(State.REGISTERED, State.CIRCULATING, State.HANDLING, State.DONE, State.RETURNED, State.FILED),
        start_label="（收到来文）",
        source_file="documents/incoming/models.py",
    )
)
transitions = LIFECYCLE.transitions
mermaid = LIFECYCLE.mermaid


def steps_for(doc: IncomingDocument) -> list[dict]:
    """The main path with this document's place on it; a 批阅件 is not handled [26(6)7]."""
    path = tuple(s for s in LIFECYCLE.main_path if not (s == State.HANDLING and doc.category == Category.READ))
    return LIFECYCLE.steps_for(doc, path)
