"""政务信息 (第八章 [44]–[46]): the item (信息), its revisions, sendings (报送) and adoptions (采用), the scoring
table, the office's own publication (《政务信息》第N期) and the log.

An item comes from a township or department (its 联络员, or the office recording it) or is written in the
office. It is screened (筛选: kept → 编辑中, or 不采用 with a reason), edited (each edit a ``Revision``), reviewed
by an office leader (审核: approved → 待报送, or returned to 编辑中), sent (报送: to 省 / 州 / 县领导, each sending
with its date and channel), adopted (采用: by a level it was sent to, with a leader's 批示 if any) and archived
(归档; a sent item may be archived unadopted) [46]. An 紧急信息 skips the queue: it is submitted straight into
待审核 and its reminders are counted in hours (急事急报) [46]. A unit may withdraw (撤回) an item still waiting to
be screened. Nothing is deleted.

The weekly quota [44] (≥ 2 items a week to the province and ≥ 2 to the prefecture) is counted from
``Sending.sent_on`` — see ``information.quota``. Scoring [46] reads ``Adoption`` with the ``ScoringRule`` in
effect on its date: rules are never edited, a change is a new row from a date, so a past year's ranking is
recomputed exactly.

Every state field is protected: only the transitions below change it, and only ``services`` call them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import StoredFile, TransitionLogBase, WorkflowModel, state_field, step
from org.models import Unit

from . import rules


class Kind(models.TextChoices):
    """信息的类别 [46]."""

    DYNAMIC = "dynamic", "动态"
    EXPERIENCE = "experience", "经验"
    PROBLEM = "problem", "问题"
    SUGGESTION = "suggestion", "建议"
    URGENT = "urgent", "紧急信息"


class State(models.TextChoices):
    SUBMITTED = "submitted", "来稿"
    WITHDRAWN = "withdrawn", "已撤回"
    NOT_USED = "not_used", "不采用"
    EDITING = "editing", "编辑中"
    REVIEWING = "reviewing", "待审核"
    APPROVED = "approved", "待报送"
    SENT = "sent", "已报送"
    ADOPTED = "adopted", "已采用"
    ARCHIVED = "archived", "已归档"


# Ended: nothing more happens to them (lists' "open" filter, reminders, 我的待办).
ENDED_STATES = (State.WITHDRAWN, State.NOT_USED, State.ARCHIVED)
# Waiting for the office: what 我的待办 and the reminders look at.
QUEUE_STATES = (State.SUBMITTED, State.EDITING, State.REVIEWING, State.APPROVED)
# Sent on: an adoption may be recorded [46].
SENT_STATES = (State.SENT, State.ADOPTED)
OPEN = ~Q(state__in=[State.WITHDRAWN, State.NOT_USED, State.ARCHIVED])


class Target(models.TextChoices):
    """报送对象 [44], [46]."""

    PROVINCE = "province", "省"
    PREFECTURE = "prefecture", "州"
    COUNTY = "county", "县领导"


class Channel(models.TextChoices):
    """报送渠道: [44] asks for a working electronic channel."""

    NETWORK = "network", "电子政务信息网络"
    FAX = "fax", "传真"
    COURIER = "courier", "机要交通"
    OTHER = "other", "其他"


class Level(models.TextChoices):
    """采用级别: one per target an item can be sent to [46]."""

    PROVINCE = "province", "省级采用"
    PREFECTURE = "prefecture", "州级采用"
    COUNTY = "county", "县级采用"


# The level an item may be adopted at, for the target it was sent to [46].
LEVEL_FOR_TARGET = {Target.PROVINCE: Level.PROVINCE, Target.PREFECTURE: Level.PREFECTURE, Target.COUNTY: Level.COUNTY}
TARGET_FOR_LEVEL = {level: target for target, level in LEVEL_FOR_TARGET.items()}


class ScoringKey(models.TextChoices):
    """What earns points [46]."""

    PROVINCE_ADOPTION = "province_adoption", "省级采用"
    PREFECTURE_ADOPTION = "prefecture_adoption", "州级采用"
    COUNTY_ADOPTION = "county_adoption", "县级采用"
    LEADER_INSTRUCTION = "leader_instruction", "领导批示"


SCORING_KEY_FOR_LEVEL = {
    Level.PROVINCE: ScoringKey.PROVINCE_ADOPTION,
    Level.PREFECTURE: ScoringKey.PREFECTURE_ADOPTION,
    Level.COUNTY: ScoringKey.COUNTY_ADOPTION,
}


def has_sending(item) -> bool:
    """报送 needs at least one sending recorded [46]."""
    return item.sendings.exists()


def has_adoption(item) -> bool:
    """采用 needs at least one adoption recorded [46]."""
    return item.adoptions.exists()


def not_urgent(item) -> bool:
    return item.kind != Kind.URGENT


class InformationItem(WorkflowModel):
    """信息 [44]–[46]."""

    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")  # the current text: the latest revision's
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.DYNAMIC)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="报送单位",
        help_text="空：办公室自写",
    )
    author = models.CharField("撰稿人", max_length=60)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="提交人"
    )
    submitted_at = models.DateTimeField("来稿时间")
    # When it entered the state it waits in now (screening, review, sending): the reminders read it [46].
    waiting_since = models.DateTimeField("进入当前环节时间")
    revision_count = models.PositiveSmallIntegerField("修改稿数", default=1)

    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="筛选人",
    )
    screened_at = models.DateTimeField("筛选时间", null=True, blank=True)
    screen_reason = models.CharField("不采用理由", max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审核人",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_comment = models.CharField("审核意见", max_length=500, blank=True)
    first_sent_on = models.DateField("首次报送日期", null=True, blank=True)
    adopted_on = models.DateField("首次采用日期", null=True, blank=True)
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)

    state = state_field(State.choices, State.SUBMITTED)

    class Meta:
        verbose_name = "政务信息"
        verbose_name_plural = "政务信息"
        ordering = ["-submitted_at", "-id"]
        indexes = [
            # The list, newest first, keyset-paged (PERFORMANCE.md).
            models.Index(fields=["-submitted_at", "-id"], name="information_item_recent"),
            # A unit's items (the unit contact's list, per-unit statistics).
            models.Index(fields=["unit", "-submitted_at", "-id"], name="information_item_unit"),
            models.Index(fields=["submitted_by", "-submitted_at"], name="information_item_submitter"),
            # 我的待办 and the reminders: only the waiting items are in it, however long the table grows.
            models.Index(
                fields=["state", "waiting_since"],
                condition=Q(state__in=["submitted", "editing", "reviewing", "approved"]),
                name="information_item_queue",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="not_used") | ~Q(screen_reason=""), name="information_not_used_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_urgent(self) -> bool:
        return self.kind == Kind.URGENT

    @property
    def unit_label(self) -> str:
        return self.unit.name if self.unit_id else "县政府办公室"

    # --- the lifecycle [46] ------------------------------------------------------------------------------------
    @step(state, State.SUBMITTED, State.WITHDRAWN, permission=rules.can_withdraw, label="撤回", article="[46]")
    def withdraw(self):
        pass

    @step(
        state,
        State.SUBMITTED,
        State.EDITING,
        permission=rules.can_screen,
        label="筛选选用",
        article="[46]",
        conditions=[not_urgent],
    )
    def keep(self):
        pass

    @step(state, State.SUBMITTED, State.NOT_USED, permission=rules.can_screen, label="不采用", article="[46]")
    def set_aside(self):
        pass

    @step(state, State.EDITING, State.REVIEWING, permission=rules.can_edit, label="送审", article="[46]")
    def to_review(self):
        pass

    @step(state, State.REVIEWING, State.APPROVED, permission=rules.can_review, label="审核通过", article="[46]")
    def approve(self):
        pass

    @step(state, State.REVIEWING, State.EDITING, permission=rules.can_review, label="退回修改", article="[46]")
    def send_back(self):
        pass

    @step(
        state,
        State.APPROVED,
        State.SENT,
        permission=rules.can_send,
        label="报送",
        article="[44][46]",
        conditions=[has_sending],
    )
    def mark_sent(self):
        pass

    @step(
        state,
        State.SENT,
        State.ADOPTED,
        permission=rules.can_adopt,
        label="采用",
        article="[46]",
        conditions=[has_adoption],
    )
    def mark_adopted(self):
        pass

    @step(
        state, [State.SENT, State.ADOPTED], State.ARCHIVED, permission=rules.can_archive, label="归档", article="[46]"
    )
    def archive(self):
        pass


class Attachment(StoredFile):
    """附件 (a photo, a scan, a table) of an item."""

    item = models.ForeignKey(InformationItem, on_delete=models.PROTECT, related_name="attachments", verbose_name="信息")
    file = models.FileField("文件", upload_to="information/%Y/%m/")

    class Meta:
        verbose_name = "信息附件"
        verbose_name_plural = "信息附件"
        ordering = ["item", "id"]


class Revision(models.Model):
    """One version of the text: 1 is as submitted, each edit adds one (side by side like outgoing drafts) [46]."""

    item = models.ForeignKey(InformationItem, on_delete=models.PROTECT, related_name="revisions", verbose_name="信息")
    number = models.PositiveSmallIntegerField("稿次")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="修改人"
    )
    edited_at = models.DateTimeField("修改时间")
    note = models.CharField("修改说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "信息修改稿"
        verbose_name_plural = "信息修改稿"
        ordering = ["item", "number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="information_revision_number")]

    def __str__(self) -> str:
        return f"第{self.number}稿：{self.title}"


class Sending(models.Model):
    """报送: one item to one target on one date through one channel [44], [46]."""

    item = models.ForeignKey(InformationItem, on_delete=models.PROTECT, related_name="sendings", verbose_name="信息")
    target = models.CharField("报送对象", max_length=20, choices=Target.choices)
    sent_on = models.DateField("报送日期")
    channel = models.CharField("报送渠道", max_length=20, choices=Channel.choices, default=Channel.NETWORK)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="报送人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    note = models.CharField("备注", max_length=300, blank=True)

    class Meta:
        verbose_name = "信息报送"
        verbose_name_plural = "信息报送"
        ordering = ["item", "sent_on", "id"]
        indexes = [
            # The weekly quota [44]: sendings to a target in a date range, one index range scan.
            models.Index(fields=["target", "sent_on", "item"], name="information_sending_week"),
        ]
        constraints = [models.UniqueConstraint(fields=["item", "target"], name="information_sending_once")]

    def __str__(self) -> str:
        return f"{self.get_target_display()} {self.sent_on:%Y-%m-%d}"


class Adoption(models.Model):
    """采用: by a level the item was sent to, in a publication, with a leader's 批示 if any [46]."""

    item = models.ForeignKey(InformationItem, on_delete=models.PROTECT, related_name="adoptions", verbose_name="信息")
    level = models.CharField("采用级别", max_length=20, choices=Level.choices)
    publication = models.CharField("刊物", max_length=200, blank=True, help_text="如：《青海政务信息》2026年第12期")
    adopted_on = models.DateField("采用日期")
    instruction = models.TextField("领导批示", blank=True)
    instructed_by = models.CharField("批示领导", max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "信息采用"
        verbose_name_plural = "信息采用"
        ordering = ["item", "adopted_on", "id"]
        indexes = [models.Index(fields=["adopted_on", "level"], name="information_adoption_date")]
        constraints = [models.UniqueConstraint(fields=["item", "level"], name="information_adoption_once")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.adopted_on:%Y-%m-%d}"

    @property
    def has_instruction(self) -> bool:
        return bool(self.instruction.strip())


class ScoringRule(models.Model):
    """计分标准: points for one key from a date. Never edited: a change is a new row, so a past ranking is
    recomputed with the rule in effect on each adoption's date [46]."""

    key = models.CharField("计分项目", max_length=30, choices=ScoringKey.choices)
    points = models.DecimalField("分值", max_digits=6, decimal_places=2)
    effective_from = models.DateField("起用日期")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="设定人"
    )
    changed_at = models.DateTimeField("设定时间", auto_now_add=True)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "信息计分标准"
        verbose_name_plural = "信息计分标准"
        ordering = ["key", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["key", "effective_from"], name="information_rule_from")]

    def __str__(self) -> str:
        return f"{self.get_key_display()} {self.points}分（{self.effective_from:%Y-%m-%d}起）"


class PublicationState(models.TextChoices):
    DRAFT = "draft", "草稿"
    ISSUED = "issued", "已印发"


class Publication(models.Model):
    """The office's own 《政务信息》, 第N期 per year. The number is taken when it is issued (core.serials), so
    an abandoned draft leaves no gap."""

    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveIntegerField("期号", null=True, blank=True)
    title = models.CharField("标题", max_length=200, blank=True)
    editor = models.CharField("编辑", max_length=60, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=PublicationState.choices, default=PublicationState.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="创建人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="印发人",
    )
    items = models.ManyToManyField(
        InformationItem, through="PublicationEntry", related_name="publications", verbose_name="信息"
    )

    class Meta:
        verbose_name = "《政务信息》"
        verbose_name_plural = "《政务信息》"
        ordering = ["-year", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="information_publication_number"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(number__isnull=False, issued_on__isnull=False),
                name="information_publication_issued_numbered",
            ),
        ]

    def __str__(self) -> str:
        if self.number:
            return f"《政务信息》{self.year}年第{self.number}期"
        return f"《政务信息》{self.year}年（草稿）"

    @property
    def label(self) -> str:
        return str(self)


class PublicationEntry(models.Model):
    """One item in a publication, in order."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="entries", verbose_name="期刊")
    item = models.ForeignKey(
        InformationItem, on_delete=models.PROTECT, related_name="publication_entries", verbose_name="信息"
    )
    order = models.PositiveSmallIntegerField("顺序")

    class Meta:
        verbose_name = "期刊所载信息"
        verbose_name_plural = "期刊所载信息"
        ordering = ["publication", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["publication", "item"], name="information_entry_once")]

    def __str__(self) -> str:
        return f"{self.publication} {self.order}. {self.item}"


class InformationLog(TransitionLogBase):
    """The item's history: every step, who, when, from, to, why."""

    document = models.ForeignKey(InformationItem, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "政务信息办理记录"
        verbose_name_plural = "政务信息办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="information_log_document")]
