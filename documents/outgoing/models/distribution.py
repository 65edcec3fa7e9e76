"""公文分发 [30(5)]: the standing distribution list and each recipient of a distributed document."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from org.models import Unit

from ..choices import DistributionMode
from .document import OutgoingDocument


class StandingRecipient(models.Model):
    """文件分发立户范围: who receives every 普发 document besides the county and office leaders [30(5)].

    A unit (a 局, a 乡镇) or a person in the office; configured in the admin.
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="单位"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="人员"
    )
    copies = models.PositiveSmallIntegerField("份数", default=1)
    is_active = models.BooleanField("在用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "分发立户"
        verbose_name_plural = "分发立户"
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(user__isnull=True))
                | (Q(unit__isnull=True) & Q(user__isnull=False)),
                name="outgoing_standing_unit_xor_user",
            )
        ]

    def __str__(self) -> str:
        return str(self.unit or self.user)


class Recipient(models.Model):
    """One recipient of a distributed document: a person in the office (who is asked to read it) or a unit."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.PROTECT, related_name="recipients")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="人员"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="单位"
    )
    name = models.CharField("名称", max_length=100)  # as it stood on the day: names of units and people change
    copies = models.PositiveSmallIntegerField("份数", default=1)
    via = models.CharField("分发方式", max_length=20, choices=DistributionMode.choices)
    delivered_at = models.DateTimeField("分发时间")
    read_at = models.DateTimeField("阅文时间", null=True, blank=True)

    class Meta:
        verbose_name = "分发记录"
        verbose_name_plural = "分发记录"
        ordering = ["document", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(user__isnull=True))
                | (Q(unit__isnull=True) & Q(user__isnull=False)),
                name="outgoing_recipient_unit_xor_user",
            ),
            models.UniqueConstraint(fields=["document", "user"], name="outgoing_recipient_user_once"),
            models.UniqueConstraint(fields=["document", "unit"], name="outgoing_recipient_unit_once"),
        ]
        indexes = [
            models.Index(
                fields=["user", "document"], condition=Q(read_at__isnull=True), name="outgoing_recipient_unread"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_internal(self) -> bool:
        return self.user_id is not None
