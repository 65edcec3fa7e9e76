"""What every chapter shares: notifications (in-app, with e-mail as a second channel), the access record."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

if TYPE_CHECKING:
    from .uploads import CheckedUpload


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="接收人",
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    # Which app and rule sent it, e.g. "documents.incoming" — lets a list filter and a test assert.
    kind = models.CharField("类别", max_length=60, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class EmailStatus(models.TextChoices):
        NONE = "", "不发邮件"  # no address, or the sender asked for in-app only
        PENDING = "pending", "待发送"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    # The e-mail channel (core.emails): sent by a worker after the step committed, retried on transient errors.
    email_status = models.CharField("邮件状态", max_length=10, choices=EmailStatus.choices, default="", blank=True)
    email_attempts = models.PositiveSmallIntegerField("邮件尝试次数", default=0)
    email_error = models.CharField("邮件错误", max_length=500, blank=True)
    # Not before this moment: the end of a sender's claim on the row, or of the wait before the next retry.
    email_next_try_at = models.DateTimeField("邮件下次尝试", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="core_notif_recipient_recent"),
            models.Index(
                fields=["recipient", "id"],
                condition=Q(read_at__isnull=True),
                name="core_notif_recipient_unread",
            ),
            # The sweep's look-up: only e-mails still waiting are in it, however long the table grows.
            models.Index(fields=["id"], condition=Q(email_status="pending"), name="core_notif_email_pending"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class AccessRecord(models.Model):
    """Who opened what, when: each successful opening of a classified document's page, PDF or file, and each
    look-up of personal data (``core.audit``) [32]. Append-only: written by ``core.audit.record_access`` only,
    read in the admin, never changed or deleted there."""

    class What(models.TextChoices):
        DETAIL = "detail", "查看详情"
        PDF = "pdf", "下载PDF"
        ATTACHMENT = "attachment", "下载附件"
        ARCHIVE = "archive", "调阅档案文件"
        PERSONAL_DATA = "personal_data", "查阅个人信息"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name="人员"
    )
    at = models.DateTimeField("时间", default=timezone.now)
    # The composite index below leads with content_type; its own FK index would only repeat it.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name="类别"
    )
    object_id = models.PositiveBigIntegerField("编号")
    # How people know the item — 收文2026-4（秘密件）— never its title [32](九).
    label = models.CharField("文件", max_length=100, blank=True)
    secret_level = models.PositiveSmallIntegerField("密级", default=0)
    what = models.CharField("操作", max_length=20, choices=What.choices)
    request_id = models.CharField("请求编号", max_length=64, blank=True)

    class Meta:
        verbose_name = "访问记录"
        verbose_name_plural = "访问记录"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"], name="core_access_item_at"),
            models.Index(fields=["user", "at"], name="core_access_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.label or self.object_id} {self.get_what_display()}"


class SerialCounter(models.Model):
    """The last number given in one numbering scope and year (收文流水号, 发文字号 per series, 件号 per class).

    Numbers are taken inside the caller's transaction with the counter row locked, so they are gapless (a
    rolled-back step gives its number back) and unique under concurrency. See ``core.serials``.
    """

    scope = models.CharField("编号范围", max_length=60)
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用到", default=0)

    class Meta:
        verbose_name = "编号计数器"
        verbose_name_plural = "编号计数器"
        constraints = [models.UniqueConstraint(fields=["scope", "year"], name="core_serial_scope_year")]

    def __str__(self) -> str:
        return f"{self.scope} {self.year}: {self.last}"


def state_field(choices, default, *, max_length: int = 20) -> FSMField:
    """The lifecycle's state: protected, so only django-fsm transitions (called by services) change it."""
    return FSMField("状态", max_length=max_length, choices=choices, default=default, protected=True)


def step(field, source, target, *, permission, label: str, article: str, conditions=(), **custom):
    """A lifecycle transition with what every one carries: who may take it (``permission=``, from the app's
    ``rules``), its Chinese label (buttons, log, lifecycle diagram) and the article it enforces. Extra
    ``custom`` keys (e.g. ``admin=True``: offered in the admin) go along."""
    return transition(
        field=field,
        source=source,
        target=target,
        permission=permission,
        conditions=list(conditions),
        custom={"label": label, "article": article, **custom},
    )


class WorkflowModel(ConcurrentTransitionMixin, models.Model):
    """What every item with a lifecycle has: a ``state`` (declare it with ``state_field``, then the
    ``@transition`` methods), a ``version`` that ``core.workflow.Flow`` bumps so a page loaded before someone
    else acted is refused, and when it was made and last changed. Its history is a ``TransitionLogBase``
    subclass with ``related_name="log"``. Nothing with a lifecycle is ever deleted: it ends in a state."""

    version = models.PositiveIntegerField("版本", default=0, editable=False)
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class TransitionLogBase(models.Model):
    """Append-only history of a document's lifecycle, which is also its audit trail: who, when, from, to, why.

    Each workflow model has its own concrete log — a ``document`` foreign key with ``related_name="log"``
    and an index on ``(document, at, id)`` — so the history of one item is one indexed lookup. Rows are
    written only by ``core.workflow.Flow.log``.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人"
    )
    at = models.DateTimeField("时间", db_index=False)
    action = models.CharField("操作", max_length=40)
    action_label = models.CharField("操作名称", max_length=40)
    from_state = models.CharField("原状态", max_length=30)
    to_state = models.CharField("新状态", max_length=30)
    comment = models.TextField("意见/说明", blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action_label} {self.from_state}→{self.to_state}"


class StoredFile(models.Model):
    """What every stored attachment records beside its ``file``: the name it was uploaded under, its checked
    content type and size (``core.uploads.check_upload``), who uploaded it and when. A concrete attachment adds
    its owner's foreign key, its own ``file`` (each chapter stores under its own ``upload_to``) and its Meta."""

    name = models.CharField("文件名", max_length=200)
    # 100: a .docx content type is 71 characters, an .xlsx one 65 (core.uploads.KINDS).
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @classmethod
    def store(cls, upload, checked: "CheckedUpload", *, by, **owner):
        """Save ``upload`` as checked by ``core.uploads.check_upload`` (its name, content type and size), uploaded
        by ``by``, for its owner and any extra field given by name (``feedback=…``, ``kind=…``): one INSERT."""
        return cls.objects.create(
            file=upload,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=by,
            **owner,
        )


class IdempotencyKey(models.Model):
    """One submission of a create form (``core.idempotency``): the form's one-time token and the page the
    first submission led to. Written in the transaction that creates the object, so a repeat — a double
    click, a reload after a lost connection — finds it and is sent to that page instead of creating another."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name="提交人"
    )
    token = models.UUIDField("表单令牌")
    view = models.CharField("表单", max_length=100)
    result_url = models.CharField("结果页", max_length=300)
    created_at = models.DateTimeField("提交时间", default=timezone.now)

    class Meta:
        verbose_name = "表单提交记录"
        verbose_name_plural = "表单提交记录"
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="core_idempotency_once")]

    def __str__(self) -> str:
        return f"{self.view} {self.token}"
