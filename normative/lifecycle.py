"""The normative chapter's state machines as ``core.lifecycle`` reads them: their pages and
``docs/normative-lifecycle.md`` (a normative document, the chapter's main lifecycle) and
``docs/normative-cleanups-lifecycle.md`` (a clean-up) (``manage.py lifecycle <key>``) [13]."""

from __future__ import annotations

from core.lifecycle import Entry, Lifecycle, register

from .models import Cleanup, CleanupState, NormativeDocument, State

LIFECYCLE = register(
    Lifecycle(
        key="normative",
        title="规范性文件登记、公布、备案和废止流程",
        articles="第十三条",
        model=NormativeDocument,
        entries=(
            Entry(State.REGISTERED, "register_from_outgoing", "由发文登记（分发时自动登记）", "[13] [30(2)3]"),
            Entry(State.REGISTERED, "register_manual", "手工登记", "[13]"),
        ),
        main_path=(State.REGISTERED, State.PUBLISHED, State.REPEALED),
        start_label="（登记）",
        source_file="normative/models.py",
    )
)

CLEANUPS = register(
    Lifecycle(
        key="normative-cleanups",
        title="规范性文件清理流程",
        articles="第十三条",
        model=Cleanup,
        entries=(Entry(CleanupState.DRAFTING, "cleanup_start", "开展清理", "[13]"),),
        main_path=(CleanupState.DRAFTING, CleanupState.SUBMITTED, CleanupState.DECIDED),
        start_label="（开展）",
        source_file="normative/models.py",
    )
)


def steps_for(obj) -> list[dict]:
    """The object's place on its own lifecycle's main path."""
    lifecycle = {NormativeDocument: LIFECYCLE, Cleanup: CLEANUPS}[type(obj)]
    return lifecycle.steps_for(obj)
