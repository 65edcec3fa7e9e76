"""规范性文件 (第十三条 [13]): the register of the county government's normative documents kept by 法制科.

[13]: the office organises the drafting, deliberation, review (审查), amendment and interpretation of normative
documents and proposes their repeal. The 法制科 review itself is a step of the outgoing document's route
([30(2)3], ``documents.outgoing.routing``); this register takes it over when the document is issued, and keeps
what follows: publication, filing with the higher level (备案), validity (有效期), interpretation requests
(解释), clean-ups (清理) and repeal proposals (废止建议).

Four state machines, each changed only by ``services`` through django-fsm transitions, each with its own log:
- ``NormativeDocument``: 待公布 → 已公布 → 已废止 / 已修改（被新文件替代）. Publishing is refused without a
  法制科 review on record [13][30(2)3]. Filing (备案) and its acceptance are steps that keep the state.
  Whether a document is *in force* is not a state: published, effective_on <= today <= valid_until
  (``selectors.in_force``) — a document past its validity leaves the in-force list on its own.
- ``Interpretation``: 待答复 → 已答复.
- ``Cleanup``: 清理中 → 待决定 → 已决定 (the county head or the executive deputy head decides; every item's
  proposal applies at once).
- ``RepealProposal``: 待决定 → 已采纳 (the document is repealed) / 未采纳.

Nothing is deleted: a document ends repealed or superseded, with the date and the reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import TransitionLogBase, WorkflowModel, state_field, step
from documents.outgoing.choices import Authority

from . import rules

DEFAULT_FILED_WITH = "玉树州人民政府、杂多县人大常委会"


class State(models.TextChoices):
    REGISTERED = "registered", "待公布"
    PUBLISHED = "published", "已公布"
    REPEALED = "repealed", "已废止"
    SUPERSEDED = "superseded", "已修改（被新文件替代）"


class PublishedIn(models.TextChoices):
    """公布载体."""

    PORTAL = "portal", "县政府门户网站"
    GAZETTE = "gazette", "政府公报"
    OTHER = "other", "其他"


# The in-force list's predicate without the dates (the partial index's condition).
PUBLISHED = Q(state="published")


def legal_review_on_record(document) -> bool:
    """A normative document is published only after 法制科 reviewed it [13][30(2)3]."""
    return bool(document.legal_opinion.strip()) and document.legal_reviewed_on is not None


def is_published(document) -> bool:
    return document.published_on is not None


def not_filed(document) -> bool:
    return document.filed_on is None


def filed_not_accepted(document) -> bool:
    return document.filed_on is not None and document.filing_accepted_on is None


class NormativeDocument(WorkflowModel):
    """规范性文件: one entry of 法制科's register [13]."""

    register_year = models.PositiveSmallIntegerField("登记年度")
    register_serial = models.PositiveIntegerField("登记顺序号")
    register_number = models.CharField("登记号", max_length=30, unique=True)
    title = models.CharField("标题", max_length=300)
    doc_number = models.CharField("文号", max_length=40, blank=True)
    authority = models.CharField("制定机关", max_length=20, choices=Authority.choices, default=Authority.GOVERNMENT)
    outgoing = models.OneToOneField(
        "outgoing.OutgoingDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="normative",
        verbose_name="对应发文",
    )
    drafting_unit = models.CharField("起草单位", max_length=100, blank=True)

    # --- 法制科审核 [13][30(2)3] ----------------------------------------------------------------------------
    legal_opinion = models.TextField("法制科审核意见", blank=True)
    legal_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审核人",
    )
    legal_reviewed_on = models.DateField("审核日期", null=True, blank=True)
    signed_on = models.DateField("签发日期", null=True, blank=True)

    # --- 公布与施行 [13] -------------------------------------------------------------------------------------
    published_on = models.DateField("公布日期", null=True, blank=True)
    published_in = models.CharField("公布载体", max_length=20, choices=PublishedIn.choices, blank=True)
    effective_on = models.DateField("施行日期")
    valid_until = models.DateField("有效期至")

    # --- 备案 -----------------------------------------------------------------------------------------------
    filed_with = models.CharField("备案机关", max_length=200, default=DEFAULT_FILED_WITH, blank=True)
    filing_due = models.DateField("备案期限", null=True, blank=True)
    filed_on = models.DateField("报送备案日期", null=True, blank=True)
    filing_accepted_on = models.DateField("备案审查完成日期", null=True, blank=True)
    filing_result = models.TextField("备案审查意见", blank=True)

    # --- 状态 -----------------------------------------------------------------------------------------------
    state = state_field(State.choices, State.REGISTERED)
    state_on = models.DateField("状态日期", null=True, blank=True)
    state_reason = models.CharField("状态说明", max_length=300, blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces", verbose_name="替代文件"
    )
    needs_amendment = models.BooleanField("清理意见：需修改", default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )

    class Meta:
        verbose_name = "规范性文件"
        verbose_name_plural = "规范性文件"
        ordering = ["-register_year", "-register_serial"]
        constraints = [
            models.UniqueConstraint(fields=["register_year", "register_serial"], name="normative_register_once"),
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("effective_on")), name="normative_valid"),
            # [13][30(2)3]: nothing is published without the 法制科 review on record.
            models.CheckConstraint(
                condition=Q(state="registered") | (Q(legal_reviewed_on__isnull=False) & Q(published_on__isnull=False)),
                name="normative_published_reviewed",
            ),
        ]
        indexes = [
            models.Index(fields=["effective_on", "valid_until", "id"], condition=PUBLISHED, name="normative_in_force"),
            models.Index(fields=["filing_due", "id"], condition=Q(filed_on__isnull=True), name="normative_to_file"),
            models.Index(fields=["state", "-register_year", "-register_serial"], name="normative_state"),
        ]

    def __str__(self) -> str:
        return f"{self.register_number} {self.title}"

    def is_in_force(self, today) -> bool:
        """In force: published, already effective, not past its validity [13]."""
        return self.state == State.PUBLISHED and self.effective_on <= today <= self.valid_until

    @property
    def has_legal_review(self) -> bool:
        return legal_review_on_record(self)

    @step(
        state,
        State.REGISTERED,
        State.PUBLISHED,
        permission=rules.can_keep_register,
        label="公布",
        article="[13] [30(2)3]",
        conditions=[legal_review_on_record],
    )
    def publish(self) -> None:
        pass

    @step(
        state,
        State.PUBLISHED,
        State.PUBLISHED,
        permission=rules.can_keep_register,
        label="报送备案",
        article="[13]",
        conditions=[not_filed],
    )
    def record_filing(self) -> None:
        pass

    @step(
        state,
        State.PUBLISHED,
        State.PUBLISHED,
        permission=rules.can_keep_register,
        label="备案审查完成",
        article="[13]",
        conditions=[filed_not_accepted],
    )
    def accept_filing(self) -> None:
        pass

    @step(
        state,
        State.PUBLISHED,
        State.REPEALED,
        permission=rules.can_decide_repeal,
        label="废止",
        article="[13]",
    )
    def repeal(self) -> None:
        pass

    @step(
        state,
        State.PUBLISHED,
        State.SUPERSEDED,
        permission=rules.can_keep_register,
        label="被新文件替代",
        article="[13]",
    )
    def supersede(self) -> None:
        pass


class NormativeLog(TransitionLogBase):
    document = models.ForeignKey(NormativeDocument, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "规范性文件办理记录"
        verbose_name_plural = "规范性文件办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="normative_log_document")]


# --- 解释 [13] ------------------------------------------------------------------------------------------------


class InterpretationState(models.TextChoices):
    OPEN = "open", "待答复"
    ANSWERED = "answered", "已答复"


class Interpretation(WorkflowModel):
    """解释申请: a unit or a person asks what a provision means; 法制科 answers [13]."""

    document = models.ForeignKey(
        NormativeDocument, on_delete=models.PROTECT, related_name="interpretations", verbose_name="规范性文件"
    )
    asked_by = models.CharField("申请单位/个人", max_length=100)
    asked_on = models.DateField("申请日期")
    question = models.TextField("申请解释的问题")
    answer_due = models.DateField("答复期限", null=True, blank=True)
    answer = models.TextField("解释答复", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="答复人",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )

    state = state_field(InterpretationState.choices, InterpretationState.OPEN)

    class Meta:
        verbose_name = "规范性文件解释申请"
        verbose_name_plural = "规范性文件解释申请"
        ordering = ["-asked_on", "-id"]
        indexes = [
            models.Index(fields=["document", "-asked_on", "id"], name="normative_interp_document"),
            models.Index(fields=["answer_due", "id"], condition=Q(state="open"), name="normative_interp_open"),
        ]

    def __str__(self) -> str:
        return f"{self.asked_by}：{self.question[:30]}"

    @step(
        state,
        InterpretationState.OPEN,
        InterpretationState.ANSWERED,
        permission=rules.can_answer_interpretation,
        label="答复解释申请",
        article="[13]",
    )
    def answer_it(self) -> None:
        pass


class InterpretationLog(TransitionLogBase):
    document = models.ForeignKey(Interpretation, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "解释申请办理记录"
        verbose_name_plural = "解释申请办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="normative_interplog_document")]


# --- 清理 [13] ------------------------------------------------------------------------------------------------


class CleanupState(models.TextChoices):
    DRAFTING = "drafting", "清理中"
    SUBMITTED = "submitted", "待决定"
    DECIDED = "decided", "已决定"


def has_items(cleanup) -> bool:
    """A clean-up goes to the leader with at least one document in it [13]."""
    return cleanup.items.exists()


class Cleanup(WorkflowModel):
    """规范性文件清理: 法制科 goes through the documents in force and proposes for each to keep, amend or repeal
    it; the county head or the executive deputy head decides, and the decision applies to every item [13]."""

    title = models.CharField("清理名称", max_length=200)
    started_on = models.DateField("开始日期")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="发起人"
    )
    submitted_on = models.DateField("报送决定日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="决定人",
    )
    decided_on = models.DateField("决定日期", null=True, blank=True)
    comment = models.TextField("决定意见", blank=True)

    state = state_field(CleanupState.choices, CleanupState.DRAFTING)

    class Meta:
        verbose_name = "规范性文件清理"
        verbose_name_plural = "规范性文件清理"
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["submitted_on", "id"], condition=Q(state="submitted"), name="normative_cleanup_todo"),
        ]

    def __str__(self) -> str:
        return self.title

    @step(
        state,
        CleanupState.DRAFTING,
        CleanupState.SUBMITTED,
        permission=rules.can_keep_register,
        label="报请决定",
        article="[13]",
        conditions=[has_items],
    )
    def submit(self) -> None:
        pass

    @step(
        state,
        CleanupState.SUBMITTED,
        CleanupState.DECIDED,
        permission=rules.can_decide_repeal,
        label="决定清理结果",
        article="[13]",
    )
    def decide(self) -> None:
        pass


class CleanupLog(TransitionLogBase):
    document = models.ForeignKey(Cleanup, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "清理办理记录"
        verbose_name_plural = "清理办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="normative_cleanlog_document")]


class Decision(models.TextChoices):
    KEEP = "keep", "继续有效"
    AMEND = "amend", "修改"
    REPEAL = "repeal", "废止"


class CleanupItem(models.Model):
    """One document in a clean-up with 法制科's proposal and its reason [13]."""

    cleanup = models.ForeignKey(Cleanup, on_delete=models.PROTECT, related_name="items", verbose_name="清理")
    document = models.ForeignKey(
        NormativeDocument, on_delete=models.PROTECT, related_name="cleanup_items", verbose_name="规范性文件"
    )
    proposal = models.CharField("清理意见", max_length=10, choices=Decision.choices)
    reason = models.TextField("理由", blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="填写人"
    )
    added_at = models.DateTimeField("填写时间", auto_now_add=True)

    class Meta:
        verbose_name = "清理文件"
        verbose_name_plural = "清理文件"
        ordering = ["cleanup", "id"]
        constraints = [models.UniqueConstraint(fields=["cleanup", "document"], name="normative_cleanup_item_once")]

    def __str__(self) -> str:
        return f"{self.document_id} {self.get_proposal_display()}"


# --- 废止建议 [13] --------------------------------------------------------------------------------------------


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", "待决定"
    ACCEPTED = "accepted", "已采纳"
    REJECTED = "rejected", "未采纳"


class RepealProposal(WorkflowModel):
    """废止建议: 法制科 proposes to repeal a document; the county head or the executive deputy head decides;
    accepting repeals the document [13]."""

    document = models.ForeignKey(
        NormativeDocument, on_delete=models.PROTECT, related_name="repeal_proposals", verbose_name="规范性文件"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="建议人"
    )
    proposed_on = models.DateField("建议日期")
    reason = models.TextField("废止理由")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="决定人",
    )
    decided_on = models.DateField("决定日期", null=True, blank=True)
    comment = models.TextField("决定意见", blank=True)

    state = state_field(ProposalState.choices, ProposalState.PROPOSED)

    class Meta:
        verbose_name = "废止建议"
        verbose_name_plural = "废止建议"
        ordering = ["-proposed_on", "-id"]
        constraints = [
            # One open proposal per document at a time.
            models.UniqueConstraint(fields=["document"], condition=Q(state="proposed"), name="normative_proposal_open"),
        ]
        indexes = [
            models.Index(fields=["proposed_on", "id"], condition=Q(state="proposed"), name="normative_proposal_todo"),
        ]

    def __str__(self) -> str:
        return f"废止建议：{self.document_id}"

    @step(
        state,
        ProposalState.PROPOSED,
        ProposalState.ACCEPTED,
        permission=rules.can_decide_proposal,
        label="采纳废止建议",
        article="[13]",
    )
    def accept(self) -> None:
        pass

    @step(
        state,
        ProposalState.PROPOSED,
        ProposalState.REJECTED,
        permission=rules.can_decide_proposal,
        label="不予采纳",
        article="[13]",
    )
    def reject(self) -> None:
        pass


class RepealProposalLog(TransitionLogBase):
    document = models.ForeignKey(RepealProposal, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "废止建议办理记录"
        verbose_name_plural = "废止建议办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="normative_proplog_document")]
