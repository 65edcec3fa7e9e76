"""The disclosure chapter's state machines as ``core.lifecycle`` reads them: their pages and
``docs/disclosure-lifecycle.md`` (the finding and its rectification, the chapter's main lifecycle),
``docs/disclosure-inspections-lifecycle.md`` and ``docs/disclosure-assessments-lifecycle.md``
(``manage.py lifecycle <key>``)."""

from __future__ import annotations

from core.lifecycle import Entry, Lifecycle, register

from .models import Assessment, AssessmentState, Finding, FindingState, Inspection, InspectionState

LIFECYCLE = register(
    Lifecycle(
        key="disclosure",
        title="政务公开检查问题整改流程",
        articles="第三十六条",
        model=Finding,
        entries=(Entry(FindingState.OPEN, "finding_record", "登记问题", "[36]"),),
        main_path=(FindingState.OPEN, FindingState.REPORTED, FindingState.ACCEPTED),
        start_label="（检查发现）",
        source_file="disclosure/models.py",
    )
)

INSPECTIONS = register(
    Lifecycle(
        key="disclosure-inspections",
        title="政务公开检查流程",
        articles="第三十六条",
        model=Inspection,
        entries=(Entry(InspectionState.PLANNED, "inspection_plan", "拟定检查计划", "[36]"),),
        main_path=(InspectionState.PLANNED, InspectionState.IN_PROGRESS, InspectionState.CLOSED),
        start_label="（拟定）",
        source_file="disclosure/models.py",
    )
)

ASSESSMENTS = register(
    Lifecycle(
        key="disclosure-assessments",
        title="政务公开考核流程",
        articles="第三十六条",
        model=Assessment,
        entries=(Entry(AssessmentState.DRAFT, "assessment_open", "开始考核评分", "[36]"),),
        main_path=(AssessmentState.DRAFT, AssessmentState.CONFIRMED),
        start_label="（开始）",
        source_file="disclosure/models.py",
    )
)


def steps_for(obj) -> list[dict]:
    """The object's place on its own lifecycle's main path."""
    lifecycle = {Finding: LIFECYCLE, Inspection: INSPECTIONS, Assessment: ASSESSMENTS}[type(obj)]
    return lifecycle.steps_for(obj)
