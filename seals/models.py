"""印信 (第七条 [7]): the county government's and the office's seals, each use of one, and the seals the office
has made for the county's departments and townships (县政府各部门印章制发的管理).

[7] gives the office 县政府的印信 together with 文电收发, so the registry clerk (收发秘书) keeps the seals and
stamps; the outgoing chapter's 用印 step [30(5)] is already the clerk's. Four records:

- ``Seal`` (印章): 在用 → 停用 → 在用 again, or → 缴销 (surrendered, the end). A seal not in use stamps nothing.
- ``SealRequest`` (用印申请): 待审批 → 已批准 (the office director or a deputy director) → 已用印 (once), or
  已退回 / 已撤回. A use that is not an outgoing document needs one [7].
- ``SealUse`` (用印登记): append-only; a wrong entry is voided (作废, with who and why), never deleted.
- ``SealApplication`` (刻制印章申请): a unit's 联络员 (their own unit only) or the clerk for them applies →
  the office director approves or rejects → the clerk records it made (已刻制) → handed over (已交接), which
  registers the new ``Seal`` with the receiver as its keeper.

Every state changes only through ``services`` (django-fsm, protected), each step logged. Nothing is deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import TransitionLogBase, WorkflowModel, state_field, step
from org.models import Unit

from . import rules

# --- 印章 [7] -------------------------------------------------------------------------------------------------


class SealKind(models.TextChoices):
    OFFICIAL = "official", "行政公章"
    SPECIAL = "special", "专用章"
    EMBOSSED = "embossed", "钢印"
    PERSONAL = "personal", "名章"
    OTHER = "other", "其他"


class Serves(models.TextChoices):
    """Which organ's papers an own seal stamps; the outgoing link picks the seal by it [30(5)]."""

    NONE = "", "—"
    COUNTY = "county", "县政府"
    OFFICE = "office", "县政府办公室"


class SealState(models.TextChoices):
    IN_USE = "in_use", "在用"
    SUSPENDED = "suspended", "停用"
    SURRENDERED = "surrendered", "缴销"


class Seal(WorkflowModel):
    """印章: an own seal of the county government or the office, kept by the clerk (``unit`` empty), or a
    department's or township's seal made through the office (``unit`` set, kept by the unit's custodian) [7]."""

    Kind = SealKind
    State = SealState

    number = models.CharField("登记编号", max_length=30, unique=True)
    year = models.PositiveSmallIntegerField("登记年度")
    serial = models.PositiveIntegerField("登记序号")
    name = models.CharField("印文", max_length=100)
    kind = models.CharField("类别", max_length=12, choices=SealKind.choices, default=SealKind.OFFICIAL)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seals",
        verbose_name="使用单位",
        help_text="空：县政府或县政府办公室自用的印章，由办公室保管。",
    )
    serves = models.CharField(
        "用于",
        max_length=10,
        choices=Serves.choices,
        default=Serves.NONE,
        blank=True,
        help_text="自用印章盖哪个机关的文件",
    )
    keeper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="保管人",
    )
    keeper_name = models.CharField("保管人（单位）", max_length=50, blank=True)
    made_on = models.DateField("刻制（启用）日期", null=True, blank=True)
    approval = models.ForeignKey(
        "SealApplication",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="刻制审批",
    )
    impression = models.FileField("印模", upload_to="seals/impressions/%Y/", blank=True)
    state_on = models.DateField("状态日期", null=True, blank=True)
    state_reason = models.CharField("停用/缴销原因", max_length=300, blank=True)
    note = models.TextField("备注", blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )

    state = state_field(SealState.choices, SealState.IN_USE)

    class Meta:
        verbose_name = "印章"
        verbose_name_plural = "印章"
        ordering = ["-year", "-serial"]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="seals_seal_serial"),
            # An own seal has the clerk as keeper; a unit's seal names the unit's custodian [7].
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(keeper__isnull=False), name="seals_seal_own_has_keeper"
            ),
            # One seal in use per organ's papers, so the outgoing 用印 step knows which seal stamped [30(5)].
            models.UniqueConstraint(
                fields=["serves"],
                condition=Q(state="in_use") & ~Q(serves=""),
                name="seals_one_in_use_per_organ",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "state"], name="seals_seal_unit_state"),
            models.Index(fields=["serves", "state"], name="seals_seal_serves"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.number}）"

    @property
    def is_own(self) -> bool:
        return self.unit_id is None

    @property
    def in_use(self) -> bool:
        return self.state == SealState.IN_USE

    @step(
        state,
        SealState.IN_USE,
        SealState.SUSPENDED,
        permission=rules.can_change_seal,
        label="停用",
        article="[7]",
        admin=True,
    )
    def suspend(self) -> None:
        pass

    @step(
        state,
        SealState.SUSPENDED,
        SealState.IN_USE,
        permission=rules.can_change_seal,
        label="恢复使用",
        article="[7]",
        admin=True,
    )
    def resume(self) -> None:
        pass

    @step(
        state,
        [SealState.IN_USE, SealState.SUSPENDED],
        SealState.SURRENDERED,
        permission=rules.can_change_seal,
        label="缴销",
        article="[7]",
        admin=True,
    )
    def surrender(self) -> None:
        pass


class SealLog(TransitionLogBase):
    document = models.ForeignKey(Seal, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "印章变动记录"
        verbose_name_plural = "印章变动记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="seals_seallog_document")]


# --- 用印申请 [7] --------------------------------------------------------------------------------------------


class Purpose(models.TextChoices):
    LETTER = "letter", "函件"
    CERTIFICATE = "certificate", "证明"
    CONTRACT = "contract", "合同"
    MATERIAL = "material", "材料"
    OTHER = "other", "其他"


class UsePurpose(models.TextChoices):
    """A use's purpose: a request's, or an outgoing document's (发文) [30(5)]."""

    LETTER = "letter", "函件"
    CERTIFICATE = "certificate", "证明"
    CONTRACT = "contract", "合同"
    MATERIAL = "material", "材料"
    OTHER = "other", "其他"
    OUTGOING = "outgoing", "发文"


class RequestState(models.TextChoices):
    SUBMITTED = "submitted", "待审批"
    APPROVED = "approved", "已批准"
    RETURNED = "returned", "已退回"
    WITHDRAWN = "withdrawn", "已撤回"
    USED = "used", "已用印"


class SealRequest(WorkflowModel):
    """用印申请: an office staff member asks to stamp a paper that is not an outgoing document; the office
    director or a deputy director approves or returns it; the clerk stamps it once [7]."""

    Purpose = Purpose
    State = RequestState

    number = models.CharField("申请编号", max_length=30, unique=True)
    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("序号")
    seal = models.ForeignKey(Seal, on_delete=models.PROTECT, related_name="requests", verbose_name="印章")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申请人"
    )
    subject = models.CharField("用印事由（文件名称）", max_length=200)
    purpose = models.CharField("用途", max_length=12, choices=Purpose.choices, default=Purpose.MATERIAL)
    copies = models.PositiveIntegerField("份数", default=1)
    reason = models.TextField("申请理由", blank=True)
    file = models.FileField("待用印文件", upload_to="seals/requests/%Y/%m/", blank=True)
    submitted_at = models.DateTimeField("申请时间", default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批领导",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_comment = models.TextField("审批意见", blank=True)

    state = state_field(RequestState.choices, RequestState.SUBMITTED)

    class Meta:
        verbose_name = "用印申请"
        verbose_name_plural = "用印申请"
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="seals_request_serial"),
            models.CheckConstraint(condition=Q(copies__gte=1), name="seals_request_copies"),
            # [7]: no approved (or used) request without the leader who approved it.
            models.CheckConstraint(
                condition=~Q(state__in=["approved", "used", "returned"])
                | (Q(decided_by__isnull=False) & Q(decided_at__isnull=False)),
                name="seals_request_decided_by",
            ),
        ]
        indexes = [
            models.Index(fields=["applicant", "-submitted_at", "-id"], name="seals_request_applicant"),
            models.Index(fields=["-submitted_at", "-id"], name="seals_request_recent"),
            models.Index(fields=["submitted_at", "id"], condition=Q(state="submitted"), name="seals_request_waiting"),
            models.Index(fields=["decided_at", "id"], condition=Q(state="approved"), name="seals_request_approved"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @step(
        state,
        RequestState.SUBMITTED,
        RequestState.APPROVED,
        permission=rules.can_decide_request_obj,
        label="批准用印",
        article="[7]",
        admin=True,
    )
    def approve(self) -> None:
        pass

    @step(
        state,
        RequestState.SUBMITTED,
        RequestState.RETURNED,
        permission=rules.can_decide_request_obj,
        label="退回",
        article="[7]",
        admin=True,
    )
    def return_(self) -> None:
        pass

    @step(
        state,
        [RequestState.SUBMITTED, RequestState.APPROVED],
        RequestState.WITHDRAWN,
        permission=rules.can_withdraw_request,
        label="撤回",
        article="[7]",
    )
    def withdraw(self) -> None:
        pass

    @step(
        state,
        RequestState.APPROVED,
        RequestState.USED,
        permission=rules.can_stamp_request,
        label="用印",
        article="[7]",
    )
    def use(self) -> None:
        pass

    @step(
        state,
        RequestState.USED,
        RequestState.APPROVED,
        permission=rules.can_stamp_request,
        label="用印登记作废，恢复待用印",
        article="[7]",
    )
    def reopen(self) -> None:
        """Taken by ``use_void`` only: the wrong entry is voided, the approval stands for the right one."""


class SealRequestLog(TransitionLogBase):
    document = models.ForeignKey(SealRequest, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "用印申请办理记录"
        verbose_name_plural = "用印申请办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="seals_reqlog_document")]


# --- 用印登记 [7], [30(5)] -----------------------------------------------------------------------------------


class SealUse(models.Model):
    """用印登记簿: one stamping — an approved request's, or an outgoing document's at its 用印 step [7][30(5)].
    Append-only; a wrong entry is voided (作废) with who and why, never deleted or changed."""

    Purpose = UsePurpose

    seal = models.ForeignKey(Seal, on_delete=models.PROTECT, related_name="uses", verbose_name="印章")
    used_at = models.DateTimeField("用印时间", default=timezone.now)
    outgoing = models.ForeignKey(
        "outgoing.OutgoingDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="发文",
    )
    request = models.ForeignKey(
        SealRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="uses",
        verbose_name="用印申请",
    )
    subject = models.CharField("用印事由（文件名称）", max_length=200)
    purpose = models.CharField("用途", max_length=12, choices=UsePurpose.choices)
    copies = models.PositiveIntegerField("份数", default=1)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="批准人",
    )
    stamped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="监印人"
    )
    note = models.CharField("备注", max_length=300, blank=True)
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="作废人",
    )
    void_reason = models.CharField("作废原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "用印登记"
        verbose_name_plural = "用印登记"
        ordering = ["-used_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(copies__gte=1), name="seals_use_copies"),
            # [7]: every use rests on an approved request or an outgoing document at 用印 [30(5)].
            models.CheckConstraint(
                condition=Q(request__isnull=False) | Q(outgoing__isnull=False), name="seals_use_has_basis"
            ),
            # A request is used once; an outgoing document is stamped once (a voided entry does not count).
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(request__isnull=False, voided_at__isnull=True),
                name="seals_use_request_once",
            ),
            models.UniqueConstraint(
                fields=["outgoing"],
                condition=Q(outgoing__isnull=False, voided_at__isnull=True),
                name="seals_use_outgoing_once",
            ),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | (Q(voided_by__isnull=False) & ~Q(void_reason="")),
                name="seals_use_void_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["-used_at", "-id"], name="seals_use_recent"),
            models.Index(fields=["seal", "-used_at", "-id"], name="seals_use_seal"),
        ]

    def __str__(self) -> str:
        return f"{self.seal_id} {self.subject}"

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


# --- 刻制印章申请 [7] ----------------------------------------------------------------------------------------


class ApplicationReason(models.TextChoices):
    NEW = "new", "新设机构"
    RENAMED = "renamed", "更名"
    DAMAGED = "damaged", "损坏"
    LOST = "lost", "遗失"
    OTHER = "other", "其他"


class ApplicationState(models.TextChoices):
    SUBMITTED = "submitted", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "不予批准"
    RETURNED = "returned", "退回补正"
    MADE = "made", "已刻制"
    HANDED_OVER = "handed_over", "已交接"
    WITHDRAWN = "withdrawn", "已撤回"


class SealApplication(WorkflowModel):
    """刻制印章申请 of a department or township: the office director decides, the clerk has it made and hands
    it over; the handover registers the seal [7]."""

    Reason = ApplicationReason
    State = ApplicationState

    number = models.CharField("申请编号", max_length=30, unique=True)
    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("序号")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="申请单位")
    seal_name = models.CharField("印文", max_length=100)
    kind = models.CharField("印章类别", max_length=12, choices=SealKind.choices, default=SealKind.OFFICIAL)
    reason = models.CharField("刻制原因", max_length=12, choices=ApplicationReason.choices)
    explanation = models.TextField("情况说明", blank=True)
    basis_file = models.FileField("批准文件", upload_to="seals/applications/%Y/", blank=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申请（录入）人"
    )
    submitted_at = models.DateTimeField("申请时间", default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批领导",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_comment = models.TextField("审批意见", blank=True)
    made_on = models.DateField("刻制日期", null=True, blank=True)
    maker = models.CharField("刻制单位", max_length=100, blank=True)
    handed_on = models.DateField("交接日期", null=True, blank=True)
    received_by_name = models.CharField("领取人", max_length=50, blank=True)
    received_by_phone = models.CharField("领取人电话", max_length=30, blank=True)
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="移交人",
    )
    seal = models.OneToOneField(
        Seal, on_delete=models.PROTECT, null=True, blank=True, related_name="application", verbose_name="印章"
    )

    state = state_field(ApplicationState.choices, ApplicationState.SUBMITTED)

    class Meta:
        verbose_name = "刻制印章申请"
        verbose_name_plural = "刻制印章申请"
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="seals_application_serial"),
            models.CheckConstraint(
                condition=~Q(state__in=["approved", "rejected", "returned", "made", "handed_over"])
                | (Q(decided_by__isnull=False) & Q(decided_at__isnull=False)),
                name="seals_application_decided_by",
            ),
            models.CheckConstraint(
                condition=~Q(state="handed_over") | (Q(seal__isnull=False) & Q(handed_on__isnull=False)),
                name="seals_application_handed_seal",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "-submitted_at", "-id"], name="seals_application_unit"),
            models.Index(fields=["-submitted_at", "-id"], name="seals_application_recent"),
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(state__in=["submitted", "returned", "approved", "made"]),
                name="seals_application_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.seal_name}"

    @step(
        state,
        ApplicationState.SUBMITTED,
        ApplicationState.APPROVED,
        permission=rules.can_decide_application_obj,
        label="批准刻制",
        article="[7]",
        admin=True,
    )
    def approve(self) -> None:
        pass

    @step(
        state,
        ApplicationState.SUBMITTED,
        ApplicationState.REJECTED,
        permission=rules.can_decide_application_obj,
        label="不予批准",
        article="[7]",
        admin=True,
    )
    def reject(self) -> None:
        pass

    @step(
        state,
        ApplicationState.SUBMITTED,
        ApplicationState.RETURNED,
        permission=rules.can_decide_application_obj,
        label="退回补正",
        article="[7]",
    )
    def return_(self) -> None:
        pass

    @step(
        state,
        ApplicationState.RETURNED,
        ApplicationState.SUBMITTED,
        permission=rules.can_withdraw_application,
        label="补正后重新提交",
        article="[7]",
    )
    def resubmit(self) -> None:
        pass

    @step(
        state,
        [ApplicationState.SUBMITTED, ApplicationState.RETURNED],
        ApplicationState.WITHDRAWN,
        permission=rules.can_withdraw_application,
        label="撤回",
        article="[7]",
    )
    def withdraw(self) -> None:
        pass

    @step(
        state,
        ApplicationState.APPROVED,
        ApplicationState.MADE,
        permission=rules.can_make_seal,
        label="刻制完成",
        article="[7]",
    )
    def make(self) -> None:
        pass

    @step(
        state,
        ApplicationState.MADE,
        ApplicationState.HANDED_OVER,
        permission=rules.can_make_seal,
        label="交接",
        article="[7]",
    )
    def hand_over(self) -> None:
        pass


class SealApplicationLog(TransitionLogBase):
    document = models.ForeignKey(SealApplication, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "刻制印章办理记录"
        verbose_name_plural = "刻制印章办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="seals_applog_document")]
