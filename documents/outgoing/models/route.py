"""Review and signing steps, the six gates, every revision of the text, and the files of a draft."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..choices import AttachmentKind, Gate, Phase, StepKind, StepStatus
from .document import OutgoingDocument


class RouteStep(models.Model):
    """One person's step on the route of one round: 审核 [30(2)] or 审批/会签/签发 [30(3)].

    Steps sharing a ``seq`` are taken in any order and all are required (会签). Sending the draft back
    ends the round: its open steps are superseded and the next round walks the route from the start.
    ``reason`` and ``article`` say which rule put this person on the route.
    """

    document = models.ForeignKey(OutgoingDocument, on_delete=models.PROTECT, related_name="steps")
    round = models.PositiveSmallIntegerField("轮次")
    phase = models.CharField("阶段", max_length=10, choices=Phase.choices)
    seq = models.PositiveSmallIntegerField("顺序")
    kind = models.CharField("环节", max_length=20, choices=StepKind.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="办理人"
    )
    reason = models.CharField("依据", max_length=300)
    article = models.CharField("条款", max_length=60)
    requires_gates = models.BooleanField("须把六关", default=False)
    status = models.CharField("状态", max_length=20, choices=StepStatus.choices, default=StepStatus.WAITING)
    reached_at = models.DateTimeField("送达时间", null=True, blank=True)
    acted_at = models.DateTimeField("办理时间", null=True, blank=True)
    opinion = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "审签环节"
        verbose_name_plural = "审签环节"
        ordering = ["document", "round", "seq", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "round", "phase", "assignee", "kind"], name="outgoing_step_once_per_round"
            )
        ]
        indexes = [
            models.Index(fields=["assignee", "document"], condition=Q(status="current"), name="outgoing_step_current"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.assignee_id}"

    @property
    def is_open(self) -> bool:
        return self.status in (StepStatus.WAITING, StepStatus.CURRENT)


class GateCheck(models.Model):
    """One of the six gates ticked and signed by the reviewer who checked it [30(2)]."""

    step = models.ForeignKey(RouteStep, on_delete=models.PROTECT, related_name="gates")
    gate = models.CharField("关口", max_length=20, choices=Gate.choices)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="把关人"
    )
    checked_at = models.DateTimeField("把关时间")

    class Meta:
        verbose_name = "审核把关"
        verbose_name_plural = "审核把关"
        ordering = ["step", "id"]
        constraints = [models.UniqueConstraint(fields=["step", "gate"], name="outgoing_gate_once_per_step")]

    def __str__(self) -> str:
        return self.get_gate_display()


class Revision(models.Model):
    """Every version of the text, with who changed it and when [30(2)]: 原稿 is filed with its history [30(5)]."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField("版本号")
    title = models.CharField("标题", max_length=300)
    body = models.TextField("正文", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="修改人"
    )
    created_at = models.DateTimeField("修改时间")
    state = models.CharField("修改时所处环节", max_length=20)
    note = models.CharField("修改说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "文稿版本"
        verbose_name_plural = "文稿版本"
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="outgoing_revision_number")]

    def __str__(self) -> str:
        return f"第{self.number}稿"


class Attachment(models.Model):
    """A file of the draft: the body as Word/PDF, an attachment, or the department head's signed draft.

    Stored outside the static root and served only through a permission-checked view; a removed file is
    marked, never deleted (the original draft with its whole history is filed [30(5)]).
    """

    document = models.ForeignKey(OutgoingDocument, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField("类型", max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.ATTACHMENT)
    title = models.CharField("附件名称", max_length=200, help_text="印在附件说明中")
    file = models.FileField("文件", upload_to="outgoing/%Y/%m/")
    name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    seq = models.PositiveSmallIntegerField("序号", default=1)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    removed_at = models.DateTimeField("移除时间", null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="移除人",
    )

    class Meta:
        verbose_name = "发文附件"
        verbose_name_plural = "发文附件"
        ordering = ["document", "kind", "seq", "id"]

    def __str__(self) -> str:
        return self.title or self.name
