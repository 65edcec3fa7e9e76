"""The legal chapter's state machines as ``core.lifecycle`` reads them: ``docs/legal-lifecycle.md`` (a case) and
``docs/legal-licensing-lifecycle.md`` (a licensing item's status) — ``manage.py lifecycle <key>``."""

from __future__ import annotations

from core.lifecycle import Entry, Lifecycle, register

from .models import Case, CaseState, LicensingItem, LicensingStatus

LIFECYCLE = register(
    Lifecycle(
        key="legal",
        title="行政复议答复、行政应诉案件办理流程",
        articles="第十三条",
        model=Case,
        entries=(Entry(CaseState.RECEIVED, "case_register", "登记案件", "[13]"),),
        main_path=(CaseState.RECEIVED, CaseState.REPLYING, CaseState.REPLIED, CaseState.HEARD, CaseState.CLOSED),
        start_label="（收到申请书/起诉状副本）",
        source_file="legal/models.py",
    )
)

LICENSING = register(
    Lifecycle(
        key="legal-licensing",
        title="行政许可事项状态（清理决定）",
        articles="第十三条",
        model=LicensingItem,
        entries=(Entry(LicensingStatus.KEPT, "item_add", "列入目录", "[13]"),),
        main_path=(LicensingStatus.KEPT, LicensingStatus.ADJUSTED, LicensingStatus.CANCELLED),
        start_label="（列入目录）",
        source_file="legal/models.py",
    )
)


def steps_for(obj) -> list[dict]:
    return {Case: LIFECYCLE, LicensingItem: LICENSING}[type(obj)].steps_for(obj)
