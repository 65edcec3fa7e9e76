"""The outgoing document (发文) and its state machine, 第三十条.

The state field is protected: only the transitions below change it, and only ``services`` call them.
Who may take each transition is in ``rules``; who must review and sign is in ``routing`` and ``signing``.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from guardian.models import UserObjectPermissionBase

from core import bigrams
from core.derived import DerivedColumns, DerivedColumnsMixin, DerivedQuerySet
from core.models import TransitionLogBase, WorkflowModel, state_field, step
from documents.text import funding_words
from documents.types import DocumentType, SecretLevel
from org.models import BusinessLine, Unit

from .. import rules
from ..choices import (
    CLOSED_STATES,
    NUMBERED_STATES,
    OUTGOING_TYPE_CHOICES,
    UPWARD_TYPES,
    Authority,
    DistributionMode,
    Importance,
    Origin,
    State,
    Urgency,
)
from ..wording import phrase_flags

# 报送省、州政府 [30(3)1]: read from 主送 as well as from the flag.
SUPERIOR_RECIPIENT_PATTERN = re.compile(r"(?:省|州)(?:人民)?政府")


class Series(models.Model):
    """发文字号系列: the issuing authority's code (杂政, 杂政办, 杂政函) numbered per year [30(5)].

    Configured in the admin; the three the office uses are seeded by a migration.
    """

    prefix = models.CharField("发文机关代字", max_length=20, unique=True, help_text="如：杂政、杂政办、杂政函")
    name = models.CharField("名称", max_length=50)
    authority = models.CharField("发文机关", max_length=20, choices=Authority.choices)
    header = models.CharField(
        "发文机关标志", max_length=40, help_text="版头红色标志，如：杂多县人民政府文件；信函格式用机关全称"
    )
    is_letter = models.BooleanField("信函格式", default=False, help_text="函用信函格式（GB/T 9704-2012 第10.1条）")
    is_active = models.BooleanField("在用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "发文字号系列"
        verbose_name_plural = "发文字号系列"
        ordering = ["sort_order", "prefix"]

    def __str__(self) -> str:
        return f"{self.prefix}（{self.name}）"

    @property
    def serial_scope(self) -> str:
        """The numbering scope in ``core.serials``: by id, so renaming a prefix never restarts its count."""
        return f"outgoing-series:{self.pk}"

    def number_label(self, year: int, serial: int) -> str:
        """发文字号: 杂政〔2026〕12号 — year in 〔〕, no leading zeros, no 第 [30(5)]."""
        return f"{self.prefix}〔{year}〕{serial}号"


# The column a search reads, derived from the ones people write (core.bigrams): every way a row is written keeps
# it — ``save`` and the queryset's bulk_create, bulk_update and update (core.derived, issue 13).
SEARCH_SOURCES = ("title", "doc_number", "main_recipients")


def search_bigrams_of(title: str, doc_number: str, main_recipients: str) -> str:
    """The two-character pieces of the title, the 发文字号 and 主送机关 — what the list's search looks up."""
    return bigrams.bigrams(title, doc_number, main_recipients)


class OutgoingDocument(DerivedColumnsMixin, WorkflowModel):
    # --- what it is [30(1)] -----------------------------------------------------------------------------
    authority = models.CharField("发文机关", max_length=20, choices=Authority.choices, default=Authority.GOVERNMENT)
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="+", verbose_name="发文字号系列")
    doc_type = models.CharField("文种", max_length=20, choices=OUTGOING_TYPE_CHOICES, default=DocumentType.NOTICE)
    title = models.CharField("标题", max_length=300)
    main_recipients = models.CharField("主送机关", max_length=500, blank=True)
    # Kept from title, 发文字号 and 主送 on every write (SEARCH_SOURCES); what the lists' search reads by index.
    search_bigrams = models.TextField("标题、字号与主送字对（检索用）", blank=True, default="", editable=False)
    copy_to = models.CharField("抄送机关", max_length=500, blank=True)
    # 附注 (GB/T 9704-2012 7.3.7): printed in brackets on the line after the 成文日期 — kept out of the body so the
    # body's checks (the rank warning [30(6)1]) do not read a contact's name as a unit or a person of the text.
    annotation = models.CharField(
        "附注",
        max_length=200,
        blank=True,
        help_text="如：联系人：张三　电话：0976-1234567（打印时加圆括号，位于成文日期下一行）",
    )
    body = models.TextField("正文", blank=True)
    # Text read from an uploaded Word/PDF draft: the phrase checks and the printed layout use it.
    body_file_text = models.TextField("正文文件中的文字", blank=True, editable=False)
    secret_level = models.PositiveSmallIntegerField("密级", choices=SecretLevel.choices, default=SecretLevel.NONE)
    secrecy_period = models.CharField("保密期限", max_length=30, blank=True)
    urgency = models.CharField("紧急程度", max_length=20, choices=Urgency.choices, default=Urgency.NORMAL, blank=True)
    line = models.ForeignKey(BusinessLine, on_delete=models.PROTECT, related_name="+", verbose_name="业务归口")
    # Other lines the document touches: their deputy heads co-sign [30(3)1].
    other_lines = models.ManyToManyField(BusinessLine, related_name="+", blank=True, verbose_name="涉及的其他归口")
    importance = models.CharField("公文类别", max_length=20, choices=Importance.choices, default=Importance.ORDINARY)

    # --- who drafted it [30(1)] -------------------------------------------------------------------------
    origin = models.CharField("拟稿方式", max_length=20, choices=Origin.choices, default=Origin.LINE_STAFF)
    drafting_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="代拟稿单位"
    )
    unit_drafter = models.CharField("代拟人", max_length=50, blank=True)
    # 部门代拟的公文，由拟文单位领导人签批 [30(2)1]: recorded by the line staff before the first check.
    unit_head_name = models.CharField("拟文单位签批领导", max_length=50, blank=True)
    unit_head_signed_on = models.DateField("签批日期", null=True, blank=True)
    unit_signature_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="签批登记人",
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="拟稿人"
    )
    submitted_at = models.DateTimeField("送审时间", null=True, blank=True)

    # --- what changes who signs [30(3)] -------------------------------------------------------------------
    touches_structure = models.BooleanField("涉及机构", default=False)
    touches_personnel = models.BooleanField("涉及人事", default=False)
    touches_funds = models.BooleanField("涉及资金", default=False)
    # The text names 资金、经费、补助 … but 涉及资金 is not ticked: the drafter says why not [30(3)1]; a reviewer
    # or signer may still tick it later, and the route is planned again.
    not_funds_reason = models.CharField("不涉及资金的说明", max_length=300, blank=True)
    touches_assets = models.BooleanField("涉及资产", default=False)
    touches_planning = models.BooleanField("涉及规划", default=False)
    touches_policy = models.BooleanField("涉及政策", default=False)
    touches_powers = models.BooleanField("涉及管理权限", default=False)
    to_superior = models.BooleanField("报送省、州政府", default=False)
    to_congress = models.BooleanField("向县人大及其常委会提出的议案", default=False)
    is_appointment = models.BooleanField("人事任免", default=False)
    says_agreed = models.BooleanField("文中注明“经县人民政府同意”", default=False)
    says_studied = models.BooleanField("文中注明“经县人民政府研究”", default=False)
    decided_matter = models.CharField(
        "已决定事项",
        max_length=300,
        blank=True,
        help_text="“经县人民政府研究”所依据的会议决定或已明确的事项，如：县政府第12次常务会议决定",
    )
    # The same, chosen from the county government's meetings' decisions (会议议定事项) [30(3)2], [6]; the
    # free-text matter above stays for decisions taken before the meetings chapter existed.
    basis_decision = models.ForeignKey(
        "meetings.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outgoing_documents",
        verbose_name="所依据的会议议定事项",
    )

    # --- after signing [30(3)]–[30(5)] ----------------------------------------------------------------------
    round = models.PositiveSmallIntegerField("审签轮次", default=1)  # +1 each time it is sent back
    issue_date = models.DateField("成文日期", null=True, blank=True)  # the day the last signer signed
    rechecked_at = models.DateTimeField("复核时间", null=True, blank=True)
    rechecked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="复核人",
    )
    year = models.PositiveSmallIntegerField("编号年度", null=True, blank=True)
    serial = models.PositiveIntegerField("顺序号", null=True, blank=True)
    doc_number = models.CharField("发文字号", max_length=40, blank=True)
    numbered_at = models.DateTimeField("编号时间", null=True, blank=True)
    numbered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="编号人",
    )
    proof_signed_at = models.DateTimeField("校对签字时间", null=True, blank=True)
    proof_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="校对人",
    )
    copies = models.PositiveIntegerField("印数", null=True, blank=True)
    printed_at = models.DateTimeField("缮印时间", null=True, blank=True)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="缮印人",
    )
    sealed_at = models.DateTimeField("用印时间", null=True, blank=True)
    sealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="用印人",
    )
    distribution_mode = models.CharField("分发方式", max_length=20, choices=DistributionMode.choices, blank=True)
    distributed_at = models.DateTimeField("分发时间", null=True, blank=True)
    distributed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="分发人",
    )

    # --- where it is now ------------------------------------------------------------------------------------
    state = state_field(State.choices, State.DRAFTING)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="当前在办人",
    )
    created_at = models.DateTimeField("拟稿时间", default=timezone.now)  # the draft's date on the 公文处理单 [30(1)]

    derived = DerivedColumns(search_bigrams=(SEARCH_SOURCES, search_bigrams_of))
    objects = DerivedQuerySet.as_manager()

    class Meta:
        verbose_name = "发文"
        verbose_name_plural = "发文"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "serial"],
                condition=Q(serial__isnull=False),
                name="outgoing_number_unique_per_series_year",
            ),
            # Nothing is numbered before 复核, and everything after it is [30(5)].
            models.CheckConstraint(
                condition=(Q(serial__isnull=True) & ~Q(state__in=NUMBERED_STATES))
                | (Q(serial__isnull=False) & Q(year__isnull=False) & Q(state__in=NUMBERED_STATES)),
                name="outgoing_numbered_only_after_recheck",
            ),
            models.CheckConstraint(
                condition=~Q(origin="department") | Q(drafting_unit__isnull=False),
                name="outgoing_department_draft_has_unit",
            ),
        ]
        indexes = [
            # Whole-table lists, newest first (PERFORMANCE.md: whole-table lists).
            models.Index(fields=["created_at", "id"], name="outgoing_created"),
            # Active lists: queries say .exclude(state__in=CLOSED_STATES) so the planner can use these.
            models.Index(
                fields=["state", "created_at", "id"],
                condition=~Q(state__in=["distributed", "filed", "abandoned"]),
                name="outgoing_active_state",
            ),
            # 发文登记簿: per series and year in number order.
            models.Index(
                fields=["year", "series", "serial"], condition=Q(serial__isnull=False), name="outgoing_register"
            ),
            # 立卷归档 by 30 June [33]: each year's documents not filed yet (a draft never numbered by the year it
            # was begun), counted from the index — the hand-over reminder reads ten years of them (issue 13).
            models.Index(
                fields=["year", "created_at"],
                condition=~Q(state__in=["filed", "abandoned"]),
                name="outgoing_unfiled_year",
            ),
            models.Index(fields=["drafter", "created_at", "id"], name="outgoing_drafter"),
            models.Index(fields=["holder", "state"], condition=Q(holder__isnull=False), name="outgoing_holder"),
            # The lists count and page their two halves apart (core.visibility.Visibility.parts): unclassified
            # documents newest first (one year is a range of it), and the few classified ones (issue 13).
            models.Index(fields=["created_at", "id"], condition=Q(secret_level=0), name="outgoing_open_created"),
            models.Index(fields=["created_at", "id"], condition=Q(secret_level__gt=0), name="outgoing_secret_created"),
        ]
        permissions = [
            ("draft_outgoingdocument", "可拟制发文稿"),
            ("number_outgoingdocument", "可编号登记、缮印发文"),
            ("seal_outgoingdocument", "可用印、分发发文"),
            ("export_outgoingdocument", "可导出发文登记簿"),
        ]

    def __str__(self) -> str:
        return f"{self.number_label} {self.title}"

    # --- what it looks like -------------------------------------------------------------------------------
    @property
    def number_label(self) -> str:
        return self.doc_number or "未编号"

    @property
    def is_classified(self) -> bool:
        return self.secret_level > SecretLevel.NONE

    @property
    def is_urgent(self) -> bool:
        return bool(self.urgency)

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES

    @property
    def secret_mark(self) -> str:
        """密级和保密期限 as printed: 机密★1年 (GB/T 9704-2012 7.2.2)."""
        if not self.is_classified:
            return ""
        level = self.get_secret_level_display()
        return f"{level}★{self.secrecy_period}" if self.secrecy_period else level

    @property
    def is_upward(self) -> bool:
        """上行文 (请示、报告, or sent to the province or prefecture) print 签发人 (GB/T 9704-2012 7.2.4)."""
        return self.doc_type in UPWARD_TYPES or self.goes_to_superior

    @property
    def goes_to_superior(self) -> bool:
        """县人民政府报送省、州政府的公文 [30(3)1]: the flag, or 主送 names a provincial/prefectural government."""
        return self.to_superior or bool(SUPERIOR_RECIPIENT_PATTERN.search(self.main_recipients or ""))

    @property
    def check_text(self) -> str:
        """All the words the phrase and rank checks read: title, body written here, text of an uploaded draft."""
        return "\n".join(part for part in (self.title, self.body, self.body_file_text) if part)

    @property
    def mentions_agreed(self) -> bool:
        """文中注明“经县人民政府同意” [30(3)2] — ticked by the drafter or found in the text."""
        return self.says_agreed or phrase_flags(self.check_text)[0]

    @property
    def mentions_studied(self) -> bool:
        """文中注明“经县人民政府研究” [30(3)2] — ticked by the drafter or found in the text."""
        return self.says_studied or phrase_flags(self.check_text)[1]

    @property
    def funding_words(self) -> dict[str, int]:
        """资金、经费、补助 … named in the title, the body or the uploaded draft [30(3)1]."""
        return funding_words(self.title, self.body, self.body_file_text)

    @property
    def funds_question_open(self) -> bool:
        """The text looks like a funding matter, 涉及资金 is not ticked and nobody said why not [30(3)1]."""
        return not self.touches_funds and not self.not_funds_reason.strip() and bool(self.funding_words)

    @property
    def is_motion(self) -> bool:
        """向县人民代表大会及其常务委员会提出的议案 [30(3)1]."""
        return self.to_congress or self.doc_type == DocumentType.MOTION

    SUBJECT_FLAGS = (
        ("touches_structure", "机构"),
        ("touches_personnel", "人事"),
        ("touches_funds", "资金"),
        ("touches_assets", "资产"),
        ("touches_planning", "规划"),
        ("touches_policy", "政策"),
        ("touches_powers", "管理权限"),
    )

    @property
    def touched_subjects(self) -> list[str]:
        """涉及机构、人事、资金、资产及规划、政策和管理权限 [30(3)1]: the ones ticked."""
        return [label for name, label in self.SUBJECT_FLAGS if getattr(self, name)]

    @property
    def body_text(self) -> str:
        """The text printed in the standard layout: written here, or read from the uploaded draft."""
        return self.body or self.body_file_text

    # --- transitions: the state machine. Permissions are in ``rules``; services call these. ----------------
    @step(
        state,
        State.DRAFTING,
        State.REVIEWING,
        permission=rules.can_submit,
        label="送审",
        article="[30(1)]",
        conditions=[rules.unit_signature_present],
        admin=False,
    )
    def submit(self) -> None:
        pass

    @step(
        state,
        State.REVIEWING,
        State.SIGNING,
        permission=rules.can_review,
        label="审核通过",
        article="[30(2)]",
        admin=False,
    )
    def finish_review(self) -> None:
        pass

    @step(state, State.SIGNING, State.CHECKING, permission=rules.can_sign, label="签发", article="[30(3)]", admin=False)
    def finish_signing(self) -> None:
        pass

    @step(
        state,
        [State.REVIEWING, State.SIGNING, State.CHECKING],
        State.DRAFTING,
        permission=rules.can_send_back,
        label="退回修改",
        article="[30(2)]",
        admin=False,
    )
    def send_back(self) -> None:
        pass

    @step(
        state,
        State.CHECKING,
        State.NUMBERING,
        permission=rules.can_recheck,
        label="复核",
        article="[30(4)]",
        admin=False,
    )
    def recheck(self) -> None:
        pass

    @step(
        state,
        State.NUMBERING,
        State.PROOFING,
        permission=rules.can_number,
        label="编号登记",
        article="[30(5)]",
        admin=True,
    )
    def number(self) -> None:
        pass

    @step(
        state,
        State.PROOFING,
        State.PRINTING,
        permission=rules.can_sign_proof,
        label="校对签字",
        article="[30(5)]",
        admin=True,
    )
    def sign_proof(self) -> None:
        pass

    @step(
        state, State.PRINTING, State.SEALING, permission=rules.can_print, label="缮印", article="[30(5)]", admin=False
    )
    def print_copies(self) -> None:
        pass

    @step(
        state, State.SEALING, State.DISTRIBUTING, permission=rules.can_seal, label="用印", article="[30(5)]", admin=True
    )
    def seal(self) -> None:
        pass

    @step(
        state,
        State.DISTRIBUTING,
        State.DISTRIBUTED,
        permission=rules.can_distribute,
        label="分发",
        article="[30(5)]",
        admin=False,
    )
    def distribute(self) -> None:
        pass

    # 立卷、归档 [30(5)], [33] belongs to the records chapter, which calls this from its own service.
    @step(
        state,
        State.DISTRIBUTED,
        State.FILED,
        permission=rules.can_file,
        label="立卷归档",
        article="[30(5)] [33]",
        admin=False,
    )
    def file_away(self) -> None:
        pass

    @step(
        state,
        State.DRAFTING,
        State.ABANDONED,
        permission=rules.can_abandon,
        label="撤稿",
        article="[30(1)]",
        admin=False,
    )
    def abandon(self) -> None:
        pass


class TransitionLog(TransitionLogBase):
    document = models.ForeignKey(OutgoingDocument, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "发文办理记录"
        verbose_name_plural = "发文办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="outgoing_log_document")]


class OutgoingUserObjectPermission(UserObjectPermissionBase):
    """django-guardian's direct foreign-key table: who is *on* a document (drafts, reviews, signs, numbers,
    prints, seals, distributes or receives it). Classified documents are visible only through a row here [32]."""

    content_object = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE)

    # guardian's unique (user, permission, content_object) is also the index the visibility filter uses.
    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "发文对象权限"
        verbose_name_plural = "发文对象权限"
