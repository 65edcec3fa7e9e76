"""The 印信 state machines as ``core.lifecycle`` reads them: their pages and ``docs/seals-lifecycle.md`` (the
seal), ``docs/seal-requests-lifecycle.md`` (用印申请) and ``docs/seal-applications-lifecycle.md`` (刻制印章申请)
(``manage.py lifecycle <key>``) [7]."""

from __future__ import annotations

from core.lifecycle import Entry, Lifecycle, register

from .models import ApplicationState, RequestState, Seal, SealApplication, SealRequest, SealState

SEALS = register(
    Lifecycle(
        key="seals",
        title="印章管理流程",
        articles="第七条",
        model=Seal,
        entries=(
            Entry(SealState.IN_USE, "seal_register", "登记在用印章", "[7]"),
            Entry(SealState.IN_USE, "application_hand_over", "刻制交接", "[7]"),
        ),
        main_path=(SealState.IN_USE, SealState.SURRENDERED),
        start_label="（登记或交接）",
        source_file="seals/models.py",
    )
)

REQUESTS = register(
    Lifecycle(
        key="seal-requests",
        title="用印申请审批流程",
        articles="第七条",
        model=SealRequest,
        entries=(Entry(RequestState.SUBMITTED, "request_submit", "提交用印申请", "[7]"),),
        main_path=(RequestState.SUBMITTED, RequestState.APPROVED, RequestState.USED),
        start_label="（申请）",
        source_file="seals/models.py",
    )
)

APPLICATIONS = register(
    Lifecycle(
        key="seal-applications",
        title="刻制印章审批流程",
        articles="第七条",
        model=SealApplication,
        entries=(Entry(ApplicationState.SUBMITTED, "application_submit", "提交刻制印章申请", "[7]"),),
        main_path=(
            ApplicationState.SUBMITTED,
            ApplicationState.APPROVED,
            ApplicationState.MADE,
            ApplicationState.HANDED_OVER,
        ),
        start_label="（申请）",
        source_file="seals/models.py",
    )
)


def steps_for(obj) -> list[dict]:
    """The object's place on its own lifecycle's main path."""
    lifecycle = {Seal: SEALS, SealRequest: REQUESTS, SealApplication: APPLICATIONS}[type(obj)]
    return lifecycle.steps_for(obj)
