"""Vocabulary the document chapter (第四章) shares between incoming and outgoing documents."""

from django.db import models

from core.visibility import secret_covers
from org.models import SecretLevel

__all__ = ["DocumentType", "SecretLevel", "secret_covers"]


class DocumentType(models.TextChoices):
    """文种: the fifteen kinds of the national rules for official documents, plus 其他 for incoming papers."""

    RESOLUTION = "resolution", "决议"
    DECISION = "decision", "决定"
    ORDER = "order", "命令"
    COMMUNIQUE = "communique", "公报"
    ANNOUNCEMENT = "announcement", "公告"
    PUBLIC_NOTICE = "public_notice", "通告"
    OPINION = "opinion", "意见"
    NOTICE = "notice", "通知"
    CIRCULAR = "circular", "通报"
    REPORT = "report", "报告"
    REQUEST = "request", "请示"
    REPLY = "reply", "批复"
    MOTION = "motion", "议案"
    LETTER = "letter", "函"
    MINUTES = "minutes", "纪要"
    OTHER = "other", "其他"
