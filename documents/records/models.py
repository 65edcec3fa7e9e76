"""Records, 第三十一至三十四条: custody of classified papers, filing (立卷归档), hand-over, destruction.

A record points at the document it concerns through one generic relation (``content_type`` + ``object_id``):
records imports no chapter, and a new kind of document (meeting minutes, supervision files …) is one
``core.archive.register`` in its own app, not a migration here. Every query on these columns names the
kind's content type and goes through the kind's own visibility selector, so each is an indexed lookup on
``(content_type, object_id)``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core import archive
from core.models import TransitionLogBase, WorkflowModel, state_field, step

from . import rules


def content_type_of(kind: archive.ArchiveKind) -> ContentType:
    """The content type records store for an archive kind (cached by Django after the first lookup)."""
    return ContentType.objects.get_for_model(kind.model)


class OfDocumentQuerySet(models.QuerySet):
    def of(self, doc):
        """The rows about one document."""
        return self.filter(content_type=ContentType.objects.get_for_model(doc), object_id=doc.pk)

    def of_kind(self, kind: archive.ArchiveKind):
        return self.filter(content_type=content_type_of(kind))


def _document_type_field(*, null: bool = False) -> models.ForeignKey:
    # The composite indexes below lead with content_type; its own FK index would only repeat them.
    return models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=null,
        blank=null,
        related_name="+",
        db_index=False,
        verbose_name="文件类别",
    )


class Custody(models.Model):
    """Where a classified paper is now [31]: in the safe, or with someone since when."""

    class Place(models.TextChoices):
        SAFE = "safe", "在保险柜"
        WITH_PERSON = "with_person", "已送交"

    content_type = _document_type_field()
    object_id = models.PositiveBigIntegerField("文件编号")
    document = GenericForeignKey("content_type", "object_id")
    place = models.CharField("所在", max_length=20, choices=Place.choices)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="持有人",
    )
    since = models.DateTimeField("自")

    objects = OfDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "涉密文件去向"
        verbose_name_plural = "涉密文件去向"
        constraints = [
            # One place per paper [31].
            models.UniqueConstraint(fields=["content_type", "object_id"], name="records_custody_one_per_document")
        ]

    def __str__(self) -> str:
        return self.get_place_display()


class CustodyEvent(models.Model):
    """The custody trail [31]: handed to whom and when, returned when, placed in the safe when."""

    class Kind(models.TextChoices):
        HANDED = "handed", "送交"
        RETURNED = "returned", "交回"
        PLACED_IN_SAFE = "placed_in_safe", "放入保险柜"

    content_type = _document_type_field()
    object_id = models.PositiveBigIntegerField("文件编号")
    document = GenericForeignKey("content_type", "object_id")
    kind = models.CharField("事项", max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="交接人",
    )
    at = models.DateTimeField("时间", default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    note = models.CharField("备注", max_length=200, blank=True)

    objects = OfDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "涉密文件交接记录"
        verbose_name_plural = "涉密文件交接记录"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="records_custody_event_doc")]

    def __str__(self) -> str:
        return self.get_kind_display()


class Retention(models.TextChoices):
    """保管期限 (DA/T 22): the code goes into the 档号."""

    PERMANENT = "Y", "永久"
    LONG = "D30", "定期30年"
    SHORT = "D10", "定期10年"


class ArchiveClass(models.Model):
    """机构（问题）分类: the organisational or subject class a 件 is filed under."""

    code = models.CharField("分类代码", max_length=10, unique=True)
    name = models.CharField("分类名称", max_length=50)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "档案分类"
        verbose_name_plural = "档案分类"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


# The schedule's own kinds, for what records file themselves and for anything no other rule matches.
RECORDS_SCHEDULE = (
    archive.ScheduleKind("destruction_list", "销毁清册", "Y", 50),
    archive.ScheduleKind("any", "其他所有文件", "D30", 100),
)


def retention_kind_choices() -> list[tuple[str, str]]:
    """Every kind the retention schedule may name: each archive kind's lines, then records' own [33]."""
    lines = [line for kind in archive.all_kinds() for line in kind.schedule]
    return [(line.key, line.label) for line in (*lines, *RECORDS_SCHEDULE)]


class RetentionRule(models.Model):
    """The retention schedule: which kind of document is kept how long. First matching rule wins
    (lowest ``priority``); a 件 may override it when filed."""

    # The choices come from the registered archive kinds at run time: a new kind adds its lines to the
    # schedule without a migration (the migration stores only the function's name).
    kind = models.CharField("文件范围", max_length=30, choices=retention_kind_choices)
    retention = models.CharField("保管期限", max_length=4, choices=Retention.choices)
    archive_class = models.ForeignKey(
        ArchiveClass, on_delete=models.PROTECT, null=True, blank=True, verbose_name="默认分类"
    )
    priority = models.PositiveSmallIntegerField("优先级", default=100)

    class Meta:
        verbose_name = "保管期限表"
        verbose_name_plural = "保管期限表"
        ordering = ["priority", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.get_retention_display()}"


class Transfer(models.Model):
    """移交: a year's files handed to the county archives bureau (县档案局) by 30 June of the next year [33]."""

    year = models.PositiveSmallIntegerField("文件年度", db_index=True)
    handed_at = models.DateTimeField("移交时间")
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="移交人"
    )
    received_by = models.CharField("县档案局接收人", max_length=50)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "档案移交"
        verbose_name_plural = "档案移交"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度移交"


class FileItem(models.Model):
    """一件: a filed document with everything that shows how it was handled [26(5)], [33]."""

    year = models.PositiveSmallIntegerField("年度")
    retention = models.CharField("保管期限", max_length=4, choices=Retention.choices)
    archive_class = models.ForeignKey(ArchiveClass, on_delete=models.PROTECT, verbose_name="分类")
    number = models.PositiveIntegerField("件号")
    archive_code = models.CharField("档号", max_length=60, unique=True)
    title = models.CharField("题名", max_length=300)
    secret_level = models.PositiveSmallIntegerField("密级", default=0)
    # The filed document (a 收文, a 发文 …); empty for a 销毁清册, which records file themselves.
    content_type = _document_type_field(null=True)
    object_id = models.PositiveBigIntegerField("文件编号", null=True, blank=True)
    document = GenericForeignKey("content_type", "object_id")
    destruction_list = models.OneToOneField(
        "DestructionList",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="file_item",
        verbose_name="销毁清册",
    )
    filed_at = models.DateTimeField("归档时间", default=timezone.now)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="归档人"
    )
    transfer = models.ForeignKey(
        Transfer, on_delete=models.PROTECT, null=True, blank=True, related_name="items", verbose_name="移交批次"
    )

    objects = OfDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "归档文件（件）"
        verbose_name_plural = "归档文件（件）"
        ordering = ["year", "archive_class__code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "archive_class", "number"], name="records_item_number_unique"),
            # A document is filed once [33]; NULLs (destruction lists) are distinct on both databases.
            models.UniqueConstraint(fields=["content_type", "object_id"], name="records_item_one_per_document"),
            models.CheckConstraint(
                condition=Q(content_type__isnull=True, object_id__isnull=True)
                | Q(content_type__isnull=False, object_id__isnull=False),
                name="records_item_document_whole",
            ),
            models.CheckConstraint(
                condition=Q(object_id__isnull=False) | Q(destruction_list__isnull=False),
                name="records_item_has_source",
            ),
        ]
        indexes = [models.Index(fields=["year", "retention", "archive_class"], name="records_item_search")]

    def __str__(self) -> str:
        return f"{self.archive_code} {self.title}"


class FileComponent(models.Model):
    """What a 件 holds: the original, the 批阅单 with the leaders' instructions, the result, the final version."""

    item = models.ForeignKey(FileItem, on_delete=models.PROTECT, related_name="components")
    kind = models.CharField("内容", max_length=30)
    name = models.CharField("名称", max_length=200)
    file = models.FileField("文件", upload_to="archive/%Y/")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    # Taken as the file is filed [33]; the monthly integrity check (完整性检查) compares the stored bytes with
    # it. Empty only where the file was already gone when checksums were first taken (migration 0008).
    sha256 = models.CharField("SHA-256 校验值", max_length=64, blank=True, editable=False)
    size = models.PositiveBigIntegerField("字节数", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "归档文件组成"
        verbose_name_plural = "归档文件组成"
        ordering = ["item", "id"]

    def __str__(self) -> str:
        return self.name


class FixityCheck(models.Model):
    """One run of the integrity check (完整性检查) of the filed files [33]: every file read back and compared
    with the checksum taken at filing. What it found is in ``FixityProblem``; the counts are this run's."""

    class Via(models.TextChoices):
        BEAT = "beat", "每月定期"
        COMMAND = "command", "手动运行"
        MIGRATION = "migration", "升级时补记校验值"

    via = models.CharField("触发方式", max_length=20, choices=Via.choices, default=Via.BEAT)
    started_at = models.DateTimeField("开始时间", default=timezone.now)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)  # empty: running, or it broke off
    checked = models.PositiveIntegerField("检查文件数", default=0)
    bytes_read = models.PositiveBigIntegerField("读取字节数", default=0)
    mismatched = models.PositiveIntegerField("校验值不符", default=0)
    missing = models.PositiveIntegerField("文件缺失", default=0)
    unreadable = models.PositiveIntegerField("无法读取", default=0)
    baselined = models.PositiveIntegerField("补记校验值", default=0)
    new_problems = models.PositiveIntegerField("新发现问题", default=0)
    closed_problems = models.PositiveIntegerField("已消除问题", default=0)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = "完整性检查"
        verbose_name_plural = "完整性检查"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"完整性检查 {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"

    @property
    def problems(self) -> int:
        return self.mismatched + self.missing + self.unreadable

    @property
    def duration_ms(self) -> int | None:
        if self.finished_at is None:
            return None
        return int((self.finished_at - self.started_at).total_seconds() * 1000)


class FixityProblem(models.Model):
    """A filed file that failed the integrity check [33]. Found by one run and reported then, once; later runs
    that find it unchanged only note that they saw it; it is closed by the run that finds the file whole again
    (restored from a backup) or changed once more (then a new problem is opened and reported)."""

    class Kind(models.TextChoices):
        MISMATCH = "mismatch", "校验值不符"
        MISSING = "missing", "文件缺失"
        UNREADABLE = "unreadable", "无法读取"

    component = models.ForeignKey(
        FileComponent, on_delete=models.PROTECT, related_name="fixity_problems", verbose_name="归档文件组成"
    )
    kind = models.CharField("问题", max_length=20, choices=Kind.choices)
    expected_sha256 = models.CharField("归档时校验值", max_length=64, blank=True)
    found_sha256 = models.CharField("检查时校验值", max_length=64, blank=True)
    found_size = models.PositiveBigIntegerField("检查时字节数", null=True, blank=True)
    detail = models.CharField("说明", max_length=200, blank=True)
    found_by = models.ForeignKey(
        FixityCheck, on_delete=models.PROTECT, related_name="problems_found", verbose_name="发现于"
    )
    last_seen_by = models.ForeignKey(
        FixityCheck, on_delete=models.PROTECT, related_name="+", verbose_name="最近一次检查"
    )
    closed_by = models.ForeignKey(
        FixityCheck, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="消除于"
    )
    reported_at = models.DateTimeField("通知时间", null=True, blank=True)

    class Meta:
        verbose_name = "完整性问题"
        verbose_name_plural = "完整性问题"
        ordering = ["-id"]
        constraints = [
            # One open problem per file: a second run (or two at once) never reports the same one again.
            models.UniqueConstraint(
                fields=["component"], condition=Q(closed_by__isnull=True), name="records_fixity_one_open_problem"
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class DestructionState(models.TextChoices):
    DRAFT = "draft", "编制中"
    SUBMITTED = "submitted", "待领导审批"
    APPROVED = "approved", "已批准，待监销"
    DESTROYED = "destroyed", "已销毁"


class DestructionList(WorkflowModel):
    """销毁清册 [34]: what is destroyed, approved by a leader, carried out under two or more supervisors."""

    title = models.CharField("清册名称", max_length=200)
    drawn_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="编制人"
    )
    created_at = models.DateTimeField("编制时间", default=timezone.now, editable=False)
    state = state_field(DestructionState.choices, DestructionState.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="批准领导",
    )
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    method = models.CharField("销毁方式", max_length=50, blank=True)
    place = models.CharField("销毁地点", max_length=100, blank=True)
    destroyed_at = models.DateTimeField("销毁时间", null=True, blank=True)

    class Meta:
        verbose_name = "销毁清册"
        verbose_name_plural = "销毁清册"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @step(
        state,
        DestructionState.DRAFT,
        DestructionState.SUBMITTED,
        permission=rules.can_draw_up,
        label="提交审批",
        article="[34(1)]",
    )
    def submit(self) -> None:
        pass

    @step(
        state,
        DestructionState.SUBMITTED,
        DestructionState.APPROVED,
        permission=rules.can_approve_destruction,
        label="批准销毁",
        article="[34(1)]",
    )
    def approve(self) -> None:
        pass

    @step(
        state,
        DestructionState.SUBMITTED,
        DestructionState.DRAFT,
        permission=rules.can_approve_destruction,
        label="退回修改",
        article="[34(1)]",
    )
    def send_back(self) -> None:
        pass

    @step(
        state,
        DestructionState.APPROVED,
        DestructionState.DESTROYED,
        permission=rules.can_draw_up,
        label="完成销毁",
        article="[34(3)]",
        conditions=[lambda d: d.supervisions.values("supervisor").distinct().count() >= 2],
    )
    def complete(self) -> None:
        pass


class DestructionEntry(models.Model):
    """One line of the 销毁清册: only what is not kept — registered duplicates, copies, drafts [34(1)]."""

    class Kind(models.TextChoices):
        DUPLICATE = "duplicate", "重份文件"
        COPY = "copy", "复印件"
        DRAFT = "draft", "草稿、过程稿"
        OTHER = "other", "其他无保存价值的材料"

    destruction_list = models.ForeignKey(DestructionList, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    description = models.CharField("名称", max_length=300)
    # The document the copies belong to, if any.
    content_type = _document_type_field(null=True)
    object_id = models.PositiveBigIntegerField("所属文件编号", null=True, blank=True)
    document = GenericForeignKey("content_type", "object_id")
    copies = models.PositiveSmallIntegerField("份数", default=1)
    secret_level = models.PositiveSmallIntegerField("密级", default=0)

    objects = OfDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "销毁条目"
        verbose_name_plural = "销毁条目"
        ordering = ["destruction_list", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__isnull=True, object_id__isnull=True)
                | Q(content_type__isnull=False, object_id__isnull=False),
                name="records_entry_document_whole",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="records_entry_document")]

    def __str__(self) -> str:
        return self.description


class Supervision(models.Model):
    """监销: each supervisor signs the list in the system, in person [34(3)]."""

    destruction_list = models.ForeignKey(DestructionList, on_delete=models.PROTECT, related_name="supervisions")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="监销人"
    )
    signed_at = models.DateTimeField("签字时间", default=timezone.now)

    class Meta:
        verbose_name = "监销签字"
        verbose_name_plural = "监销签字"
        ordering = ["destruction_list", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["destruction_list", "supervisor"], name="records_one_signature_each")
        ]

    def __str__(self) -> str:
        return str(self.supervisor)


class DestructionLog(TransitionLogBase):
    document = models.ForeignKey(DestructionList, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "销毁办理记录"
        verbose_name_plural = "销毁办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="records_dlog_document")]
