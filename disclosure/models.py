"""政务公开 (第五章 [35], [36]): each township's and department's disclosure checklist (公开目录), the office's
inspections (检查) with their findings and rectifications, and the yearly assessment (考核).

[35]: the office coordinates and guides the units' disclosure; everything is public except what law keeps
secret — a checklist entry marked exempt (a state secret, or otherwise not disclosed by law) carries its legal
basis, in the services and in a check constraint. [36]: the office urges the units on, inspects them regularly
and assesses them.

Three state machines, each changed only by ``services`` through django-fsm transitions, each with its own log:
- ``Inspection``: 已计划 (approved by an office leader, a step that keeps the state) → 检查中 → 已结束; it closes
  only when every finding is accepted or carried over (结转).
- ``Finding``: 待整改 → 已报整改 (the unit's contact or the officer reports the rectification) → 已验收, or back
  to 待整改 with the officer's reason [36]. Overdue while past ``due_on`` and not accepted.
- ``Assessment``: 草稿 → 已确认 by an office leader, then read-only; its scores never exceed a criterion's
  maximum [36].

A checklist's changes are kept in ``CatalogueLog``; an entry is retired, never deleted. Nothing is deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import StoredFile, TransitionLogBase, WorkflowModel, state_field, step
from org.models import Unit

from . import rules

# --- 公开目录 [35] -------------------------------------------------------------------------------------------


class Frequency(models.TextChoices):
    """How often an entry is published (更新频次)."""

    STANDING = "standing", "常年"
    IMMEDIATE = "immediate", "即时"
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    YEARLY = "yearly", "每年"


class Exempt(models.TextChoices):
    """Public, or kept back by law — then with the legal basis [35]."""

    NONE = "", "公开"
    STATE_SECRET = "state_secret", "国家秘密"
    OTHER_LEGAL = "other_legal", "其他依法不予公开"


class Catalogue(models.Model):
    """公开目录 of one township or department, kept by the office [35]. ``version`` is bumped by every change
    of its entries, so a page loaded before someone else's change is refused (409)."""

    unit = models.OneToOneField(
        Unit, on_delete=models.PROTECT, related_name="disclosure_catalogue", verbose_name="单位"
    )
    note = models.TextField("说明", blank=True)
    version = models.PositiveIntegerField("版本", default=0, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="最近修改人",
    )

    class Meta:
        verbose_name = "公开目录"
        verbose_name_plural = "公开目录"
        ordering = ["unit__kind", "unit__sort_order", "unit__name"]

    def __str__(self) -> str:
        return f"{self.unit}公开目录"


class CatalogueEntry(models.Model):
    """公开事项: what is published, where, how often; or why it is kept back, with the law that says so [35]."""

    catalogue = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="entries", verbose_name="公开目录")
    title = models.CharField("公开事项", max_length=200)
    category = models.CharField("类别", max_length=60, blank=True)
    published_where = models.CharField("公开方式", max_length=100, blank=True, help_text="如：政府网站、公开栏")
    frequency = models.CharField("更新频次", max_length=12, choices=Frequency.choices, default=Frequency.STANDING)
    exempt = models.CharField("公开属性", max_length=15, choices=Exempt.choices, default=Exempt.NONE, blank=True)
    legal_basis = models.TextField("不予公开的法律依据", blank=True)
    active = models.BooleanField("在用", default=True)
    order = models.PositiveIntegerField("排序", default=0)
    retired_at = models.DateTimeField("停用时间", null=True, blank=True)
    retire_reason = models.CharField("停用原因", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "公开事项"
        verbose_name_plural = "公开事项"
        ordering = ["catalogue", "order", "id"]
        constraints = [
            # [35] in the database itself: nothing is kept back without the law that allows it.
            models.CheckConstraint(
                condition=Q(exempt="") | ~Q(legal_basis=""), name="disclosure_exempt_has_legal_basis"
            ),
        ]
        indexes = [models.Index(fields=["catalogue", "active", "order", "id"], name="disclosure_entry_order")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_exempt(self) -> bool:
        return self.exempt != Exempt.NONE


class CatalogueLog(TransitionLogBase):
    """A checklist's history: each entry added, changed, retired or restored (``from_state``/``to_state`` are
    the entry's 在用/停用), by whom and when [35]."""

    document = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="log")
    entry = models.ForeignKey(
        CatalogueEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="公开事项"
    )

    class Meta(TransitionLogBase.Meta):
        verbose_name = "公开目录修改记录"
        verbose_name_plural = "公开目录修改记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="disclosure_catlog_document")]


# --- 检查 [36] ------------------------------------------------------------------------------------------------


class InspectionState(models.TextChoices):
    PLANNED = "planned", "已计划"
    IN_PROGRESS = "in_progress", "检查中"
    CLOSED = "closed", "已结束"


def inspection_approved(inspection) -> bool:
    """An inspection starts only once an office leader approved its plan [36]."""
    return inspection.approved_at is not None


def inspection_not_approved(inspection) -> bool:
    return inspection.approved_at is None


def findings_settled(inspection) -> bool:
    """Closing: every finding accepted (已验收) or carried over (结转) to be followed after the close [36]."""
    return not inspection.findings.exclude(state=FindingState.ACCEPTED).filter(carried_over=False).exists()


class Inspection(WorkflowModel):
    """检查: the office inspects the units' disclosure regularly [36]."""

    title = models.CharField("检查名称", max_length=200)
    period = models.CharField("检查期间", max_length=40, help_text="如：2026年第二季度")
    year = models.PositiveSmallIntegerField("年度")
    planned_on = models.DateField("计划检查日期")
    units = models.ManyToManyField(Unit, related_name="+", verbose_name="被检查单位")
    note = models.TextField("检查内容和要求", blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="拟定人"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="批准领导",
    )
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    started_at = models.DateTimeField("开始检查时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    summary = models.TextField("检查总结", blank=True)

    state = state_field(InspectionState.choices, InspectionState.PLANNED)

    class Meta:
        verbose_name = "政务公开检查"
        verbose_name_plural = "政务公开检查"
        ordering = ["-planned_on", "-id"]
        constraints = [
            # [36]: no inspection runs or ends without a leader's approval of its plan.
            models.CheckConstraint(
                condition=Q(state="planned") | (Q(approved_at__isnull=False) & Q(leader__isnull=False)),
                name="disclosure_inspection_approved",
            ),
        ]
        indexes = [
            models.Index(fields=["-planned_on", "-id"], name="disclosure_insp_recent"),
            models.Index(fields=["year", "-planned_on"], name="disclosure_insp_year"),
            models.Index(fields=["planned_on", "id"], condition=Q(state="planned"), name="disclosure_insp_planned"),
        ]

    def __str__(self) -> str:
        return self.title

    @step(
        state,
        InspectionState.PLANNED,
        InspectionState.PLANNED,
        permission=rules.can_approve_inspection,
        label="批准检查计划",
        article="[36]",
        conditions=[inspection_not_approved],
    )
    def approve(self) -> None:
        """Taken by ``inspection_approve`` only, which records the leader and the moment."""

    @step(
        state,
        InspectionState.PLANNED,
        InspectionState.IN_PROGRESS,
        permission=rules.can_run_inspection,
        label="开始检查",
        article="[36]",
        conditions=[inspection_approved],
        admin=True,
    )
    def start(self) -> None:
        pass

    @step(
        state,
        InspectionState.IN_PROGRESS,
        InspectionState.CLOSED,
        permission=rules.can_run_inspection,
        label="结束检查",
        article="[36]",
        conditions=[findings_settled],
    )
    def close(self) -> None:
        pass


class InspectionLog(TransitionLogBase):
    document = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "检查办理记录"
        verbose_name_plural = "检查办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="disclosure_insplog_document")]


class FindingState(models.TextChoices):
    OPEN = "open", "待整改"
    REPORTED = "reported", "已报整改"
    ACCEPTED = "accepted", "已验收"


# Not yet accepted: the partial indexes' predicate (PERFORMANCE.md: active-state lists).
UNSETTLED = ~Q(state="accepted")


class Finding(WorkflowModel):
    """检查发现的问题 of one unit, the rectification asked and its deadline [36]."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="findings", verbose_name="检查")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    problem = models.TextField("存在问题")
    rectification_asked = models.TextField("整改要求")
    due_on = models.DateField("整改期限")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    rectification_report = models.TextField("整改情况", blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="报送人",
    )
    reported_at = models.DateTimeField("报送时间", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)  # the last one; every one is in the log
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="验收人",
    )
    accepted_at = models.DateTimeField("验收时间", null=True, blank=True)
    on_time = models.BooleanField("按期整改", null=True, blank=True)  # set at 验收: reported by due_on
    carried_over = models.BooleanField("结转", default=False)  # still followed after its inspection closed

    state = state_field(FindingState.choices, FindingState.OPEN)

    class Meta:
        verbose_name = "检查发现问题"
        verbose_name_plural = "检查发现问题"
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["inspection", "unit", "id"], name="disclosure_finding_insp"),
            models.Index(fields=["unit", "-created_at", "id"], name="disclosure_finding_unit"),
            # The reminders, the overview's overdue list, a unit contact's queue: unsettled by due date.
            models.Index(fields=["due_on", "id"], condition=UNSETTLED, name="disclosure_finding_open_due"),
            models.Index(fields=["unit", "due_on", "id"], condition=UNSETTLED, name="disclosure_finding_unit_open"),
            # The officer's queue: rectifications waiting to be checked.
            models.Index(fields=["reported_at", "id"], condition=Q(state="reported"), name="disclosure_to_accept"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.problem[:30]}"

    def is_overdue(self, today) -> bool:
        """Past its deadline and not accepted [36]."""
        return self.state != FindingState.ACCEPTED and self.due_on < today

    @step(
        state,
        FindingState.OPEN,
        FindingState.REPORTED,
        permission=rules.can_report_rectification,
        label="报送整改情况",
        article="[36]",
    )
    def report(self) -> None:
        pass

    @step(
        state,
        FindingState.REPORTED,
        FindingState.ACCEPTED,
        permission=rules.can_accept_rectification,
        label="整改验收",
        article="[36]",
        admin=True,
    )
    def accept(self) -> None:
        pass

    @step(
        state,
        FindingState.REPORTED,
        FindingState.OPEN,
        permission=rules.can_accept_rectification,
        label="退回重新整改",
        article="[36]",
    )
    def send_back(self) -> None:
        pass


class FindingLog(TransitionLogBase):
    document = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "整改办理记录"
        verbose_name_plural = "整改办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="disclosure_findlog_document")]


class FindingAttachment(StoredFile):
    """整改材料 sent with a rectification report (optional)."""

    finding = models.ForeignKey(
        Finding, on_delete=models.PROTECT, related_name="attachments", verbose_name="检查发现问题"
    )
    file = models.FileField("文件", upload_to="disclosure/%Y/%m/")

    class Meta:
        verbose_name = "整改材料"
        verbose_name_plural = "整改材料"
        ordering = ["finding", "id"]


# --- 考核 [36] ------------------------------------------------------------------------------------------------


class AssessmentScheme(models.Model):
    """考核方案 of a year: its criteria and their maximum points [36]. The criteria are fixed once an assessment
    of the year is confirmed, so a confirmed score never changes meaning."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    name = models.CharField("方案名称", max_length=100)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="制定人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    version = models.PositiveIntegerField("版本", default=0, editable=False)

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年 {self.name}"


class Criterion(models.Model):
    """考核指标 with its maximum points."""

    scheme = models.ForeignKey(
        AssessmentScheme, on_delete=models.PROTECT, related_name="criteria", verbose_name="考核方案"
    )
    name = models.CharField("考核指标", max_length=100)
    description = models.TextField("评分标准", blank=True)
    max_points = models.DecimalField("分值", max_digits=6, decimal_places=1)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        ordering = ["scheme", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gt=0), name="disclosure_criterion_positive"),
            models.UniqueConstraint(fields=["scheme", "name"], name="disclosure_criterion_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.max_points}分）"


class AssessmentState(models.TextChoices):
    DRAFT = "draft", "评分中"
    CONFIRMED = "confirmed", "已确认"


def fully_scored(assessment) -> bool:
    """Confirmed only with a score for every criterion of the scheme [36]."""
    criteria = assessment.scheme.criteria.count()
    return criteria > 0 and assessment.scores.count() == criteria


class Assessment(WorkflowModel):
    """One unit's assessment in a year's scheme: scored by the office, confirmed by an office leader, then
    read-only [36]."""

    scheme = models.ForeignKey(
        AssessmentScheme, on_delete=models.PROTECT, related_name="assessments", verbose_name="考核方案"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    comment = models.TextField("考核意见", blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="评分人",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="确认领导",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    state = state_field(AssessmentState.choices, AssessmentState.DRAFT)

    class Meta:
        verbose_name = "政务公开考核"
        verbose_name_plural = "政务公开考核"
        ordering = ["scheme", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "unit"], name="disclosure_assessment_once"),
            models.CheckConstraint(
                condition=Q(state="draft") | (Q(confirmed_by__isnull=False) & Q(confirmed_at__isnull=False)),
                name="disclosure_assessment_confirmed_by",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "scheme"], name="disclosure_assessment_unit"),
            models.Index(fields=["scheme", "id"], condition=Q(state="draft"), name="disclosure_assessment_draft"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.year}年 {self.unit}"

    @property
    def is_confirmed(self) -> bool:
        return self.state == AssessmentState.CONFIRMED

    @step(
        state,
        AssessmentState.DRAFT,
        AssessmentState.CONFIRMED,
        permission=rules.can_confirm_assessment,
        label="确认考核结果",
        article="[36]",
        conditions=[fully_scored],
    )
    def confirm(self) -> None:
        pass


class Score(models.Model):
    """A unit's points on one criterion, never above its maximum [36]."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="scores", verbose_name="考核")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name="考核指标")
    points = models.DecimalField("得分", max_digits=6, decimal_places=1)
    note = models.CharField("扣分说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "考核得分"
        verbose_name_plural = "考核得分"
        ordering = ["assessment", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="disclosure_score_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="disclosure_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"


class AssessmentLog(TransitionLogBase):
    document = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "考核办理记录"
        verbose_name_plural = "考核办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="disclosure_asslog_document")]
