"""The outgoing state machine as ``core.lifecycle`` reads it: the page and the docs [30]."""

from __future__ import annotations

from core.lifecycle import Entry, Lifecycle, register

from .choices import State
from .models import OutgoingDocument

LIFECYCLE = register(
    Lifecycle(
        key="outgoing",
        title="发文办理流程",
        articles="第三十条",
        model=OutgoingDocument,
        # A draft is made by a service, not a transition [30(1)].
        entries=(Entry(State.DRAFTING, "outgoing_create_draft", "拟稿", "[30(1)]"),),
        main_path=(
            State.DRAFTING,
            State.REVIEWING,
            State.SIGNING,
            State.CHECKING,
            State.NUMBERING,
            State.PROOFING,
            State.PRINTING,
            State.SEALING,
            State.DISTRIBUTING,
            State.DISTRIBUTED,
            State.FILED,
        ),
        start_label="（拟稿人起草）",
        source_file="documents/outgoing/models/document.py",
    )
)
