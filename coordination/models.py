"""协调事项: a matter the office coordinates between county departments, or between a department and a township,
up to the county leader's decision and its follow-up (第九条 [9]; the office leaders' duty [15(1)], [15(2)]).

The path: 已登记 → 协调中 (talks and meetings recorded) → 已报领导 (the office's proposed handling before the
county leader in charge) → 领导已批示 → 已办结 (done, or a supervision item opened for it). The leader may send
it back (退回再协调); a matter may be withdrawn (已撤销), kept with who and why. Nothing is ever deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.models import TransitionLogBase, WorkflowModel, state_field, step
from org.models import BusinessLine, Unit

from . import rules


class Origin(models.TextChoices):
    """第九条: 根据县政府领导的指示和办理文件的需要 — and a unit's own request."""

    INSTRUCTION = "instruction", "县政府领导指示"
    DOCUMENT = "document", "办理文件需要"
    REQUEST = "request", "单位提请协调"


class State(models.TextChoices):
    REGISTERED = "registered", "已登记"
    COORDINATING = "coordinating", "协调中"
    PROPOSED = "proposed", "已报领导"
    DECIDED = "decided", "领导已批示"
    CLOSED = "closed", "已办结"
    WITHDRAWN = "withdrawn", "已撤销"


OPEN_STATES = (State.REGISTERED, State.COORDINATING, State.PROPOSED, State.DECIDED)
# The office's proposal is internal until the leader has decided: a party's 联络员 reads it only from here on.
DECIDED_STATES = (State.DECIDED, State.CLOSED)


class FollowUp(models.TextChoices):
    NONE = "", "—"
    DONE = "done", "已落实"
    SUPERVISION = "supervision", "转督查落实"


class TalkKind(models.TextChoices):
    MEETING = "meeting", "协调会"
    TALK = "talk", "座谈、面商"
    PHONE = "phone", "电话协调"
    SITE = "site", "现场协调"


class Matter(WorkflowModel):
    """协调事项 [9]."""

    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("编号")
    title = models.CharField("事项名称", max_length=200)
    matter = models.TextField("需协调的问题")

    # --- how it came [9] ----------------------------------------------------------------------------------------
    origin = models.CharField("来由", max_length=20, choices=Origin.choices)
    instructed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="作出指示的县政府领导",
    )
    instruction = models.TextField("领导指示内容", blank=True)
    incoming = models.ForeignKey(
        "incoming.IncomingDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="所办来文",
    )
    requested_by = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="提请单位"
    )
    line = models.ForeignKey(
        BusinessLine, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="业务归口"
    )

    # --- who -----------------------------------------------------------------------------------------------------
    parties = models.ManyToManyField(Unit, through="Party", related_name="+", verbose_name="涉及单位")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="牵头协调的办公室领导"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="经办人"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    due_on = models.DateField("协调时限", null=True, blank=True)

    # --- 对有争议的问题提出处理意见，报县政府领导决策 [9] ----------------------------------------------------------
    proposal = models.TextField("办公室处理意见", blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="呈报县政府领导",
    )
    proposed_at = models.DateTimeField("报领导时间", null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="呈报人",
    )
    times_sent_back = models.PositiveSmallIntegerField("退回再协调次数", default=0)
    decision = models.TextField("领导批示", blank=True)
    decided_at = models.DateTimeField("批示时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="批示领导",
    )

    # --- the follow-up -----------------------------------------------------------------------------------------
    supervision_item = models.OneToOneField(
        "supervision.Item",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordination_matter",
        verbose_name="督查事项",
    )
    follow_up = models.CharField("落实方式", max_length=15, choices=FollowUp.choices, default=FollowUp.NONE, blank=True)
    result = models.TextField("办理结果", blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="办结人",
    )
    withdrawn_at = models.DateTimeField("撤销时间", null=True, blank=True)
    withdraw_reason = models.CharField("撤销原因", max_length=300, blank=True)

    state = state_field(State.choices, State.REGISTERED)

    class Meta:
        verbose_name = "协调事项"
        verbose_name_plural = "协调事项"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["year", "serial"], name="coordination_matter_serial")]
        indexes = [
            models.Index(fields=["created_at", "id"], name="coordination_matter_created"),
            models.Index(fields=["state", "proposed_at"], name="coordination_matter_state"),
            models.Index(fields=["handler", "state"], name="coordination_matter_handler"),
            models.Index(fields=["leader", "state"], name="coordination_matter_leader"),
        ]

    def __str__(self) -> str:
        return f"{self.number_label} {self.title}"

    @property
    def number_label(self) -> str:
        return f"协调〔{self.year}〕{self.serial}号"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    # --- the lifecycle ------------------------------------------------------------------------------------------
    @step(state, State.REGISTERED, State.COORDINATING, permission=rules.can_handle, label="开始协调", article="[9]")
    def start(self):
        pass

    @step(
        state,
        State.COORDINATING,
        State.PROPOSED,
        permission=rules.can_propose,
        label="提出处理意见报领导",
        article="[9]",
    )
    def propose(self):
        pass

    @step(state, State.PROPOSED, State.COORDINATING, permission=rules.can_decide, label="退回再协调", article="[9]")
    def send_back(self):
        pass

    @step(state, State.PROPOSED, State.DECIDED, permission=rules.can_decide, label="领导批示", article="[9]")
    def decide(self):
        pass

    @step(state, State.DECIDED, State.CLOSED, permission=rules.can_handle, label="办结", article="[9][15]")
    def close(self):
        pass

    @step(
        state,
        [State.REGISTERED, State.COORDINATING, State.PROPOSED],
        State.WITHDRAWN,
        permission=rules.can_withdraw,
        label="撤销",
        article="[9]",
    )
    def withdraw(self):
        pass


class Party(models.Model):
    """A unit the matter is between: a county department or a township (two at least) [9]."""

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="party_rows", verbose_name="协调事项")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="单位")

    class Meta:
        verbose_name = "涉及单位"
        verbose_name_plural = "涉及单位"
        constraints = [models.UniqueConstraint(fields=["matter", "unit"], name="coordination_party_unique")]
        indexes = [models.Index(fields=["unit", "matter"], name="coordination_party_unit")]

    def __str__(self) -> str:
        return str(self.unit)


class Talk(models.Model):
    """协调记录: a coordination meeting or talk held — when, who attended, what was said [9], [15]."""

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="talks", verbose_name="协调事项")
    held_on = models.DateField("日期")
    kind = models.CharField("方式", max_length=10, choices=TalkKind.choices, default=TalkKind.MEETING)
    attendees = models.TextField("参加人员")
    content = models.TextField("协调情况")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="记录人"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "协调记录"
        verbose_name_plural = "协调记录"
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}"


class MatterLog(TransitionLogBase):
    """The matter's history: every step, who, when, from, to, why."""

    document = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "协调事项办理记录"
        verbose_name_plural = "协调事项办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="coordination_log_document")]
