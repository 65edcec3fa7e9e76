"""The duty chapter's state machines as ``core.lifecycle`` reads them: the roster (值班表), a swap (换班),
a handover (交接班) and an emergency report (突发事件报告) — each with its page and ``docs/<key>-lifecycle.md``."""

from __future__ import annotations

from core.lifecycle import Entry, Lifecycle, register

from .models import (
    EmergencyReport,
    Handover,
    HandoverState,
    ReportState,
    Roster,
    RosterState,
    Swap,
    SwapState,
)

ROSTERS = register(
    Lifecycle(
        key="duty-rosters",
        title="值班表编排流程",
        articles="第四十一、四十二条",
        model=Roster,
        entries=(Entry(RosterState.DRAFT, "roster_generate", "生成值班表", "[42]"),),
        main_path=(RosterState.DRAFT, RosterState.PUBLISHED),
        start_label="（办公室领导编排）",
        source_file="duty/models.py",
    )
)
SWAPS = register(
    Lifecycle(
        key="duty-swaps",
        title="换班流程",
        articles="第四十二条",
        model=Swap,
        entries=(Entry(SwapState.REQUESTED, "swap_request", "申请换班", "[42]"),),
        main_path=(SwapState.REQUESTED, SwapState.ACCEPTED, SwapState.APPROVED),
        start_label="（值班人员申请）",
        source_file="duty/models.py",
    )
)
HANDOVERS = register(
    Lifecycle(
        key="duty-handovers",
        title="交接班流程",
        articles="第四十一、四十二条",
        model=Handover,
        entries=(Entry(HandoverState.WRITTEN, "handover_write", "交班", "[41]"),),
        main_path=(HandoverState.WRITTEN, HandoverState.CONFIRMED),
        start_label="（交班人填写）",
        source_file="duty/models.py",
    )
)
REPORTS = register(
    Lifecycle(
        key="duty-reports",
        title="突发事件报告流程",
        articles="第四十三条，第八条",
        model=EmergencyReport,
        entries=(Entry(ReportState.RECEIVED, "report_record", "接报（首报）", "[43]"),),
        main_path=(ReportState.RECEIVED, ReportState.AGREED, ReportState.SENT, ReportState.CLOSED),
        start_label="（值班人员接报）",
        source_file="duty/models.py",
    )
)


def steps_for(obj) -> list[dict]:
    for lifecycle in (ROSTERS, SWAPS, HANDOVERS, REPORTS):
        if isinstance(obj, lifecycle.model):
            return lifecycle.steps_for(obj)
    return []
