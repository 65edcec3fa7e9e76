"""行政复议与应诉 and 行政许可项目清理 (第十三条 [13]).

Two kinds of record, each changed only by ``services``:

- ``Case``: an administrative reconsideration in which the county government is the respondent (被申请人), or a
  lawsuit in which it is the defendant (被告) — 法制科 keeps the register, asks the department that made the act
  for its materials, writes and submits the reply (答复书) or the defence (答辩状) with the evidence by the
  statutory deadline, follows the hearing and records the outcome. Lifecycle: 已收案 → 答复中 → 已答复/已答辩 →
  已审理 (optional) → 已结案 (an outcome required); 已撤回 at any open stage. The reply deadline is computed from
  ``received_on`` by ``deadlines_for`` (行政复议法 第四十八条: 10 working days, 第八十八条; 行政诉讼法 第六十七条:
  15 days, a last day on a holiday moving to the next working day). The private party's identity (name, ID
  number, phone) is personal data: masked for everyone but 法制科 (``selectors.masked``).
- ``LicensingItem``: an administrative licensing item (行政许可事项) with its implementing department; its
  status (保留 / 取消 / 下放 / 调整) changes only through a recorded ``LicensingDecision`` (document number, date,
  basis), alone or in a batch clean-up (``LicensingCleanup``). Nothing is deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import StoredFile, TransitionLogBase, WorkflowModel, state_field, step
from org.models import Unit

from . import rules

# --- 行政复议、行政应诉 [13] ----------------------------------------------------------------------------------


class CaseKind(models.TextChoices):
    """Only cases in which the county government answers: as 被申请人 in a reconsideration, as 被告 in a lawsuit.
    Reconsiderations the county government decides as the reviewing organ are 县司法局's (行政复议法 第四条)."""

    RECONSIDERATION = "reconsideration", "行政复议（县政府为被申请人）"
    LITIGATION = "litigation", "行政诉讼（县政府为被告）"


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class CaseState(models.TextChoices):
    RECEIVED = "received", "已收案"
    REPLYING = "replying", "答复中"
    REPLIED = "replied", "已答复/已答辩"
    HEARD = "heard", "已审理"
    CLOSED = "closed", "已结案"
    WITHDRAWN = "withdrawn", "已撤回"


OPEN_STATES = (CaseState.RECEIVED, CaseState.REPLYING)  # the reply is still owed
LIVE_STATES = (CaseState.RECEIVED, CaseState.REPLYING, CaseState.REPLIED, CaseState.HEARD)


class Outcome(models.TextChoices):
    UPHELD = "upheld", "维持"
    REVOKED = "revoked", "撤销"
    CHANGED = "changed", "变更"
    UNLAWFUL = "unlawful", "确认违法"
    DISMISSED = "dismissed", "驳回"
    MEDIATED = "mediated", "调解"
    WITHDRAWN = "withdrawn", "撤回"
    JUDGMENT = "judgment", "判决（见结果说明）"


class Case(WorkflowModel):
    """行政复议答复 or 行政应诉 case of the county government [13]."""

    kind = models.CharField("案件类型", max_length=20, choices=CaseKind.choices)
    number = models.CharField("案号", max_length=80)
    organ = models.CharField("复议机关/受理法院", max_length=100, blank=True)
    party_kind = models.CharField("申请人/原告类型", max_length=20, choices=PartyKind.choices, default=PartyKind.PERSON)
    party_name = models.CharField("申请人/原告", max_length=100)
    party_id_number = models.CharField("身份证号码/统一社会信用代码", max_length=30, blank=True)
    party_phone = models.CharField("联系电话", max_length=30, blank=True)
    act = models.TextField("被申请复议/被诉的行政行为")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="作出行政行为的部门")
    received_on = models.DateField("收到申请书/起诉状副本日期")
    reply_due_on = models.DateField("答复/答辩期限", editable=False)
    hearing_on = models.DateField("开庭/听证日期", null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="承办人"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    materials_received_on = models.DateField("部门材料收到日期", null=True, blank=True)
    materials_note = models.TextField("部门材料说明", blank=True)
    replied_on = models.DateField("答复/答辩提交日期", null=True, blank=True)
    outcome = models.CharField("结果", max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField("结果说明", blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    appeal = models.TextField("上诉/后续情况", blank=True)
    withdrawn_reason = models.TextField("撤回说明", blank=True)

    state = state_field(CaseState.choices, CaseState.RECEIVED)

    class Meta:
        verbose_name = "行政复议应诉案件"
        verbose_name_plural = "行政复议应诉案件"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["-received_on", "-id"], name="legal_case_recent"),
            models.Index(fields=["unit", "-received_on", "-id"], name="legal_case_unit"),
            # The reminders and the register's "due soon / overdue": the reply still owed, by its deadline.
            models.Index(
                fields=["reply_due_on", "id"], condition=Q(state__in=["received", "replying"]), name="legal_case_due"
            ),
            models.Index(
                fields=["hearing_on", "id"],
                condition=Q(state__in=["received", "replying", "replied"]) & Q(hearing_on__isnull=False),
                name="legal_case_hearing",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(state="closed") | ~Q(outcome=""), name="legal_case_closed_has_outcome"),
        ]

    def __str__(self) -> str:
        return self.number

    def is_overdue(self, today) -> bool:
        return self.state in OPEN_STATES and self.reply_due_on < today

    @property
    def reply_word(self) -> str:
        return "答复" if self.kind == CaseKind.RECONSIDERATION else "答辩"

    @step(
        state, CaseState.RECEIVED, CaseState.REPLYING, permission=rules.can_handle, label="开始办理答复", article="[13]"
    )
    def start(self) -> None:
        pass

    @step(
        state,
        [CaseState.RECEIVED, CaseState.REPLYING],
        CaseState.REPLIED,
        permission=rules.can_handle,
        label="提交答复/答辩",
        article="[13]",
    )
    def reply(self) -> None:
        pass

    @step(state, CaseState.REPLIED, CaseState.HEARD, permission=rules.can_handle, label="记录审理", article="[13]")
    def hear(self) -> None:
        pass

    @step(
        state,
        [CaseState.REPLIED, CaseState.HEARD],
        CaseState.CLOSED,
        permission=rules.can_handle,
        label="结案",
        article="[13]",
        conditions=[lambda case: bool(case.outcome)],
    )
    def close(self) -> None:
        pass

    @step(
        state,
        [CaseState.RECEIVED, CaseState.REPLYING, CaseState.REPLIED, CaseState.HEARD],
        CaseState.WITHDRAWN,
        permission=rules.can_handle,
        label="撤回",
        article="[13]",
    )
    def withdraw(self) -> None:
        pass


class CaseLog(TransitionLogBase):
    document = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "案件办理记录"
        verbose_name_plural = "案件办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="legal_caselog_document")]


class CaseAttachment(StoredFile):
    """案件材料: the application or complaint, the department's materials, the reply, the decision or judgment."""

    class Kind(models.TextChoices):
        PAPERS = "papers", "申请书/起诉状"
        MATERIALS = "materials", "部门答复材料"
        REPLY = "reply", "答复书/答辩状"
        DECISION = "decision", "复议决定书/裁判文书"
        OTHER = "other", "其他"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments", verbose_name="案件")
    kind = models.CharField("材料类别", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField("文件", upload_to="legal/%Y/%m/")

    class Meta:
        verbose_name = "案件材料"
        verbose_name_plural = "案件材料"
        ordering = ["case", "id"]


# --- 行政许可项目清理 [13] -------------------------------------------------------------------------------------


class LicensingStatus(models.TextChoices):
    KEPT = "kept", "保留"
    CANCELLED = "cancelled", "取消"
    DELEGATED = "delegated", "下放"
    ADJUSTED = "adjusted", "调整"


IN_FORCE = (LicensingStatus.KEPT, LicensingStatus.DELEGATED, LicensingStatus.ADJUSTED)
LIVE_STATUSES = [s.value for s in IN_FORCE]


class LicensingCleanup(models.Model):
    """一次行政许可项目清理: the batch, its decision document and date once decided [13]."""

    year = models.PositiveIntegerField("年度")
    title = models.CharField("名称", max_length=200)
    note = models.TextField("说明", blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="发起人"
    )
    started_at = models.DateTimeField("发起时间", auto_now_add=True)
    document_number = models.CharField("决定文号", max_length=80, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    closed_at = models.DateTimeField("完成时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=0, editable=False)

    class Meta:
        verbose_name = "行政许可项目清理"
        verbose_name_plural = "行政许可项目清理"
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class LicensingItem(WorkflowModel):
    """行政许可事项 of the county: its status changes only through ``LicensingDecision`` [13]."""

    code = models.CharField("事项编码", max_length=40, blank=True)
    name = models.CharField("事项名称", max_length=200)
    legal_basis = models.TextField("设定依据")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="实施部门")
    note = models.TextField("备注", blank=True)
    document_number = models.CharField("最近决定文号", max_length=80, blank=True, editable=False)
    decided_on = models.DateField("最近决定日期", null=True, blank=True, editable=False)

    state = state_field(LicensingStatus.choices, LicensingStatus.KEPT)

    class Meta:
        verbose_name = "行政许可事项"
        verbose_name_plural = "行政许可事项"
        ordering = ["unit__sort_order", "code", "id"]
        indexes = [models.Index(fields=["unit", "code", "id"], name="legal_item_unit")]

    def __str__(self) -> str:
        return self.name

    # One transition per decision; a cancelled item is final (a re-established licence is a new item).
    @step(state, LIVE_STATUSES, LicensingStatus.KEPT, permission=rules.can_decide_item, label="保留", article="[13]")
    def keep(self) -> None:
        pass

    @step(
        state, LIVE_STATUSES, LicensingStatus.CANCELLED, permission=rules.can_decide_item, label="取消", article="[13]"
    )
    def cancel(self) -> None:
        pass

    @step(
        state, LIVE_STATUSES, LicensingStatus.DELEGATED, permission=rules.can_decide_item, label="下放", article="[13]"
    )
    def delegate(self) -> None:
        pass

    @step(
        state, LIVE_STATUSES, LicensingStatus.ADJUSTED, permission=rules.can_decide_item, label="调整", article="[13]"
    )
    def adjust(self) -> None:
        pass


class LicensingItemLog(TransitionLogBase):
    document = models.ForeignKey(LicensingItem, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "行政许可事项记录"
        verbose_name_plural = "行政许可事项记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="legal_itemlog_document")]


class LicensingDecision(models.Model):
    """The recorded decision that set an item's status: the only way it changes [13]. Kept for ever."""

    item = models.ForeignKey(LicensingItem, on_delete=models.PROTECT, related_name="decisions", verbose_name="事项")
    cleanup = models.ForeignKey(
        LicensingCleanup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name="所属清理",
    )
    from_status = models.CharField("原状态", max_length=20, choices=LicensingStatus.choices, blank=True)
    to_status = models.CharField("决定状态", max_length=20, choices=LicensingStatus.choices)
    document_number = models.CharField("决定文号", max_length=80)
    decided_on = models.DateField("决定日期")
    basis = models.TextField("依据/理由")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "行政许可事项决定"
        verbose_name_plural = "行政许可事项决定"
        ordering = ["item", "decided_on", "id"]
        indexes = [models.Index(fields=["item", "decided_on", "id"], name="legal_decision_item")]

    def __str__(self) -> str:
        return f"{self.document_number} {self.get_to_status_display()}"
