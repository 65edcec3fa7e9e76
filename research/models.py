"""调研与文字综合 (第四条 [4], 第五条 [5]): one table of tasks of two kinds, their versions, fieldwork records,
reviewers' opinions and the log.

- 调研课题 (``Kind.RESEARCH``) [4]: a topic a county leader or the office director asks for, a team (a leader
  and members from the office, units involved), fieldwork, the report (versioned uploads), the asking leader's
  批示 and whether it was adopted (采纳). 已立项 → 调研中 → 报告已报送 → 领导已批示 → 已结题; 已撤销 kept.
- 文字综合 (``Kind.DRAFTING``) [5]: a 政府工作报告, 领导讲话, 汇报材料 … commissioned by a county leader or the
  director, drafted (versions v1, v2 … each a text or a file), reviewed by the 审核人 in their order, and 审定 by
  the commissioning leader. 已交办 → 起草中 → 审核中 → 待审定 → 已定稿; returned to 起草中 with an opinion;
  已撤销 kept.

Both kinds share one table so the one list, its filters, search and export read one indexed query. The state
field holds both lifecycles' states; each transition is for one kind (``conditions``). A ``Version`` is never
changed once written: a new text is a new row with the next number. Nothing is deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import TransitionLogBase, WorkflowModel, state_field, step
from org.models import Unit

from . import rules


class Kind(models.TextChoices):
    RESEARCH = "research", "调研课题"
    DRAFTING = "drafting", "文字综合"


class Genre(models.TextChoices):
    """What a drafting task writes [5]."""

    WORK_REPORT = "work_report", "政府工作报告"
    SPEECH = "speech", "领导讲话"
    BRIEFING = "briefing", "汇报材料"
    OTHER = "other", "其他"


class State(models.TextChoices):
    # 调研课题 [4]
    ASSIGNED = "assigned", "已立项"
    RESEARCHING = "researching", "调研中"
    REPORTED = "reported", "报告已报送"
    INSTRUCTED = "instructed", "领导已批示"
    CLOSED = "closed", "已结题"
    # 文字综合 [5]
    COMMISSIONED = "commissioned", "已交办"
    DRAFTING = "drafting", "起草中"
    REVIEWING = "reviewing", "审核中"
    APPROVING = "approving", "待审定"
    FINAL = "final", "已定稿"
    # both
    CANCELLED = "cancelled", "已撤销"


RESEARCH_STATES = (State.ASSIGNED, State.RESEARCHING, State.REPORTED, State.INSTRUCTED, State.CLOSED, State.CANCELLED)
DRAFTING_STATES = (
    State.COMMISSIONED,
    State.DRAFTING,
    State.REVIEWING,
    State.APPROVING,
    State.FINAL,
    State.CANCELLED,
)
ENDED_STATES = (State.CLOSED, State.FINAL, State.CANCELLED)
# Still running against its deadline: the research until its report is sent, the draft until it is final.
DUE_STATES = (
    State.ASSIGNED,
    State.RESEARCHING,
    State.COMMISSIONED,
    State.DRAFTING,
    State.REVIEWING,
    State.APPROVING,
)


class Adoption(models.TextChoices):
    """采纳 of a research report [4]."""

    NONE = "", "未采纳"
    DECISION = "decision", "转化为决策"
    DOCUMENT = "document", "形成文件"
    INFORMATION = "information", "编发信息"


def is_research(task) -> bool:
    return task.kind == Kind.RESEARCH


def is_drafting(task) -> bool:
    return task.kind == Kind.DRAFTING


def has_version(task) -> bool:
    return task.version_count > 0


def has_reviewers(task) -> bool:
    return task.reviewer_count > 0


def has_no_reviewers(task) -> bool:
    return task.reviewer_count == 0


class Task(WorkflowModel):
    """调研课题 [4] or 文字综合 [5]."""

    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    genre = models.CharField("文稿类型", max_length=20, choices=Genre.choices, blank=True)
    title = models.CharField("题目", max_length=200)
    aim = models.TextField("目的与要求", blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="交办领导",
        help_text="提出调研课题或交办文稿的县领导或办公室主任",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="负责人",
        help_text="调研组组长或主笔人",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name="成员", through="Member"
    )
    units = models.ManyToManyField(Unit, related_name="+", blank=True, verbose_name="参与单位")
    due_on = models.DateField("完成期限")
    year = models.PositiveSmallIntegerField("年度")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    version_count = models.PositiveSmallIntegerField("稿数", default=0)
    reviewer_count = models.PositiveSmallIntegerField("审核人数", default=0)
    # The reviewer whose turn it is (审核中), and since when: 我的待办 and the reminder read them [5].
    reviewer_now = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="当前审核人",
    )
    review_turn = models.PositiveSmallIntegerField("审核顺序", default=0)
    waiting_since = models.DateTimeField("进入当前环节时间", null=True, blank=True)
    # 调研 [4]
    instruction = models.TextField("领导批示", blank=True)
    instructed_at = models.DateTimeField("批示时间", null=True, blank=True)
    adoption = models.CharField("采纳情况", max_length=20, choices=Adoption.choices, blank=True)
    adoption_note = models.TextField("采纳说明", blank=True)
    # 文字综合 [5]
    approved_at = models.DateTimeField("审定时间", null=True, blank=True)
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    cancel_reason = models.CharField("撤销理由", max_length=300, blank=True)

    state = state_field(State.choices, State.ASSIGNED)

    class Meta:
        verbose_name = "调研与文字综合任务"
        verbose_name_plural = "调研与文字综合任务"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="research_task_recent"),
            models.Index(fields=["year", "kind", "state"], name="research_task_year"),
            models.Index(fields=["leader", "-created_at"], name="research_task_leader"),
            models.Index(fields=["lead", "-created_at"], name="research_task_lead"),
            # The deadline reminders and 我的待办: only running tasks are in it.
            models.Index(
                fields=["due_on", "id"],
                condition=Q(
                    state__in=["assigned", "researching", "commissioned", "drafting", "reviewing", "approving"]
                ),
                name="research_task_due",
            ),
            models.Index(
                fields=["reviewer_now", "waiting_since"],
                condition=Q(state="reviewing"),
                name="research_task_review",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="cancelled") | ~Q(cancel_reason=""), name="research_cancelled_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ended(self) -> bool:
        return self.state in ENDED_STATES

    # --- 调研课题 [4] ----------------------------------------------------------------------------------------
    @step(
        state,
        State.ASSIGNED,
        State.RESEARCHING,
        permission=rules.can_work_on,
        label="开始调研",
        article="[4]",
        conditions=[is_research],
    )
    def start_research(self):
        pass

    @step(
        state,
        State.RESEARCHING,
        State.REPORTED,
        permission=rules.is_team_leader,
        label="报送调研报告",
        article="[4]",
        conditions=[is_research, has_version],
    )
    def report(self):
        pass

    @step(
        state,
        State.REPORTED,
        State.INSTRUCTED,
        permission=rules.is_asking_leader,
        label="领导批示",
        article="[4]",
        conditions=[is_research],
    )
    def instruct(self):
        pass

    @step(
        state,
        State.INSTRUCTED,
        State.CLOSED,
        permission=rules.can_close,
        label="结题",
        article="[4]",
        conditions=[is_research],
    )
    def close(self):
        pass

    # --- 文字综合 [5] ----------------------------------------------------------------------------------------
    @step(
        state,
        State.COMMISSIONED,
        State.DRAFTING,
        permission=rules.can_work_on,
        label="开始起草",
        article="[5]",
        conditions=[is_drafting],
    )
    def start_drafting(self):
        pass

    @step(
        state,
        State.DRAFTING,
        State.REVIEWING,
        permission=rules.can_work_on,
        label="送审核",
        article="[5]",
        conditions=[is_drafting, has_version, has_reviewers],
    )
    def to_review(self):
        pass

    @step(
        state,
        State.DRAFTING,
        State.APPROVING,
        permission=rules.can_work_on,
        label="送审定",
        article="[5]",
        conditions=[is_drafting, has_version, has_no_reviewers],
    )
    def to_approval(self):
        pass

    @step(
        state,
        State.REVIEWING,
        State.REVIEWING,
        permission=rules.is_current_reviewer,
        label="审核通过（转下一审核人）",
        article="[5]",
    )
    def pass_on(self):
        pass

    @step(
        state,
        State.REVIEWING,
        State.APPROVING,
        permission=rules.is_current_reviewer,
        label="审核通过（送审定）",
        article="[5]",
    )
    def reviewed(self):
        pass

    @step(
        state,
        State.REVIEWING,
        State.DRAFTING,
        permission=rules.is_current_reviewer,
        label="审核退回修改",
        article="[5]",
    )
    def review_return(self):
        pass

    @step(
        state,
        State.APPROVING,
        State.FINAL,
        permission=rules.is_asking_leader,
        label="审定",
        article="[5]",
    )
    def approve(self):
        pass

    @step(
        state,
        State.APPROVING,
        State.DRAFTING,
        permission=rules.is_asking_leader,
        label="审定退回修改",
        article="[5]",
    )
    def approval_return(self):
        pass

    # --- both ------------------------------------------------------------------------------------------------
    @step(
        state,
        [State.ASSIGNED, State.RESEARCHING, State.REPORTED],
        State.CANCELLED,
        permission=rules.can_cancel,
        label="撤销课题",
        article="[4]",
        conditions=[is_research],
    )
    def cancel_research(self):
        pass

    @step(
        state,
        [State.COMMISSIONED, State.DRAFTING, State.REVIEWING, State.APPROVING],
        State.CANCELLED,
        permission=rules.can_cancel,
        label="撤销文稿任务",
        article="[5]",
        conditions=[is_drafting],
    )
    def cancel_drafting(self):
        pass


class Member(models.Model):
    """A member of the research team or a co-drafter [4], [5] (the lead is ``Task.lead``)."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="member_rows", verbose_name="任务")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="成员")

    class Meta:
        verbose_name = "成员"
        verbose_name_plural = "成员"
        constraints = [models.UniqueConstraint(fields=["task", "user"], name="research_member_once")]
        indexes = [models.Index(fields=["user", "task"], name="research_member_user")]

    def __str__(self) -> str:
        return f"{self.task} · {self.user}"


class Reviewer(models.Model):
    """审核人, in order (1 first) [5]."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reviewers", verbose_name="任务")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="审核人"
    )
    order = models.PositiveSmallIntegerField("顺序")

    class Meta:
        verbose_name = "审核人"
        verbose_name_plural = "审核人"
        ordering = ["task", "order"]
        constraints = [
            models.UniqueConstraint(fields=["task", "order"], name="research_reviewer_order"),
            models.UniqueConstraint(fields=["task", "user"], name="research_reviewer_once"),
        ]
        indexes = [models.Index(fields=["user", "task"], name="research_reviewer_user")]

    def __str__(self) -> str:
        return f"{self.order}. {self.user}"


class Version(models.Model):
    """One version (v1, v2 …) of the report or the draft: a text or an uploaded file, never overwritten [4], [5]."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="versions", verbose_name="任务")
    number = models.PositiveSmallIntegerField("稿次")
    body = models.TextField("正文", blank=True)
    file = models.FileField("文件", upload_to="research/%Y/%m/", blank=True)
    file_name = models.CharField("文件名", max_length=200, blank=True)
    content_type = models.CharField("文件类型", max_length=100, blank=True)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    note = models.CharField("修改说明", max_length=500, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="提交人"
    )
    made_at = models.DateTimeField("提交时间")

    class Meta:
        verbose_name = "稿本"
        verbose_name_plural = "稿本"
        ordering = ["task", "number"]
        constraints = [
            models.UniqueConstraint(fields=["task", "number"], name="research_version_number"),
            models.CheckConstraint(condition=~Q(body="") | ~Q(file=""), name="research_version_has_content"),
        ]

    def __str__(self) -> str:
        return f"v{self.number}"

    @property
    def label(self) -> str:
        return f"v{self.number}"


class Fieldwork(models.Model):
    """调研记录: when, where, what was learned [4]."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="fieldwork", verbose_name="课题")
    on = models.DateField("日期")
    place = models.CharField("地点", max_length=200)
    findings = models.TextField("了解到的情况")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="记录人"
    )
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        verbose_name = "调研记录"
        verbose_name_plural = "调研记录"
        ordering = ["task", "on", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.place}"


class Verdict(models.TextChoices):
    PASSED = "passed", "审核通过"
    RETURNED = "returned", "退回修改"
    APPROVED = "approved", "审定"


class Opinion(models.Model):
    """A reviewer's or the commissioning leader's opinion on one version [5]."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="opinions", verbose_name="任务")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="opinions", verbose_name="稿本")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="提出人")
    at = models.DateTimeField("时间")
    verdict = models.CharField("结论", max_length=20, choices=Verdict.choices)
    text = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "审核意见"
        verbose_name_plural = "审核意见"
        ordering = ["task", "at", "id"]

    def __str__(self) -> str:
        return f"{self.version} {self.get_verdict_display()}"


class TaskLog(TransitionLogBase):
    """The task's history: every step, who, when, from, to, why."""

    document = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "调研与文字综合办理记录"
        verbose_name_plural = "调研与文字综合办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="research_log_document")]
