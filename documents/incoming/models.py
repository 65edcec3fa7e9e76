"""Incoming documents (收文), 第二十六至二十九条: the document, its circulation, chasing, return, history.

The state field is protected: only the transitions below change it, and only services call them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from guardian.models import UserObjectPermissionBase

from core.derived import DerivedColumns, DerivedColumnsMixin, DerivedQuerySet
from core.models import StoredFile, TransitionLogBase, WorkflowModel, state_field, step
from documents.types import DocumentType, SecretLevel
from org.models import BusinessLine, Unit
from org.selectors import display_name

from . import rules, search_keys, sender_numbers


class State(models.TextChoices):
    HANDED_OUT = "handed_out", "未登记直接分发"  # 一般阅件可不登记直接分发 [28(2)1]
    REGISTERED = "registered", "已登记待分办"  # [26(1)]
    CIRCULATING = "circulating", "传阅/阅批中"  # [26(2)], [26(6)2]–[26(6)5]
    HANDLING = "handling", "承办中"  # [26(3)], [26(4)]
    DONE = "done", "已办结"  # [26(4)]
    RETURNED = "returned", "原件已退回待归档"  # [26(5)], [26(6)6]
    SENT_BACK = "sent_back", "已退文"  # [29(3)]
    FILED = "filed", "已归档"  # [26(5)], [33]


OPEN_STATES = (State.REGISTERED, State.CIRCULATING, State.HANDLING)
# States with a running deadline: registered → distributed the same day [26(1)], [28(1)];
# circulating → one week, handling → two weeks from distribution [26(6)7].
DEADLINE_STATES = (State.REGISTERED, State.CIRCULATING, State.HANDLING)


class Intake(models.TextChoices):
    """How the document is handled, decided by who sent it [26]–[28]."""

    SUPERIOR = "superior", "上级来文"  # [26]; 县委、县人大、县政协和同级机关来文比照办理 [27]
    REQUEST = "request", "请示件"  # [28(1)]
    GENERAL = "general", "一般工作公文"  # [28(2)]


class Category(models.TextChoices):
    """The folder the clerk puts it in on the deputy's opinion [26(6)1]. Classified papers go in black."""

    HANDLE = "handle", "批办件"
    READ = "read", "批阅件"


class Urgency(models.TextChoices):
    NORMAL = "", "普通"
    URGENT = "urgent", "急件"
    EXTRA_URGENT = "extra_urgent", "特急"


class OpinionVia(models.TextChoices):
    """How the 分管文秘副主任's opinion reached the clerk who typed it in [26(2)]."""

    PHONE = "phone", "电话"
    ORAL = "oral", "口头"


# The columns a search reads, derived from the ones people write (search_keys): every way a row is written keeps
# them — ``save`` and the queryset's bulk_create, bulk_update and update (core.derived).
DERIVED = DerivedColumns(
    search_bigrams=(("title", "sender_number"), search_keys.bigrams),
    sender_key=(("sender_number",), search_keys.sender_key),
)


class IncomingDocument(DerivedColumnsMixin, WorkflowModel):
    # --- registration [26(1)] ---------------------------------------------------------------------
    year = models.PositiveSmallIntegerField("收文年度")
    serial = models.PositiveIntegerField("收文流水号", null=True, blank=True)
    received_at = models.DateTimeField("收文时间", default=timezone.now)
    registered_at = models.DateTimeField("登记时间", null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
    )
    source_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="来文单位")
    sender_number = models.CharField("来文字号", max_length=60, blank=True)
    title = models.CharField("文件标题", max_length=300)
    # Kept from the two above on every write (DERIVED); what the search reads through its indexes.
    search_bigrams = models.TextField("标题与字号字对（检索用）", blank=True, default="", editable=False)
    sender_key = models.CharField("来文字号（检索用）", max_length=60, blank=True, default="", editable=False)
    doc_type = models.CharField("文种", max_length=20, choices=DocumentType.choices, default=DocumentType.NOTICE)
    copies = models.PositiveSmallIntegerField("份数", default=1)
    pages = models.PositiveSmallIntegerField("页数", default=1)
    secret_level = models.PositiveSmallIntegerField("密级", choices=SecretLevel.choices, default=SecretLevel.NONE)
    secrecy_period = models.CharField("保密期限", max_length=30, blank=True)
    urgency = models.CharField("紧急程度", max_length=20, choices=Urgency.choices, default=Urgency.NORMAL, blank=True)
    is_meeting_notice = models.BooleanField("会议通知", default=False)  # 加盖“会议通知”印记 [26(6)4]
    intake = models.CharField("来文类别", max_length=20, choices=Intake.choices)
    is_funding_request = models.BooleanField("申请经费", default=False)  # [28(1)]
    # 补办 [29(1)]: a leader signed before the clerk registered it.
    late_registration = models.BooleanField("补办登记", default=False)
    signed_before_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记前已签署的领导",
    )
    # 越级 [29(2)]: sent straight to a county leader.
    skipped_level = models.BooleanField("越级报送", default=False)
    sent_directly_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="越级直送的领导",
    )

    # --- distribution [26(2)] ---------------------------------------------------------------------
    category = models.CharField("文件类别", max_length=10, choices=Category.choices, blank=True)
    line = models.ForeignKey(
        BusinessLine, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="业务归口"
    )
    opinion = models.TextField("拟办/传阅意见", blank=True)
    opinion_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="提出意见的副主任",
    )
    # The clerk typed the deputy's opinion in (代录) [26(2)]: the deputy has not seen this text; every page and
    # the 批阅单 say so ("卓玛吉代录（央宗意见，电话）").
    opinion_entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="意见代录人",
    )
    opinion_via = models.CharField("意见传达方式", max_length=10, choices=OpinionVia.choices, blank=True)
    distributed_at = models.DateTimeField("分办时间", null=True, blank=True)
    due_at = models.DateTimeField("办理期限", null=True, blank=True)  # [26(6)7]
    lead_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="承办人",
    )

    # --- handling, result, original [26(3)]–[26(5)] ---------------------------------------------------
    transferred_to = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="转办单位"
    )
    transfer_note = models.TextField("转办说明", blank=True)
    result = models.TextField("办理结果", blank=True)
    reply_to_unit = models.TextField("答复来文单位", blank=True)  # 请示件由归口人员承办并答复 [28(1)]
    completed_at = models.DateTimeField("办结时间", null=True, blank=True)
    original_returned_at = models.DateTimeField("原件退回时间", null=True, blank=True)

    # --- where it is now --------------------------------------------------------------------------------
    state = state_field(State.choices, State.REGISTERED)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="当前在办人",
    )

    derived = DERIVED
    objects = DerivedQuerySet.as_manager()

    class Meta:
        verbose_name = "收文"
        verbose_name_plural = "收文"
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="incoming_serial_unique_per_year"),
            models.CheckConstraint(
                condition=Q(state="handed_out") | Q(serial__isnull=False), name="incoming_registered_has_serial"
            ),
        ]
        indexes = [
            # Whole-registry lists, newest first (PERFORMANCE.md: whole-table lists).
            models.Index(fields=["received_at", "id"], name="incoming_received"),
            models.Index(fields=["year", "received_at", "id"], name="incoming_year_received"),
            # Active lists and the deadline scan; queries say .exclude(state="filed") so the planner uses it.
            models.Index(fields=["year", "due_at", "id"], condition=~Q(state="filed"), name="incoming_active_year_due"),
            models.Index(fields=["due_at", "id"], condition=~Q(state="filed"), name="incoming_active_due"),
            models.Index(fields=["holder", "state"], condition=Q(holder__isnull=False), name="incoming_holder"),
            # 我的待办 (todo.py): what a person holds, in the queue's order (urgent first, nearest deadline), so the
            # first 100 of a leader holding thousands are read off the index, and counted from it alone; the
            # secret level rides along for the visibility halves (issue 13) [26(6)4].
            models.Index(
                fields=["holder", "-urgency", "due_at", "received_at"],
                condition=Q(state__in=["registered", "circulating", "handling", "done"]),
                include=["secret_level"],
                name="incoming_holder_queue",
            ),
            # 立卷归档 by 30 June [33]: each year's documents not filed yet, counted from the index alone (the
            # hand-over reminder counts ten years of them on the deadlines board and in the digest; issue 13).
            models.Index(
                fields=["year"],
                condition=~Q(state__in=["filed", "sent_back", "handed_out"]),
                name="incoming_unfiled_year",
            ),
            # The deadline engine's 当日分办 check [26(1)], [28(1)]: the few documents still to be distributed.
            models.Index(fields=["due_at", "id"], condition=Q(state="registered"), name="incoming_to_distribute"),
            models.Index(fields=["source_unit", "received_at"], name="incoming_source"),
            # The registry counts and pages its two halves apart (core.visibility.Visibility.parts): unclassified
            # rows newest first, all years or one; the few classified ones on their own (issue 13).
            models.Index(fields=["received_at", "id"], condition=Q(secret_level=0), name="incoming_open_received"),
            models.Index(
                fields=["year", "received_at", "id"], condition=Q(secret_level=0), name="incoming_open_year_received"
            ),
            models.Index(
                fields=["received_at", "id"], condition=Q(secret_level__gt=0), name="incoming_secret_received"
            ),
        ]
        permissions = [
            ("register_incomingdocument", "可签收登记收文"),
            ("export_incomingdocument", "可导出收文登记簿"),
        ]

    def __str__(self) -> str:
        return f"{self.serial_label} {self.title}"

    def clean(self) -> None:
        # One spelling of 来文字号 (〔〕, no spaces) for search and the duplicate check; services and the admin
        # both clean before saving.
        self.sender_number = sender_numbers.normalise(self.sender_number)

    # --- what it looks like -------------------------------------------------------------------------------
    @property
    def serial_label(self) -> str:
        """收文流水号 as printed: 2026-15 (year, number)."""
        return f"{self.year}-{self.serial}" if self.serial else "未登记"

    @property
    def colour(self) -> str:
        """Folder colour [26(6)1]: classified black, 批办件 red, 批阅件 green."""
        if self.secret_level > SecretLevel.NONE:
            return "black"
        return {Category.HANDLE: "red", Category.READ: "green"}.get(self.category, "")

    @property
    def folder_label(self) -> str:
        if self.secret_level > SecretLevel.NONE:
            return f"涉密件（{self.get_secret_level_display()}）"
        return self.get_category_display() if self.category else "待分办"

    @property
    def opinion_attribution(self) -> str:
        """Whose opinion, as signed under it: the deputy's name, or "<clerk>代录（<deputy>意见，电话）" when the
        clerk entered it on the deputy's word [26(2)]."""
        if self.opinion_by_id is None:
            return ""
        if self.opinion_entered_by_id and self.opinion_entered_by_id != self.opinion_by_id:
            via = f"，{self.get_opinion_via_display()}" if self.opinion_via else ""
            return f"{display_name(self.opinion_entered_by)}代录（{display_name(self.opinion_by)}意见{via}）"
        return display_name(self.opinion_by)

    @property
    def is_urgent(self) -> bool:
        return bool(self.urgency)

    @property
    def deadline_runs(self) -> bool:
        """Only a document still on its way has a 办理期限; 办结, 退文, 归档 ones show none [26(6)7], [29(3)]."""
        return self.state in DEADLINE_STATES

    @property
    def is_overdue(self) -> bool:
        return self.state in DEADLINE_STATES and self.due_at is not None and self.due_at < timezone.now()

    @property
    def is_lower_unit_document(self) -> bool:
        return self.intake in (Intake.REQUEST, Intake.GENERAL)

    # --- transitions: the state machine. Permissions are in ``rules``; services call these. ----------------
    @step(state, State.HANDED_OUT, State.REGISTERED, permission=rules.can_register, label="补办登记", article="[29(1)]")
    def register_late(self) -> None:
        pass

    @step(state, State.REGISTERED, State.CIRCULATING, permission=rules.can_distribute, label="分办", article="[26(2)]")
    def distribute(self) -> None:
        pass

    @step(
        state,
        State.CIRCULATING,
        State.HANDLING,
        permission=rules.can_sign,
        label="阅批完毕转承办",
        article="[26(3)]",
        conditions=[lambda doc: doc.category == Category.HANDLE],
    )
    def finish_circulation_to_handling(self) -> None:
        pass

    @step(
        state,
        State.CIRCULATING,
        State.DONE,
        permission=rules.can_sign,
        label="传阅完毕",
        article="[26(6)7]",
        conditions=[lambda doc: doc.category == Category.READ],
    )
    def finish_circulation(self) -> None:
        pass

    @step(state, State.HANDLING, State.DONE, permission=rules.can_complete, label="办结", article="[26(4)]")
    def complete(self) -> None:
        pass

    @step(
        state,
        State.DONE,
        State.RETURNED,
        permission=rules.can_receive_original,
        label="收回原件",
        article="[26(5)]",
        admin=True,
    )
    def receive_original(self) -> None:
        pass

    @step(state, State.RETURNED, State.FILED, permission=rules.can_file, label="立卷归档", article="[26(5)]")
    def file_document(self) -> None:
        """Filed documents can no longer change: no transition leaves this state [33]."""

    @step(
        state,
        list(OPEN_STATES),
        State.SENT_BACK,
        permission=rules.can_decide_return,
        label="批准退文",
        article="[29(3)]",
    )
    def send_back(self) -> None:
        pass


class Reader(models.Model):
    """One person on the circulation list (传阅/阅批), in the order the document travels [26(6)2]–[26(6)5]."""

    class Duty(models.TextChoices):
        ACT = "act", "阅办"  # must act or instruct: reads before those who only read [26(6)2]
        READ = "read", "阅知"

    class Part(models.TextChoices):
        NONE = "", "—"
        LEAD = "lead", "主办"  # the lead handler reads before assisting handlers [26(6)2]
        ASSIST = "assist", "协办"

    class Status(models.TextChoices):
        WAITING = "waiting", "未到"
        CURRENT = "current", "在阅"
        PASSED_OVER = "passed_over", "暂缓（越过）"
        SIGNED = "signed", "已阅"

    document = models.ForeignKey(IncomingDocument, on_delete=models.PROTECT, related_name="readers")
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="阅文人"
    )
    seq = models.PositiveSmallIntegerField("顺序")
    duty = models.CharField("阅文要求", max_length=10, choices=Duty.choices, default=Duty.READ)
    part = models.CharField("承办分工", max_length=10, choices=Part.choices, default=Part.NONE, blank=True)
    send_first = models.BooleanField("先送", default=False)  # [26(6)3]
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.WAITING)
    reached_at = models.DateTimeField("送达时间", null=True, blank=True)
    due_at = models.DateTimeField("应阅时间", null=True, blank=True)  # 原则上当天阅批 [26(6)5]
    signed_at = models.DateTimeField("签阅时间", null=True, blank=True)
    comment = models.TextField("意见/批示", blank=True)
    passed_over_reason = models.CharField("越过原因", max_length=200, blank=True)
    # When they were first passed over; with ``signed_at`` the 批阅单 shows 越过 … 补阅 … [26(6)3].
    passed_over_at = models.DateTimeField("越过时间", null=True, blank=True)

    class Meta:
        verbose_name = "阅文人"
        verbose_name_plural = "阅文人"
        ordering = ["document", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["document", "reader"], name="incoming_reader_once"),
            models.UniqueConstraint(
                fields=["document"], condition=Q(status="current"), name="incoming_one_current_reader"
            ),
        ]
        indexes = [
            models.Index(fields=["reader", "status"], condition=Q(status="current"), name="incoming_reader_current"),
            # The deadline engine's 当天阅批 check [26(6)5]: current readers by due moment.
            models.Index(fields=["due_at", "id"], condition=Q(status="current"), name="incoming_reader_current_due"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}#{self.seq} {self.reader_id}"


class Chase(models.Model):
    """催办 record [26(4)]: who chased whom, how, and what they answered."""

    document = models.ForeignKey(IncomingDocument, on_delete=models.PROTECT, related_name="chases")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="催办人")
    at = models.DateTimeField("催办时间", default=timezone.now)
    target = models.CharField("催办对象", max_length=100)
    method = models.CharField("方式", max_length=20, default="电话")
    note = models.TextField("催办情况")

    class Meta:
        verbose_name = "催办记录"
        verbose_name_plural = "催办记录"
        ordering = ["document", "at"]

    def __str__(self) -> str:
        return f"催办 {self.target}"


class ReturnGround(models.IntegerChoices):
    """The six grounds of 第二十九条第3项 for not accepting a lower unit's document."""

    LAW_POLICY = 1, "① 公文内容与国家现行法律、法规及党和政府的方针政策不符"
    MULTIPLE_OR_SKIPPED = 2, "② 多头主送、越级上报（特殊情况下允许越级的请示件除外）"
    OWN_POWERS = 3, "③ 属于县政府部门、县直（驻县）单位职权范围可办理"
    NOT_COORDINATED = 4, "④ 需与相关部门（单位）协调而未经协调"
    UNCLEAR = 5, "⑤ 反映问题模糊、请示内容含混不清、行文不规范、文面不清、报文程序不符合要求"
    OTHER = 6, "⑥ 其他不予受理的文件"


class ReturnProposal(models.Model):
    """退文: the handler proposes, an office leader decides [29(3)]."""

    class Decision(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "未批准"

    document = models.ForeignKey(IncomingDocument, on_delete=models.PROTECT, related_name="return_proposals")
    ground = models.PositiveSmallIntegerField("退文理由", choices=ReturnGround.choices)
    explanation = models.TextField("具体说明", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="经办人"
    )
    proposed_at = models.DateTimeField("提出时间", default=timezone.now)
    decision = models.CharField("审批结果", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批人",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_comment = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "退文"
        verbose_name_plural = "退文"
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["document"], condition=Q(decision="pending"), name="incoming_one_pending_return"
            )
        ]

    def __str__(self) -> str:
        return f"退文 {self.document_id}"


class Attachment(StoredFile):
    """The scanned original and attachments, stored outside the static root and served only via a
    permission-checked view."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", "原件扫描件"
        ATTACHMENT = "attachment", "附件"

    document = models.ForeignKey(IncomingDocument, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.ORIGINAL)
    file = models.FileField("文件", upload_to="incoming/%Y/%m/")

    class Meta:
        verbose_name = "收文附件"
        verbose_name_plural = "收文附件"
        ordering = ["document", "id"]


class TransitionLog(TransitionLogBase):
    document = models.ForeignKey(IncomingDocument, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "收文办理记录"
        verbose_name_plural = "收文办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="incoming_log_document")]


class IncomingUserObjectPermission(UserObjectPermissionBase):
    """django-guardian's direct foreign-key table: who is *on* a document (registered, distributed, read,
    handle it). Classified documents are visible only through a row here [32]."""

    content_object = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE)

    # guardian's unique (user, permission, content_object) is also the index the visibility filter uses.
    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "收文对象权限"
        verbose_name_plural = "收文对象权限"
