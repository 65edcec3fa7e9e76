"""Petitions (信访), 第九章 [47]–[50]: the case (信访件), its petitioners, referrals to units, extensions,
reviews, incidents, look-ups of a person, and the log.

Every letter and visit is registered (登记) first — there is no other way in [48]. Within the 《信访工作条例》's
limits the office then accepts it and handles it itself (受理 → 办理中), refuses it with a reason (不予受理), or
routes it to the responsible department or township (转送·交办 → 办理中) [47]; the answer (处理意见书) is given
(已答复) and the case closed with the petitioner's satisfaction (已办结). A petitioner may ask for a review
(复查中) and then a re-review (复核中), each ending in a new answer. 息诉罢访 is recorded on a closed case [50].

Petitioners' ID numbers, phones and addresses are encrypted at rest (``crypto.EncryptedTextField``) and found
again only through keyed hashes (``id_index``, ``phone_index``); pages get them only through
``selectors.petitioners_shown`` (masked for everyone who may not see them). Nothing is deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import StoredFile, TransitionLogBase, WorkflowModel, state_field, step
from org.models import Unit

from . import rules
from .crypto import EncryptedTextField, blind_index
from .identity import normalise_id_number, normalise_phone


class Channel(models.TextChoices):
    """How the petition came [48]."""

    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    PHONE = "phone", "来电"
    ONLINE = "online", "网上信访"
    LEADER = "leader", "领导交办"


class Category(models.TextChoices):
    """What the matter is about (the statistics' 信访事项分类)."""

    URBAN_RURAL = "urban_rural", "城乡建设"
    LABOUR = "labour", "劳动社保"
    AGRICULTURE = "agriculture", "农林水利"
    LAND = "land", "国土资源/草场纠纷"
    CIVIL_AFFAIRS = "civil_affairs", "民政"
    EDUCATION_HEALTH = "education_health", "教育卫生"
    LAW = "law", "政法"
    PERSONNEL = "personnel", "组织人事"
    DISCIPLINE = "discipline", "纪检监察"
    ECOLOGY = "ecology", "生态环境"
    OTHER = "other", "其他"


class Handling(models.TextChoices):
    """Who handles an accepted case [47]: the office itself, or a unit by 转送 / 交办."""

    NONE = "", "—"
    OWN = "own", "本机关办理"
    TRANSFER = "transfer", "转送"
    ASSIGN = "assign", "交办"


class Satisfaction(models.TextChoices):
    NONE = "", "未表态"
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class State(models.TextChoices):
    REGISTERED = "registered", "已登记"
    REFUSED = "refused", "不予受理"
    HANDLING = "handling", "办理中"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"
    REVIEWING = "reviewing", "复查中"
    REREVIEWING = "rereviewing", "复核中"


# Ended: nothing more to do unless the petitioner asks for a review. Lists and reminders write
# ``.exclude(state__in=ENDED_STATES)`` so the partial indexes below serve them (PERFORMANCE.md).
ENDED_STATES = (State.REFUSED, State.CLOSED)
OPEN = ~Q(state__in=[State.REFUSED, State.CLOSED])
# The office still has to decide whether to accept (15 days from receipt).
AWAITING_DECISION = (State.REGISTERED,)
# Being handled: the 60-day limit (moved by an approved extension) runs.
IN_HANDLING = (State.HANDLING,)
IN_REVIEW = (State.REVIEWING, State.REREVIEWING)

# 集体访: five people or more (《信访工作条例》第十八条: 多人走访提出同一信访事项的，应当推选代表，代表人数不超过5人).
GROUP_MIN_PEOPLE = 5


def unit_answer_if_referred(case) -> bool:
    """A case handled by a unit is answered once the unit's answer is on record [47]."""
    if case.handling == Handling.OWN:
        return True
    return case.referrals.filter(superseded_at__isnull=True, answered_at__isnull=False).exists()


def no_review_yet(case) -> bool:
    return not case.reviews.exists()


def review_decided_no_rereview(case) -> bool:
    """A 复核 follows a decided 复查, once."""
    kinds = set(case.reviews.filter(decided_at__isnull=False).values_list("kind", flat=True))
    return ReviewKind.REVIEW in kinds and not case.reviews.filter(kind=ReviewKind.REREVIEW).exists()


class Case(WorkflowModel):
    """信访件 [47]–[50]."""

    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("流水号")
    number = models.CharField("信访编号", max_length=30, unique=True)  # 杂信〔2026〕12号

    # --- how it came [48] --------------------------------------------------------------------------------------
    channel = models.CharField("信访形式", max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField("收到时间")
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )

    # --- the matter ------------------------------------------------------------------------------------------------
    category = models.CharField("信访事项分类", max_length=20, choices=Category.choices)
    township = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="问题属地",
        help_text="信访事项所涉乡（镇）或部门",
    )
    place = models.CharField("问题发生地", max_length=200, blank=True)
    title = models.CharField("信访事由", max_length=200)
    request = models.TextField("信访诉求")
    content = models.TextField("信访内容", blank=True)
    is_group = models.BooleanField("集体访", default=False)
    head_count = models.PositiveIntegerField("来访人数", default=1)

    # --- flags, set at registration [48] ---------------------------------------------------------------------------
    is_repeat = models.BooleanField("重复信访", default=False)
    is_skip_level = models.BooleanField("越级信访", default=False)
    earlier = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="later", verbose_name="关联的此前信访件"
    )

    # --- deciding whether to accept (15 days) ------------------------------------------------------------------
    accept_due = models.DateField("受理告知期限")
    decided_at = models.DateTimeField("受理决定时间", null=True, blank=True)  # 受理, 转送·交办 or 不予受理
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="受理决定人",
    )
    decided_on_time = models.BooleanField("按期告知", null=True, blank=True)  # the on-time acceptance rate
    refusal_reason = models.TextField("不予受理理由", blank=True)

    # --- handling (60 days, + an approved extension ≤ 30) -------------------------------------------------
    handling = models.CharField("办理方式", max_length=10, choices=Handling.choices, default=Handling.NONE, blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="责任单位",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="承办人",
    )
    # The handling limit runs from the first 受理 or 转送·交办; a re-routed case does not start again.
    handling_since = models.DateField("办理起算日", null=True, blank=True)
    handle_due = models.DateField("办理期限", null=True, blank=True)
    extended_days = models.PositiveSmallIntegerField("已延期天数", default=0)

    # --- the answer (处理意见书) and the end ------------------------------------------------------------------
    answer = models.TextField("处理意见", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="答复人",
    )
    answered_on_time = models.BooleanField("按期办结", null=True, blank=True)  # the on-time handling rate
    satisfaction = models.CharField(
        "信访人评价", max_length=15, choices=Satisfaction.choices, default=Satisfaction.NONE, blank=True
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="办结人",
    )
    # 息诉罢访 [50]: the petitioner has accepted the outcome and stopped petitioning.
    outcome_settled = models.BooleanField("息诉罢访", default=False)
    settled_on = models.DateField("息诉罢访日期", null=True, blank=True)
    settled_note = models.TextField("息诉罢访情况", blank=True)

    state = state_field(State.choices, State.REGISTERED)

    class Meta:
        verbose_name = "信访件"
        verbose_name_plural = "信访件"
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="petitions_case_serial"),
            # A group visit counts its people [49]; every case has at least one.
            models.CheckConstraint(condition=Q(head_count__gte=1), name="petitions_case_head_count"),
            models.CheckConstraint(
                condition=Q(is_group=False) | Q(head_count__gte=GROUP_MIN_PEOPLE), name="petitions_group_size"
            ),
            # The extension limit in the database itself (《信访工作条例》第三十五条: 不得超过30日).
            models.CheckConstraint(condition=Q(extended_days__lte=30), name="petitions_extension_limit"),
        ]
        indexes = [
            # Every case, newest first (the register, the admin); a year's register.
            models.Index(fields=["-received_at", "-id"], name="petitions_recent"),
            models.Index(fields=["year", "-serial"], name="petitions_year_serial"),
            # Waiting for the decision to accept, nearest limit first (reminders, 我的待办).
            models.Index(fields=["accept_due", "id"], condition=Q(state="registered"), name="petitions_to_decide"),
            # Answered, waiting for the petitioner's evaluation to close [50] (我的待办, its badge counted by it).
            models.Index(fields=["answered_at", "id"], condition=Q(state="answered"), name="petitions_to_close"),
            # Being handled, by limit (reminders, the late list); by unit and by handler.
            models.Index(fields=["handle_due", "id"], condition=Q(state="handling"), name="petitions_handling_due"),
            models.Index(fields=["unit", "handle_due", "id"], condition=OPEN, name="petitions_unit_open"),
            models.Index(fields=["handler", "handle_due", "id"], condition=OPEN, name="petitions_handler_open"),
            # Statistics and lists by township, unit, category, channel (received_at ranges).
            models.Index(fields=["township", "-received_at", "-id"], name="petitions_township"),
            models.Index(fields=["unit", "-received_at", "-id"], name="petitions_unit"),
            models.Index(fields=["received_at", "category"], name="petitions_received_category"),
            models.Index(fields=["received_at", "channel"], name="petitions_received_channel"),
        ]
        permissions = [
            ("register_case", "可登记信访件"),
            ("export_case", "可导出信访统计"),
            ("lookup_petitioner", "可按身份证号或电话查询信访人"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number_label(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.state not in ENDED_STATES

    @property
    def current_due(self):
        """The limit running now: deciding (15 days) or handling (60 + extension); None otherwise."""
        if self.state == State.REGISTERED:
            return self.accept_due
        if self.state == State.HANDLING:
            return self.handle_due
        return None

    def is_late(self, today) -> bool:
        due = self.current_due
        return due is not None and due < today

    # --- transitions [47]–[50] ---------------------------------------------------------------------------------
    @step(state, State.REGISTERED, State.HANDLING, permission=rules.can_decide, label="受理", article="[47][48]")
    def accept(self) -> None:
        """The office accepts and handles it itself (本机关办理)."""

    @step(state, State.REGISTERED, State.REFUSED, permission=rules.can_decide, label="不予受理", article="[47]")
    def refuse(self) -> None:
        """Not for this organ or not a petition matter: refused with the reason, and the petitioner told."""

    @step(
        state,
        [State.REGISTERED, State.HANDLING],
        State.HANDLING,
        permission=rules.can_decide,
        label="转送·交办",
        article="[47]",
    )
    def refer(self) -> None:
        """Routed (分流) to the responsible department or township, with the staff's opinion [47]."""

    @step(
        state,
        State.HANDLING,
        State.ANSWERED,
        permission=rules.can_handle,
        label="答复",
        article="[48][50]",
        conditions=[unit_answer_if_referred],
    )
    def give_answer(self) -> None:
        """The 处理意见书 is given to the petitioner."""

    @step(state, State.ANSWERED, State.CLOSED, permission=rules.can_handle, label="办结", article="[50]")
    def close(self) -> None:
        pass

    @step(
        state,
        [State.ANSWERED, State.CLOSED],
        State.REVIEWING,
        permission=rules.can_decide,
        label="申请复查",
        article="[50]",
        conditions=[no_review_yet],
    )
    def start_review(self) -> None:
        """The petitioner, not satisfied with the answer, asks for a review (复查) within 30 days."""

    @step(
        state,
        [State.ANSWERED, State.CLOSED],
        State.REREVIEWING,
        permission=rules.can_decide,
        label="申请复核",
        article="[50]",
        conditions=[review_decided_no_rereview],
    )
    def start_rereview(self) -> None:
        """Not satisfied with the review: a re-review (复核) within 30 days of the review's opinion."""

    @step(
        state,
        [State.REVIEWING, State.REREVIEWING],
        State.ANSWERED,
        permission=rules.can_decide,
        label="复查（复核）意见",
        article="[50]",
    )
    def decide_review(self) -> None:
        pass


class Petitioner(models.Model):
    """信访人: a person on a case (a group visit has its representatives here and its ``head_count`` on the
    case). ID number, phone and address are encrypted; ``id_index`` / ``phone_index`` find repeats [48]."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="petitioners", verbose_name="信访件")
    position = models.PositiveSmallIntegerField("序号", default=1)
    name = models.CharField("姓名", max_length=50)
    id_number = EncryptedTextField("身份证号码", blank=True)
    id_index = models.CharField("身份证号索引", max_length=40, blank=True, db_index=True, editable=False)
    phone = EncryptedTextField("联系电话", blank=True)
    phone_index = models.CharField("电话索引", max_length=40, blank=True, db_index=True, editable=False)
    address = EncryptedTextField("住址", blank=True)
    township = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="户籍所在乡（镇）"
    )
    is_representative = models.BooleanField("代表", default=False)

    class Meta:
        verbose_name = "信访人"
        verbose_name_plural = "信访人"
        ordering = ["case", "position", "id"]
        indexes = [models.Index(fields=["case", "position"], name="petitions_petitioner_case")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.refresh_indexes()
        super().save(*args, **kwargs)

    def refresh_indexes(self) -> None:
        """Keep the blind indexes equal to the (normalised) clear values (bulk_create: call it first)."""
        self.id_number = normalise_id_number(self.id_number or "")
        self.phone = normalise_phone(self.phone or "")
        self.id_index = blind_index("id", self.id_number)
        self.phone_index = blind_index("phone", self.phone)


class Referral(models.Model):
    """转送 / 交办 of a case to a unit, with the petition staff's opinion, and the unit's answer — recorded by
    the office or by the unit's contact (单位联络员) [47]. A re-routed case keeps its earlier referral,
    superseded."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals", verbose_name="信访件")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="承办单位")
    kind = models.CharField("方式", max_length=10, choices=[(Handling.TRANSFER, "转送"), (Handling.ASSIGN, "交办")])
    opinion = models.TextField("拟办意见")
    routed_at = models.DateTimeField("转交时间")
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="转交人"
    )
    due = models.DateField("办理期限")
    answer = models.TextField("办理结果", blank=True)
    answered_at = models.DateTimeField("回复时间", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="回复登记人",
    )
    superseded_at = models.DateTimeField("改派时间", null=True, blank=True)

    class Meta:
        verbose_name = "转送交办"
        verbose_name_plural = "转送交办"
        ordering = ["case", "routed_at", "id"]
        indexes = [
            models.Index(fields=["case", "routed_at"], name="petitions_referral_case"),
            # A unit contact's referrals waiting for their answer (我的待办).
            models.Index(
                fields=["unit", "due", "id"],
                condition=Q(answered_at__isnull=True, superseded_at__isnull=True),
                name="petitions_referral_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.unit_id}"


class Extension(models.Model):
    """延期: asked with a reason, at most 30 days, decided by the organ's head (办公室主任); the reason is told
    to the petitioner (延期告知书) (《信访工作条例》第三十五条)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="extensions", verbose_name="信访件")
    reason = models.TextField("延期理由")
    days = models.PositiveSmallIntegerField("延期天数")
    old_due = models.DateField("原办理期限")
    new_due = models.DateField("延至")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申请人"
    )
    requested_at = models.DateTimeField("申请时间")
    approved = models.BooleanField("批准", null=True, blank=True)  # None: waiting
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
        ordering = ["case", "requested_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(days__gte=1, days__lte=30), name="petitions_extension_days"),
            models.UniqueConstraint(
                fields=["case"], condition=Q(approved__isnull=True), name="petitions_one_pending_extension"
            ),
        ]
        indexes = [
            models.Index(
                fields=["requested_at", "id"], condition=Q(approved__isnull=True), name="petitions_ext_waiting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} 延期{self.days}日"


class ReviewKind(models.TextChoices):
    REVIEW = "review", "复查"
    REREVIEW = "rereview", "复核"


class Review(models.Model):
    """复查 / 复核: requested within 30 days of the answer (or the review's opinion), decided within 30 days
    (《信访工作条例》第三十五条、第三十六条) [50]."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reviews", verbose_name="信访件")
    kind = models.CharField("类别", max_length=10, choices=ReviewKind.choices)
    requested_on = models.DateField("申请日期")
    request = models.TextField("申请理由")
    due = models.DateField("复查（复核）期限")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间")
    opinion = models.TextField("复查（复核）意见", blank=True)
    upheld = models.BooleanField("维持原处理意见", null=True, blank=True)
    decided_at = models.DateTimeField("作出意见时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记意见人",
    )

    class Meta:
        verbose_name = "复查复核"
        verbose_name_plural = "复查复核"
        ordering = ["case", "requested_on", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="petitions_review_once")]
        indexes = [
            models.Index(fields=["due", "id"], condition=Q(decided_at__isnull=True), name="petitions_review_waiting")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()}"


class Incident(models.Model):
    """A disruption [49]: blocking or storming leaders' offices or vehicles, disturbing the organ's work —
    when, where, how many, what happened, who was called, what was done; linked to the case and the people."""

    occurred_at = models.DateTimeField("发生时间")
    place = models.CharField("地点", max_length=200)
    people_count = models.PositiveIntegerField("人数")
    what_happened = models.TextField("经过")
    called = models.CharField("通知到场人员", max_length=300, blank=True, help_text="如：县公安局、所涉乡镇负责人")
    measures = models.TextField("处置措施")
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="incidents", verbose_name="信访件"
    )
    petitioners = models.ManyToManyField(Petitioner, blank=True, related_name="incidents", verbose_name="涉及信访人")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "信访突发事件"
        verbose_name_plural = "信访突发事件"
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["-occurred_at", "-id"], name="petitions_incident_recent")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.place}"


class LookupKind(models.TextChoices):
    ID_NUMBER = "id", "身份证号码"
    PHONE = "phone", "电话"
    NAME = "name", "姓名"


class LookupLog(models.Model):
    """Each search for a person (who, when, why, what kind) — the keyed hash searched, never the clear
    value [48] (个人信息保护法). Append-only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="查询人"
    )
    at = models.DateTimeField("时间")
    reason = models.CharField("查询事由", max_length=200)
    kind = models.CharField("查询方式", max_length=10, choices=LookupKind.choices)
    searched_index = models.CharField("查询值索引", max_length=40)
    result_count = models.PositiveIntegerField("结果数")

    class Meta:
        verbose_name = "信访人查询记录"
        verbose_name_plural = "信访人查询记录"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "at"], name="petitions_lookup_user")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}查询 {self.at:%Y-%m-%d %H:%M}"


class CaseAttachment(StoredFile):
    """信访材料 (the letter, a photo, a scan), as in supervision's feedback attachments."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments", verbose_name="信访件")
    file = models.FileField("文件", upload_to="petitions/%Y/%m/")

    class Meta:
        verbose_name = "信访材料"
        verbose_name_plural = "信访材料"
        ordering = ["case", "id"]


class CaseLog(TransitionLogBase):
    """The case's history. Comments never hold an ID or phone number."""

    document = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "信访件办理记录"
        verbose_name_plural = "信访件办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="petitions_log_document")]
