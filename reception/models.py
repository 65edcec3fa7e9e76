"""公务接待与重大活动 (第六条 [6]): the request (接待申请 or 重大活动), its approval, the schedule (日程) and, after the
visit, the 公务接待清单 — kept as the national rules on official reception (《党政机关国内公务接待管理规定》) ask:
no reception without an official letter (公函) and approval; accompanying staff limited; a list afterwards of who
came, the meals, lodging, the accompanying staff and the cost, signed by the handler; records kept.

Lifecycle: 待审批 → (above ``RECEPTION_LEADER_APPROVAL_ABOVE`` yuan: 待县长审批 →) 已批准 → 已接待（待填清单） →
已填报清单; 退回 (→ resubmitted, 待审批) and 不予接待 from either approval; 已取消 before it is held. Nothing is
deleted; schedule lines taken off the schedule keep a ``removed_at``.

Every state field is protected: only the transitions below change it, and only ``services`` call them.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import TransitionLogBase, WorkflowModel, state_field, step

from . import rules


class Kind(models.TextChoices):
    RECEPTION = "reception", "公务接待"
    ACTIVITY = "activity", "重大活动"


class State(models.TextChoices):
    SUBMITTED = "submitted", "待审批"
    HEAD_REVIEW = "head_review", "待县长审批"
    RETURNED = "returned", "退回"
    REJECTED = "rejected", "不予接待"
    APPROVED = "approved", "已批准"
    HELD = "held", "已接待（待填清单）"
    RECORDED = "recorded", "已填报清单"
    CANCELLED = "cancelled", "已取消"


# Waiting for an approver: 我的待办 and the approval reminder [6].
APPROVAL_STATES = (State.SUBMITTED, State.HEAD_REVIEW)
# Approved, the 清单 not yet filled: the record reminder [6].
RECORD_STATES = (State.APPROVED, State.HELD)
ENDED_STATES = (State.REJECTED, State.RECORDED, State.CANCELLED)


def accompany_limit(visitor_count: int) -> int:
    """陪同人员: no more than 3 when the visitors are 10 or fewer, no more than a third of them above 10 [6]."""
    return 3 if visitor_count <= 10 else visitor_count // 3


# --- the transitions' conditions (django-fsm ``conditions=``) ----------------------------------------------------


def cond_has_letter(obj) -> bool:
    """No reception without a 公函 [6]; an activity needs none."""
    return obj.kind == Kind.ACTIVITY or bool(obj.letter_number.strip() or obj.letter_file)


def cond_within_limit(obj) -> bool:
    return obj.kind == Kind.ACTIVITY or obj.accompany_count <= accompany_limit(obj.visitor_count)


def cond_needs_head(obj) -> bool:
    return obj.needs_head


def cond_office_only(obj) -> bool:
    return not obj.needs_head


class Reception(WorkflowModel):
    """接待申请 or 重大活动 [6]."""

    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.RECEPTION)
    title = models.CharField("名称", max_length=200, help_text="公务接待：来访单位及事由；重大活动：活动名称")
    visiting_unit = models.CharField("来访单位", max_length=100, blank=True)
    letter_number = models.CharField("公函文号", max_length=60, blank=True)
    letter_file = models.FileField("公函扫描件", upload_to="reception/letters/%Y/%m/", blank=True)
    letter_name = models.CharField("公函文件名", max_length=200, blank=True)
    visitors = models.TextField("来访人员（姓名、职务，每行一人）", blank=True)
    visitor_count = models.PositiveSmallIntegerField("人数（来访人数或活动规模）")
    purpose = models.TextField("事由（活动内容）")
    arrive_on = models.DateField("到达（活动开始）日期")
    leave_on = models.DateField("离开（活动结束）日期")
    place = models.CharField("地点（就餐、住宿或活动地点）", max_length=200, blank=True)
    receiving_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="接待领导",
    )
    leaders_attending = models.CharField("出席领导（重大活动）", max_length=300, blank=True)
    accompany_count = models.PositiveSmallIntegerField("陪同人数", default=0)
    meal_standard = models.DecimalField("用餐标准（元/人·餐）", max_digits=8, decimal_places=2, default=Decimal("0"))
    lodging = models.BooleanField("安排住宿", default=False)
    estimated_cost = models.DecimalField("预计费用（元）", max_digits=10, decimal_places=2, default=Decimal("0"))
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="经办人"
    )
    registered_at = models.DateTimeField("登记时间")
    needs_head = models.BooleanField("须县长审批", default=False)
    # Whose approval it waits for now, and until when (1 working day) [6].
    waiting_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="待审批人",
    )
    approval_due_at = models.DateTimeField("审批期限", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批人",
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    head_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="县长审批人",
    )
    head_approved_at = models.DateTimeField("县长审批时间", null=True, blank=True)
    decision_comment = models.CharField("审批意见", max_length=500, blank=True)
    record_due_at = models.DateTimeField("清单填报期限", null=True, blank=True)
    held_at = models.DateTimeField("接待完成登记时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=300, blank=True)

    state = state_field(State.choices, State.SUBMITTED)

    class Meta:
        verbose_name = "公务接待"
        verbose_name_plural = "公务接待"
        ordering = ["-registered_at", "-id"]
        indexes = [
            models.Index(fields=["-registered_at", "-id"], name="reception_recent"),
            models.Index(fields=["arrive_on", "id"], name="reception_arrive"),
            models.Index(fields=["receiving_leader", "-registered_at"], name="reception_leader"),
            models.Index(
                fields=["approval_due_at", "id"],
                condition=Q(state__in=["submitted", "head_review"]),
                name="reception_waiting",
            ),
            models.Index(
                fields=["record_due_at", "id"],
                condition=Q(state__in=["approved", "held"]),
                name="reception_record_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(leave_on__gte=models.F("arrive_on")), name="reception_dates_order"),
            models.CheckConstraint(condition=Q(visitor_count__gte=1), name="reception_has_visitors"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_letter(self) -> bool:
        return cond_has_letter(self)

    @property
    def accompany_limit(self) -> int:
        return accompany_limit(self.visitor_count)

    @property
    def is_activity(self) -> bool:
        return self.kind == Kind.ACTIVITY

    # --- the lifecycle [6] -----------------------------------------------------------------------------------
    @step(
        state,
        State.SUBMITTED,
        State.APPROVED,
        permission=rules.can_approve,
        label="批准",
        article="[6]",
        conditions=[cond_has_letter, cond_within_limit, cond_office_only],
    )
    def approve(self):
        pass

    @step(
        state,
        State.SUBMITTED,
        State.HEAD_REVIEW,
        permission=rules.can_approve,
        label="同意并报县长审批",
        article="[6]",
        conditions=[cond_has_letter, cond_within_limit, cond_needs_head],
    )
    def approve_to_head(self):
        pass

    @step(
        state,
        State.HEAD_REVIEW,
        State.APPROVED,
        permission=rules.can_head_approve,
        label="县长批准",
        article="[6]",
        conditions=[cond_has_letter, cond_within_limit],
    )
    def head_approve(self):
        pass

    @step(state, list(APPROVAL_STATES), State.RETURNED, permission=rules.can_decide, label="退回", article="[6]")
    def send_back(self):
        pass

    @step(state, list(APPROVAL_STATES), State.REJECTED, permission=rules.can_decide, label="不予接待", article="[6]")
    def reject(self):
        pass

    @step(state, State.RETURNED, State.SUBMITTED, permission=rules.can_handle, label="修改后重新报批", article="[6]")
    def resubmit(self):
        pass

    @step(state, State.APPROVED, State.HELD, permission=rules.can_handle, label="接待完成", article="[6]")
    def mark_held(self):
        pass

    @step(state, State.HELD, State.RECORDED, permission=rules.can_handle, label="填报公务接待清单", article="[6]")
    def mark_recorded(self):
        pass

    @step(
        state,
        [State.SUBMITTED, State.HEAD_REVIEW, State.RETURNED, State.APPROVED],
        State.CANCELLED,
        permission=rules.can_cancel,
        label="取消",
        article="[6]",
    )
    def cancel(self):
        pass


class ScheduleItem(models.Model):
    """日程: one line of the day's schedule (time, item, place, who accompanies) [6]. Taken off, never deleted."""

    reception = models.ForeignKey(Reception, on_delete=models.PROTECT, related_name="schedule", verbose_name="接待")
    day = models.DateField("日期")
    start = models.TimeField("时间")
    item = models.CharField("事项", max_length=200)
    place = models.CharField("地点", max_length=200, blank=True)
    accompanied_by = models.CharField("陪同人员", max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="安排人"
    )
    added_at = models.DateTimeField("安排时间", auto_now_add=True)
    removed_at = models.DateTimeField("撤下时间", null=True, blank=True)

    class Meta:
        verbose_name = "接待日程"
        verbose_name_plural = "接待日程"
        ordering = ["reception", "day", "start", "id"]
        indexes = [models.Index(fields=["reception", "day", "start"], name="reception_schedule_day")]

    def __str__(self) -> str:
        return f"{self.day:%m-%d} {self.start:%H:%M} {self.item}"


class ReceptionRecord(models.Model):
    """公务接待清单 [6]: who came, the accompanying staff, meals, lodging, other costs and the total (the sum of
    its lines, computed by the service), signed by the handler."""

    reception = models.OneToOneField(Reception, on_delete=models.PROTECT, related_name="record", verbose_name="接待")
    actual_visitors = models.TextField("实际来访人员（姓名、职务）")
    actual_visitor_count = models.PositiveSmallIntegerField("实际来访人数")
    actual_accompany_count = models.PositiveSmallIntegerField("实际陪同人数")
    lodging_note = models.CharField("住宿安排", max_length=300, blank=True)
    lodging_cost = models.DecimalField("住宿费用（元）", max_digits=10, decimal_places=2, default=Decimal("0"))
    other_note = models.CharField("其他费用说明", max_length=300, blank=True)
    other_cost = models.DecimalField("其他费用（元）", max_digits=10, decimal_places=2, default=Decimal("0"))
    total = models.DecimalField("合计（元）", max_digits=12, decimal_places=2)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="经办人签字"
    )
    signed_at = models.DateTimeField("签字时间")

    class Meta:
        verbose_name = "公务接待清单"
        verbose_name_plural = "公务接待清单"

    def __str__(self) -> str:
        return f"{self.reception} 接待清单"


class MealLine(models.Model):
    """One meal of the 清单: when, which meal, how many ate, what it cost [6]."""

    class Meal(models.TextChoices):
        BREAKFAST = "breakfast", "早餐"
        LUNCH = "lunch", "午餐"
        DINNER = "dinner", "晚餐"

    record = models.ForeignKey(ReceptionRecord, on_delete=models.PROTECT, related_name="meals", verbose_name="清单")
    served_on = models.DateField("日期")
    meal = models.CharField("餐次", max_length=10, choices=Meal.choices)
    diners = models.PositiveSmallIntegerField("就餐人数")
    cost = models.DecimalField("费用（元）", max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = "公务接待用餐"
        verbose_name_plural = "公务接待用餐"
        ordering = ["record", "served_on", "id"]

    def __str__(self) -> str:
        return f"{self.served_on:%m-%d} {self.get_meal_display()} {self.diners}人"


class ReceptionLog(TransitionLogBase):
    """The reception's history: every step, who, when, from, to, why."""

    document = models.ForeignKey(Reception, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "公务接待办理记录"
        verbose_name_plural = "公务接待办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="reception_log_document")]
