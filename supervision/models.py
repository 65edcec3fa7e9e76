"""Supervision (督促检查), 第六章 with [11], [12], [15]: the item (督查事项), its feedback (反馈), extension requests
(延期申请), a proposal's answer letters (答复函) and the log.

An item is registered (登记); a major one (重大督查事项) is submitted for 立项 and approved by the 分管副县长
before it is tracked [39] (or refused with a reason); it is tracked (督办中) with feedback from the units [40],
asked to close (办结待审) and closed by the 首办责任人 [38] (已办结) — or cancelled (已撤销) with a reason. A
proposal answered to the proposer's dissatisfaction is handled a second time [12].

Every state field is protected: only the transitions below change it, and only ``services`` call them. The
guard against a major item tracked without approval is in three places: the transition's condition, the
services, and a check constraint in the database. Nothing is deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from guardian.models import UserObjectPermissionBase

from core.models import StoredFile, TransitionLogBase, WorkflowModel, state_field, step
from org.models import SecretLevel, Section, Unit

from . import rules


class Source(models.TextChoices):
    """Where an item comes from [11], [12], [37]."""

    WORK_REPORT = "work_report", "政府工作报告任务分解"
    MEETING = "meeting", "会议议定事项"
    COUNTY_LEADER = "county_leader", "县领导批示"
    SUPERIOR_LEADER = "superior_leader", "上级领导批示"
    DEPUTY_PROPOSAL = "deputy_proposal", "人大代表建议、议案"
    CPPCC_PROPOSAL = "cppcc_proposal", "政协提案"
    OTHER = "other", "其他"


PROPOSAL_SOURCES = (Source.DEPUTY_PROPOSAL, Source.CPPCC_PROPOSAL)


class SuperiorMode(models.TextChoices):
    """A superior leader's instruction is passed down (转办) or supervised from above (督办) [11]."""

    NONE = "", "—"
    TRANSFER = "transfer", "转办"
    SUPERVISE = "supervise", "督办"


class ReportCycle(models.TextChoices):
    """Periodic reporting (e.g. monthly by the 5th) [40]."""

    NONE = "", "不定期"
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"


class Satisfaction(models.TextChoices):
    """The proposer's answer to the reply [12]."""

    NONE = "", "未反馈"
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class State(models.TextChoices):
    REGISTERED = "registered", "登记"
    PENDING_APPROVAL = "pending_approval", "立项待审"
    NOT_APPROVED = "not_approved", "未予立项"
    TRACKING = "tracking", "督办中"
    PENDING_CLOSE = "pending_close", "办结待审"
    DONE = "done", "已办结"
    CANCELLED = "cancelled", "已撤销"


# Ended: everything else is "open" (lists, reminders, statistics). Queries say .exclude(state__in=ENDED) so the
# planner uses the partial indexes below (PERFORMANCE.md: active-state lists).
ENDED_STATES = (State.DONE, State.CANCELLED)
# Followed and chased: feedback, extensions and reminders apply [39], [40].
TRACKED_STATES = (State.TRACKING, State.PENDING_CLOSE)
OPEN = ~Q(state__in=[State.DONE, State.CANCELLED])


def approved_if_major(item) -> bool:
    """A major item enters 督办中 only with the 分管副县长's approval [39]."""
    return not item.is_major or item.approved_at is not None


def not_major(item) -> bool:
    return not item.is_major


def answer_letter_if_proposal(item) -> bool:
    """A proposal closes only with its answer letter for the current round [12]."""
    if item.source not in PROPOSAL_SOURCES:
        return True
    return item.answers.filter(round=item.handling_round).exists()


def first_round_proposal(item) -> bool:
    return item.source in PROPOSAL_SOURCES and item.handling_round == 1


class Item(WorkflowModel):
    """督查事项 [37]–[40]."""

    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("编号")
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    title = models.CharField("事项名称", max_length=200)
    text = models.TextField("督查内容")

    # --- where it came from ------------------------------------------------------------------------------
    decision = models.OneToOneField(
        "meetings.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_item",
        verbose_name="会议议定事项",
    )
    from_incoming = models.ForeignKey(
        "incoming.IncomingDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="批示所在来文",
    )
    # The 批示 itself: a reader's signed comment on the incoming document's 批阅单 [26(6)5]; one item per 批示.
    from_instruction = models.OneToOneField(
        "incoming.Reader",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_item",
        verbose_name="领导批示",
    )
    instructed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="批示领导",
    )
    # 上级领导批示: who wrote it (a province or prefecture leader is not a user), and how it came [11].
    superior_leader = models.CharField("上级批示领导", max_length=100, blank=True)
    superior_mode = models.CharField(
        "转办或督办", max_length=10, choices=SuperiorMode.choices, default=SuperiorMode.NONE, blank=True
    )
    secret_level = models.PositiveSmallIntegerField("密级", choices=SecretLevel.choices, default=SecretLevel.NONE)

    # --- who --------------------------------------------------------------------------------------------------
    first_responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="首办责任人"
    )
    deputy_head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="分管副县长",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="经办人"
    )
    lead_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="牵头单位"
    )
    # A meeting's decision may name an office section instead of a unit (责任科室) [15], [37].
    lead_section = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="责任科室"
    )
    assisting_units = models.ManyToManyField(
        Unit, through="AssistingUnit", blank=True, related_name="+", verbose_name="协办单位"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )

    # --- when ---------------------------------------------------------------------------------------------------
    deadline = models.DateField("办结时限", null=True, blank=True)
    report_cycle = models.CharField(
        "定期报送", max_length=10, choices=ReportCycle.choices, default=ReportCycle.NONE, blank=True
    )
    report_day = models.PositiveSmallIntegerField("报送日", null=True, blank=True, help_text="如每月5日前报送填5")
    # The next reporting date (kept by the services): the list and the reminders read it, never compute it.
    next_report_on = models.DateField("下次报送日期", null=True, blank=True)
    last_feedback_at = models.DateTimeField("最近反馈时间", null=True, blank=True)
    # The deadline whose lateness has been explained (reason and progress) [40]: a late item whose deadline
    # differs refuses other updates until a feedback with both is recorded.
    late_explained_for = models.DateField("已说明逾期的时限", null=True, blank=True)

    # --- 立项 [39] ---------------------------------------------------------------------------------------------
    is_major = models.BooleanField("重大督查事项", default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="立项批准人",
    )
    approved_at = models.DateTimeField("立项批准时间", null=True, blank=True)
    refusal_reason = models.CharField("未予立项理由", max_length=300, blank=True)
    tracking_since = models.DateTimeField("开始督办时间", null=True, blank=True)

    # --- proposals [12] ----------------------------------------------------------------------------------------
    proposal_number = models.CharField(
        "建议提案编号", max_length=30, blank=True, help_text="如：建议第12号、提案第34号"
    )
    proposer = models.CharField("代表或委员", max_length=100, blank=True)
    session = models.CharField("届次、会次", max_length=60, blank=True, help_text="如：县十八届人大三次会议")
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    answer_due = models.DateField("答复期限", null=True, blank=True)
    handling_round = models.PositiveSmallIntegerField("办理轮次", default=1)  # 2: 二次办理 after 不满意 [12]
    satisfaction = models.CharField(
        "办理结果满意度", max_length=15, choices=Satisfaction.choices, default=Satisfaction.NONE, blank=True
    )

    # --- the end ------------------------------------------------------------------------------------------------
    submitted_at = models.DateTimeField("报请办结时间", null=True, blank=True)
    result = models.TextField("办理结果", blank=True)
    done_at = models.DateTimeField("办结时间", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="办结确认人",
    )
    on_time = models.BooleanField("按期办结", null=True, blank=True)  # set at 办结: the on-time rate's figure [11]
    cancelled_at = models.DateTimeField("撤销时间", null=True, blank=True)
    cancel_reason = models.CharField("撤销原因", max_length=300, blank=True)

    state = state_field(State.choices, State.REGISTERED)

    class Meta:
        verbose_name = "督查事项"
        verbose_name_plural = "督查事项"
        ordering = ["-year", "-serial"]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="supervision_item_serial"),
            # [39] in the database itself: a major item is never tracked, waiting to close or done unapproved.
            models.CheckConstraint(
                condition=Q(is_major=False)
                | Q(approved_at__isnull=False)
                | ~Q(state__in=["tracking", "pending_close", "done"]),
                name="supervision_major_approved",
            ),
            models.CheckConstraint(
                condition=Q(is_major=False) | Q(deputy_head__isnull=False), name="supervision_major_has_deputy"
            ),
            models.CheckConstraint(
                condition=Q(lead_unit__isnull=False) | Q(lead_section__isnull=False), name="supervision_has_lead"
            ),
        ]
        indexes = [
            # The list: a year's items, newest first; and every item, newest first.
            models.Index(fields=["year", "-serial"], name="supervision_year_serial"),
            models.Index(fields=["-created_at", "-id"], name="supervision_recent"),
            # Open items by deadline (the list's default, the reminders, 我的待办's late items).
            models.Index(fields=["deadline", "id"], condition=OPEN, name="supervision_open_due"),
            models.Index(fields=["next_report_on", "id"], condition=OPEN, name="supervision_open_report"),
            # By unit (a unit's list, the unit contact's list, statistics per unit): open and all.
            models.Index(fields=["lead_unit", "deadline", "id"], condition=OPEN, name="supervision_unit_open"),
            models.Index(fields=["lead_unit", "year", "id"], name="supervision_unit_year"),
            # By leader: the 首办责任人's open items, the 分管副县长's, the 经办人's.
            models.Index(
                fields=["first_responsible", "deadline", "id"], condition=OPEN, name="supervision_leader_open"
            ),
            models.Index(fields=["deputy_head", "deadline", "id"], condition=OPEN, name="supervision_deputy_open"),
            models.Index(fields=["handler", "deadline", "id"], condition=OPEN, name="supervision_handler_open"),
            # 我的待办: the few items waiting for approval or for closing.
            models.Index(
                fields=["deputy_head", "id"], condition=Q(state="pending_approval"), name="supervision_to_approve"
            ),
            models.Index(
                fields=["first_responsible", "id"], condition=Q(state="pending_close"), name="supervision_to_close"
            ),
            # Statistics per source and year.
            models.Index(fields=["year", "source", "state"], name="supervision_year_source"),
        ]
        permissions = [
            ("register_item", "可登记督查事项"),
            ("export_item", "可导出督查统计"),
        ]

    def __str__(self) -> str:
        return f"{self.number_label} {self.title}"

    @property
    def number_label(self) -> str:
        """督查〔2026〕12号."""
        return f"督查〔{self.year}〕{self.serial}号"

    @property
    def is_proposal(self) -> bool:
        return self.source in PROPOSAL_SOURCES

    @property
    def is_open(self) -> bool:
        return self.state not in ENDED_STATES

    def is_late(self, today) -> bool:
        """Past its deadline and not done [40]."""
        return self.state in TRACKED_STATES and self.deadline is not None and self.deadline < today

    def needs_late_reason(self, today) -> bool:
        """Late and the lateness not yet explained with the reason and progress [40]."""
        return self.is_late(today) and self.late_explained_for != self.deadline

    # --- transitions ------------------------------------------------------------------------------------------
    @step(
        state,
        [State.REGISTERED, State.NOT_APPROVED],
        State.PENDING_APPROVAL,
        permission=rules.can_handle,
        label="报请立项",
        article="[39]",
    )
    def submit_for_approval(self) -> None:
        pass

    @step(
        state,
        State.PENDING_APPROVAL,
        State.TRACKING,
        permission=rules.can_approve,
        label="批准立项",
        article="[39]",
    )
    def approve(self) -> None:
        """Taken by ``item_approve`` only, which records who approved and when before the transition."""

    @step(
        state,
        State.PENDING_APPROVAL,
        State.NOT_APPROVED,
        permission=rules.can_approve,
        label="不予立项",
        article="[39]",
    )
    def refuse(self) -> None:
        pass

    @step(
        state,
        State.REGISTERED,
        State.TRACKING,
        permission=rules.can_handle,
        label="开始督办",
        article="[37][39]",
        conditions=[not_major, approved_if_major],
        admin=True,
    )
    def start(self) -> None:
        pass

    @step(
        state,
        State.TRACKING,
        State.PENDING_CLOSE,
        permission=rules.can_handle,
        label="报请办结",
        article="[40][12]",
        conditions=[approved_if_major, answer_letter_if_proposal],
        admin=True,
    )
    def submit_close(self) -> None:
        pass

    @step(
        state,
        State.PENDING_CLOSE,
        State.TRACKING,
        permission=rules.can_close,
        label="退回继续督办",
        article="[38][40]",
    )
    def send_back(self) -> None:
        pass

    @step(
        state,
        State.PENDING_CLOSE,
        State.DONE,
        permission=rules.can_close,
        label="办结",
        article="[38][40]",
        conditions=[approved_if_major, answer_letter_if_proposal],
        admin=True,
    )
    def close(self) -> None:
        pass

    @step(
        state,
        State.DONE,
        State.TRACKING,
        permission=rules.can_handle,
        label="二次办理",
        article="[12]",
        conditions=[first_round_proposal],
    )
    def reopen(self) -> None:
        """A proposer not satisfied with the answer: the proposal is handled a second time [12]."""

    @step(
        state,
        [State.REGISTERED, State.PENDING_APPROVAL, State.NOT_APPROVED, State.TRACKING, State.PENDING_CLOSE],
        State.CANCELLED,
        permission=rules.can_cancel,
        label="撤销",
        article="[38]",
        admin=True,
    )
    def cancel(self) -> None:
        pass


class AssistingUnit(models.Model):
    """协办单位 of an item; indexed by unit, so a unit's (and its contact's) items are one look-up [40]."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="assisting", verbose_name="督查事项")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="协办单位")

    class Meta:
        verbose_name = "协办单位"
        verbose_name_plural = "协办单位"
        constraints = [models.UniqueConstraint(fields=["item", "unit"], name="supervision_assisting_once")]
        indexes = [models.Index(fields=["unit", "item"], name="supervision_assisting_unit")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.unit_id}"


class ItemUserObjectPermission(UserObjectPermissionBase):
    """Who is *on* an item (first responsible, 分管副县长, 经办人, registrar): the only way to see a classified
    one, e.g. an item from a classified incoming document [31], [32]."""

    content_object = models.ForeignKey(Item, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "督查事项对象权限"
        verbose_name_plural = "督查事项对象权限"


class ItemLog(TransitionLogBase):
    document = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "督查事项办理记录"
        verbose_name_plural = "督查事项办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="supervision_log_document")]


# --- feedback (反馈) [40] -------------------------------------------------------------------------------------


class ReceivedVia(models.TextChoices):
    PAPER = "paper", "纸质材料"
    PHONE = "phone", "电话"
    LETTER = "letter", "函件"
    SYSTEM = "system", "系统报送"


class Feedback(models.Model):
    """反馈: what a responsible unit reports — progress, and when late the reason [40]. Recorded by the office's
    经办人 (what came by paper, phone or letter, with the date received) or by the unit's contact (系统报送)."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="feedback", verbose_name="督查事项")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="报送单位"
    )
    text = models.TextField("进展情况")
    late_reason = models.TextField("逾期原因", blank=True)
    is_late = models.BooleanField("逾期反馈", default=False)
    # The reporting date this feedback answers (periodic reporting), if any.
    for_report_on = models.DateField("对应报送日期", null=True, blank=True)
    received_via = models.CharField("收到方式", max_length=10, choices=ReceivedVia.choices)
    received_on = models.DateField("收到日期")
    reporter = models.CharField("报送人", max_length=50, blank=True, help_text="单位报送人姓名")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间")
    withdrawn_at = models.DateTimeField("作废时间", null=True, blank=True)
    withdraw_reason = models.CharField("作废原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "反馈"
        verbose_name_plural = "反馈"
        ordering = ["recorded_at", "id"]
        indexes = [
            # One item's feedback, newest last (the detail page), among a million rows.
            models.Index(fields=["item", "recorded_at", "id"], name="supervision_feedback_item"),
            # Late feedback with reasons for the statistics (a unit's late items and why) [11], [40].
            models.Index(fields=["unit", "recorded_at"], condition=Q(is_late=True), name="supervision_feedback_late"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} 反馈 {self.received_on}"


class FeedbackAttachment(StoredFile):
    feedback = models.ForeignKey(Feedback, on_delete=models.PROTECT, related_name="attachments", verbose_name="反馈")
    file = models.FileField("文件", upload_to="supervision/%Y/%m/")

    class Meta:
        verbose_name = "反馈附件"
        verbose_name_plural = "反馈附件"
        ordering = ["feedback", "id"]


# --- extensions (延期) [38]–[40] -----------------------------------------------------------------------------


class ExtensionOutcome(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "同意延期"
    REFUSED = "refused", "不同意延期"


class Extension(models.Model):
    """延期申请: asked with a reason and a new deadline; decided by the 首办责任人, or the 分管副县长 for a major
    item; an approved one changes the item's deadline, and the item's log says so [38], [39], [40]."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="extensions", verbose_name="督查事项")
    reason = models.TextField("延期理由")
    old_deadline = models.DateField("原办结时限", null=True, blank=True)
    new_deadline = models.DateField("申请延至")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申请人"
    )
    requested_at = models.DateTimeField("申请时间")
    outcome = models.CharField(
        "审批结果", max_length=10, choices=ExtensionOutcome.choices, default=ExtensionOutcome.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批人",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    comment = models.CharField("审批意见", max_length=300, blank=True)

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["requested_at", "id"]
        constraints = [
            # One request waiting at a time per item.
            models.UniqueConstraint(
                fields=["item"], condition=Q(outcome="pending"), name="supervision_one_pending_extension"
            ),
        ]
        indexes = [
            models.Index(fields=["item", "requested_at"], name="supervision_extension_item"),
            models.Index(fields=["requested_at", "id"], condition=Q(outcome="pending"), name="supervision_ext_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} 延期至 {self.new_deadline}"


# --- proposals' answers (答复函) [12] ---------------------------------------------------------------------


class ProposalAnswer(models.Model):
    """The answer letter to a deputy's suggestion or a member's proposal, one per handling round, and the
    proposer's satisfaction with it [12]."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers", verbose_name="督查事项")
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    file = models.FileField("答复函", upload_to="supervision/answers/%Y/")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=60)
    size = models.PositiveIntegerField("大小（字节）")
    answered_on = models.DateField("答复日期")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    satisfaction = models.CharField(
        "满意度", max_length=15, choices=Satisfaction.choices, default=Satisfaction.NONE, blank=True
    )
    satisfaction_recorded_at = models.DateTimeField("满意度登记时间", null=True, blank=True)

    class Meta:
        verbose_name = "建议提案答复函"
        verbose_name_plural = "建议提案答复函"
        ordering = ["item", "round"]
        constraints = [models.UniqueConstraint(fields=["item", "round"], name="supervision_answer_per_round")]

    def __str__(self) -> str:
        return f"{self.item_id} 第{self.round}轮答复"


# --- 督查通报 [11], [40] ----------------------------------------------------------------------------------------


class Bulletin(models.Model):
    """督查通报: the periodic bulletin the office issues (done, on time, late with reasons), numbered in its own
    series per year (〔2026〕第3期) and kept as issued — the PDF the units received [11], [37], [40]."""

    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("期号")
    title = models.CharField("标题", max_length=100)
    period_start = models.DateField("通报起始日期")
    period_end = models.DateField("通报截止日期")
    done_on_time = models.PositiveIntegerField("按期办结", default=0)
    done_late = models.PositiveIntegerField("逾期办结", default=0)
    overdue = models.PositiveIntegerField("逾期未办结", default=0)
    file = models.FileField("印发文本", upload_to="supervision/bulletins/%Y/")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="审定印发人"
    )
    issued_at = models.DateTimeField("印发时间")

    class Meta:
        verbose_name = "督查通报"
        verbose_name_plural = "督查通报"
        ordering = ["-year", "-serial"]
        constraints = [models.UniqueConstraint(fields=["year", "serial"], name="supervision_bulletin_serial")]

    def __str__(self) -> str:
        return f"督查通报{self.number_label}"

    @property
    def number_label(self) -> str:
        return f"〔{self.year}〕第{self.serial}期"
