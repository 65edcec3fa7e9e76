"""The deadline engine's records: every reminder ever sent (the ledger that makes sending exactly-once),
the office's calendar overrides, and the scans that ran.

The time limits themselves are not stored here: each app keeps its own due moment on its own rows
(``IncomingDocument.due_at``, ``Reader.due_at`` …) and tells the engine about them through a source
(``deadlines.registry``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Stage(models.TextChoices):
    WARNING = "warning", "到期提醒"  # e.g. one working day before [26(6)7]
    OVERDUE = "overdue", "逾期提醒"
    DIGEST = "digest", "每日逾期汇总"


class Reminder(models.Model):
    """One reminder to one person about one deadline — written *before* it is sent.

    The unique constraint over (rule, item, due moment, stage, step, recipient) is what makes a reminder
    exactly-once: a scan inserts the row with ``ON CONFLICT DO NOTHING`` and only the scan whose insert
    succeeded delivers it, so a second scan, a second worker or a redelivered task sends nothing twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENT = "sent", "已发送"
        SKIPPED = "skipped", "未发送（事项已办结或已不存在）"

    rule = models.CharField("规则", max_length=60)  # the source's key, e.g. "incoming.handling"
    article = models.CharField("依据条款", max_length=40)
    item_type = models.CharField("事项类型", max_length=60)  # "incoming.incomingdocument", "incoming.reader" …
    item_id = models.BigIntegerField("事项编号")
    due_at = models.DateTimeField("期限")
    stage = models.CharField("提醒类别", max_length=10, choices=Stage.choices)
    # Tells repeated warnings about one deadline apart (the archive hand-over warns weekly [33]); usually "".
    step = models.CharField("提醒批次", max_length=30, blank=True, default="")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="接收人"
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("记录时间")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    delivered_at = models.DateTimeField("发送时间", null=True, blank=True)
    notification = models.ForeignKey(
        "core.Notification",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="站内通知",
    )

    class Meta:
        verbose_name = "提醒记录"
        verbose_name_plural = "提醒记录"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "item_id", "due_at", "stage", "step", "recipient"], name="deadlines_reminder_once"
            )
        ]
        indexes = [
            models.Index(fields=["created_at", "id"], name="deadlines_reminder_created"),
            models.Index(fields=["recipient", "created_at"], name="deadlines_reminder_recipient"),
            # Reminders recorded but not delivered yet (broker away, worker lost): the next scan sends them.
            models.Index(fields=["created_at", "id"], condition=Q(status="pending"), name="deadlines_reminder_pending"),
        ]

    def __str__(self) -> str:
        return self.title


class CalendarOverride(models.Model):
    """A day the office works or rests against the national calendar: a local holiday, an extra working day,
    or — for a year ``chinesecalendar`` has no data for yet — the State Council's adjusted working days (调休)
    and the days it adds to a break, which the ``holidays`` package cannot compute (``deadlines.calendar``)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假（不上班）"
        WORKDAY = "workday", "上班（调休工作日）"

    day = models.DateField("日期", unique=True)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    note = models.CharField("说明", max_length=100, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.get_kind_display()}"


# The error of a run that never finished; ``deadlines.services.close_abandoned`` writes it.
ABANDONED = "已中止"


class ScanRun(models.Model):
    """One run of the scan or the digest: the window it covered and what it did. The last successful scan
    is the watermark the next one starts from, so a scan after an outage catches up."""

    class Kind(models.TextChoices):
        SCAN = "scan", "期限扫描"
        DIGEST = "digest", "逾期汇总"

    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.SCAN)
    via = models.CharField("触发方式", max_length=20, default="beat")  # beat, command, page, admin
    as_of = models.DateTimeField("扫描时点")
    window_from = models.DateTimeField("窗口起点", null=True, blank=True)
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    ok = models.BooleanField("成功", null=True)
    candidates = models.PositiveIntegerField("检查事项数", default=0)
    recorded = models.PositiveIntegerField("新记录提醒数", default=0)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = "扫描记录"
        verbose_name_plural = "扫描记录"
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["kind", "as_of"], condition=Q(ok=True), name="deadlines_scan_ok")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.as_of:%Y-%m-%d %H:%M}"

    @property
    def abandoned(self) -> bool:
        """Killed while running (a worker lost, the machine restarted): closed by the next run of its kind."""
        return self.ok is False and self.error.startswith(ABANDONED)

    @property
    def duration_ms(self) -> int | None:
        if self.finished_at is None or self.abandoned:  # an abandoned run's end is when it was found
            return None
        return int((self.finished_at - self.started_at).total_seconds() * 1000)
