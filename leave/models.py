"""Leave and trips (请销假、离县外出报告), 第五十一条、第五十四条: the kinds, the request, its history.

A request is reported and approved *before* the person goes [51], [54]; approval writes the person's
``org.Absence``, which every chapter that routes work to people reads (circulation passes over the absent
[26(6)3]). The state field is protected: only the transitions below change it, and only services call them.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import TransitionLogBase, WorkflowModel, state_field, step
from org.models import Absence

from . import rules
from .periods import Half, Period, label, start_moment

# --- the kinds [54] -------------------------------------------------------------------------------------------


class Category(models.TextChoices):
    """The three things 第五十一条、第五十四条 name: 出差、学习(培训)、请(休)假."""

    TRIP = "trip", "出差"
    STUDY = "study", "学习(培训)"
    LEAVE = "leave", "请(休)假"


# The reason an approved request writes on the person's org.Absence.
ABSENCE_REASONS = {
    Category.TRIP: Absence.Reason.TRIP,
    Category.STUDY: Absence.Reason.TRAINING,
    Category.LEAVE: Absence.Reason.LEAVE,
}
ABSENCE_SOURCE = "leave"  # org.Absence.source of the absences this app writes


class LeaveKind(models.Model):
    """出差 / 学习培训 / 事假 / 病假 / 年休假 … — the national kinds, kept by the administrator."""

    name = models.CharField("名称", max_length=30, unique=True)
    category = models.CharField("类别", max_length=10, choices=Category.choices)
    requires_destination = models.BooleanField(
        "须填写去向", default=False, help_text="出差、学习培训须写明去向；离开县境的请假一律须写明去向 [51]。"
    )
    allows_retroactive = models.BooleanField(
        "允许事后补办", default=False, help_text="如病假：来不及事前报告的，可在事后补办，审批时标明“事后补办” [54]。"
    )
    is_annual_leave = models.BooleanField("计入年休假", default=False, help_text="按工龄核定的带薪年休假天数扣减。")
    active = models.BooleanField("在用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "请假类别"
        verbose_name_plural = "请假类别"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def needs_destination(self) -> bool:
        return self.requires_destination or self.category in (Category.TRIP, Category.STUDY)


# --- the request ---------------------------------------------------------------------------------------------


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING = "pending", "待审批"  # reported, waiting for the approver [51], [54]
    APPROVED = "approved", "已批准"  # may go [54]: 经批准后方可外出
    REJECTED = "rejected", "未批准"
    AWAY = "away", "外出中"
    RETURNED = "returned", "已销假"
    WITHDRAWN = "withdrawn", "已撤回"


# Approved and not yet back: the person is (or will be) away; org.Absence is written for these.
ACTIVE_STATES = (State.APPROVED, State.AWAY)
# Held against the same person's other requests (no two overlap) and against the annual-leave balance.
HELD_STATES = (State.PENDING, State.APPROVED, State.AWAY, State.RETURNED)
# Counted as time away in calendars and statistics.
TAKEN_STATES = (State.APPROVED, State.AWAY, State.RETURNED)


class LeaveRequest(WorkflowModel):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="leave_requests", verbose_name="请假人"
    )
    kind = models.ForeignKey(LeaveKind, on_delete=models.PROTECT, related_name="+", verbose_name="类别")
    start_date = models.DateField("开始日期")
    start_half = models.CharField("开始", max_length=2, choices=Half.choices, default=Half.AM)
    end_date = models.DateField("结束日期")
    end_half = models.CharField("结束", max_length=2, choices=Half.choices, default=Half.PM)
    # Computed by the service from the holiday calendar, never typed in [54].
    working_days = models.DecimalField(
        "工作日天数", max_digits=5, decimal_places=1, default=Decimal(0), validators=[MinValueValidator(0)]
    )
    destination = models.CharField("去向", max_length=100, blank=True)
    leaves_county = models.BooleanField("离开县境", default=False)  # 离县 [51]
    reason = models.TextField("事由", blank=True)
    cover = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="工作交接人",
    )
    # An optional supporting paper (a sick note …), type-checked by content (core.uploads).
    attachment = models.FileField("附件", upload_to="leave/%Y/%m/", blank=True)
    attachment_name = models.CharField("附件名", max_length=200, blank=True)
    attachment_type = models.CharField("附件类型", max_length=60, blank=True)

    # --- 续假: a new request continuing an approved one; its approver counts the whole chain [54] -------------
    extends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="extensions",
        verbose_name="续假原请假单",
    )

    # --- submission: who approves and why, fixed when sent [51], [54] ------------------------------------------
    submitted_at = models.DateTimeField("报告时间", null=True, blank=True)
    retroactive = models.BooleanField("事后补办", default=False)
    chain_days = models.DecimalField("连同原假合计天数", max_digits=6, decimal_places=1, default=Decimal(0))
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批人",
    )
    approval_rule = models.CharField("审批依据", max_length=200, blank=True)
    approval_article = models.CharField("条款", max_length=30, blank=True)
    decision_due_at = models.DateTimeField("审批期限", null=True, blank=True)

    # --- decision ------------------------------------------------------------------------------------------------
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_comment = models.TextField("审批意见", blank=True)

    # --- away and back (外出、销假) -----------------------------------------------------------------------------
    absence = models.OneToOneField(
        Absence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leave_request",
        verbose_name="外出记录",
    )
    departed_at = models.DateTimeField("外出时间", null=True, blank=True)
    return_due_at = models.DateTimeField("销假期限", null=True, blank=True)
    returned_on = models.DateField("回岗日期", null=True, blank=True)
    returned_half = models.CharField("回岗", max_length=2, choices=Half.choices, blank=True)
    returned_at = models.DateTimeField("销假时间", null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="销假登记人",
    )
    actual_days = models.DecimalField("实际天数", max_digits=5, decimal_places=1, null=True, blank=True)

    state = state_field(State.choices, State.DRAFT)

    class Meta:
        verbose_name = "请销假"
        verbose_name_plural = "请销假"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="leave_end_not_before_start"
            ),
            models.CheckConstraint(condition=Q(working_days__gte=0), name="leave_days_not_negative"),
            models.CheckConstraint(
                condition=Q(state="draft")
                | Q(state="withdrawn", submitted_at__isnull=True)
                | Q(approver__isnull=False),
                name="leave_submitted_has_approver",
            ),
        ]
        indexes = [
            # 我的请假: one person's requests, newest first.
            models.Index(fields=["person", "-created_at", "-id"], name="leave_person_created"),
            # A person's year (年休假 taken, the year page) and the overlap check.
            models.Index(fields=["person", "start_date"], name="leave_person_start"),
            # 我的待办 and its badge on every page (selectors.waiting_for): one's drafts and one's absences waiting
            # for 销假. Without these the badge reads every request the person ever made (11 ms at 3,300 each).
            models.Index(fields=["person", "-created_at"], condition=Q(state="draft"), name="leave_person_drafts"),
            models.Index(
                fields=["person", "end_date"], condition=Q(state__in=["approved", "away"]), name="leave_person_active"
            ),
            # The approver's queue: the few requests waiting for each approver.
            models.Index(
                fields=["approver", "submitted_at"], condition=Q(state="pending"), name="leave_approver_pending"
            ),
            # The 审批 deadline source: pending requests by due moment.
            models.Index(fields=["decision_due_at", "id"], condition=Q(state="pending"), name="leave_pending_due"),
            # The 在岗/外出 board and the 销假 deadline: approved or away, by end date (end ≥ today is a small set).
            models.Index(
                fields=["end_date", "start_date"],
                condition=Q(state__in=["approved", "away"]),
                name="leave_active_window",
            ),
            models.Index(
                fields=["return_due_at", "id"], condition=Q(state__in=["approved", "away"]), name="leave_return_due"
            ),
            # The month calendar and statistics: taken requests by start date (a request spans ≤ 366 days).
            models.Index(
                fields=["start_date", "end_date"],
                condition=Q(state__in=["approved", "away", "returned"]),
                name="leave_calendar",
            ),
        ]
        permissions = [
            ("view_all_leaverequest", "可查看全体人员请销假"),
            ("export_leaverequest", "可导出请销假登记和考勤汇总"),
        ]

    def __str__(self) -> str:
        return f"{self.kind.name} {self.period_label}"

    # --- what it looks like ---------------------------------------------------------------------------------------
    @property
    def period(self) -> Period:
        return Period(self.start_date, self.start_half, self.end_date, self.end_half)

    @property
    def starts_at(self) -> datetime:
        return self.period.starts_at

    @property
    def ends_at(self) -> datetime:
        """Where the approved absence ends; after 销假, where it really ended."""
        if self.returned_on:
            return start_moment(self.returned_on, self.returned_half)
        return self.period.ends_at

    @property
    def period_label(self) -> str:
        return f"{label(self.start_date, self.start_half)}至{label(self.end_date, self.end_half)}"

    @property
    def days_label(self) -> str:
        return f"{self.working_days.normalize():f}天"

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def not_begun(self) -> bool:
        """May still be withdrawn: before a decision; after approval only while the absence has not begun."""
        return self.state in (State.DRAFT, State.PENDING) or (self.state == State.APPROVED and not self.has_started)

    @property
    def returned_early(self) -> bool:
        return bool(self.returned_on) and self.ends_at < self.period.ends_at

    # --- transitions: the state machine. Permissions are in ``rules``; services call these. ------------------------
    @step(state, State.DRAFT, State.PENDING, permission=rules.can_submit, label="报告审批", article="[51][54]")
    def submit(self) -> None:
        pass

    @step(
        state,
        [State.DRAFT, State.PENDING, State.APPROVED],
        State.WITHDRAWN,
        permission=rules.can_withdraw,
        label="撤回",
        article="[54]",
        conditions=[lambda req: req.not_begun],
        admin=True,
    )
    def withdraw(self) -> None:
        """Before a decision; or after approval as long as the absence has not begun (then it is 销假)."""

    @step(
        state,
        [State.PENDING, State.APPROVED, State.AWAY],
        State.WITHDRAWN,
        permission=rules.can_report_return,
        label="销假时撤销未开始的续假",
        article="[54]",
    )
    def drop_on_return(self) -> None:
        """销假 before a 续假 began (or was decided): it is no longer needed. Taken by ``leave_return`` only."""

    @step(
        state, State.PENDING, State.APPROVED, permission=rules.can_decide, label="批准", article="[51][54]", admin=True
    )
    def approve(self) -> None:
        pass

    @step(state, State.PENDING, State.REJECTED, permission=rules.can_decide, label="不批准", article="[51][54]")
    def reject(self) -> None:
        pass

    @step(
        state,
        State.APPROVED,
        State.AWAY,
        permission=rules.can_report_return,
        label="外出",
        article="[54]",
        conditions=[lambda req: req.has_started],
    )
    def depart(self) -> None:
        """经批准后方可外出 [54]: taken when the approved start arrives (``leave.tasks``), or on the way to 销假."""

    @step(
        state, State.AWAY, State.RETURNED, permission=rules.can_report_return, label="销假", article="[54]", admin=True
    )
    def report_return(self) -> None:
        pass


class TransitionLog(TransitionLogBase):
    document = models.ForeignKey(LeaveRequest, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "请销假办理记录"
        verbose_name_plural = "请销假办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="leave_log_document")]


class CalendarFeed(models.Model):
    """A person's calendar subscription (ICS) of their approved absences. The address carries an HMAC of the
    person and this salt (``leave.feeds``); 重置 draws a new salt, so every earlier address stops working."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leave_feed", verbose_name="人员"
    )
    salt = models.CharField("密钥盐", max_length=64)
    reset_at = models.DateTimeField("重置时间", default=timezone.now)

    class Meta:
        verbose_name = "请销假日历订阅"
        verbose_name_plural = "请销假日历订阅"

    def __str__(self) -> str:
        return f"日历订阅 {self.person_id}"
