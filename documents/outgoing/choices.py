"""The vocabulary of outgoing documents (发文), 第三十条: states, kinds, flags and the six review gates.

Kept apart from the models so that ``rules``, ``routing`` and ``signing`` can use it without importing
the models (the models import ``rules`` for their transitions' permissions).
"""

from __future__ import annotations

from django.db import models

from documents.types import DocumentType


class State(models.TextChoices):
    DRAFTING = "drafting", "拟稿中"  # [30(1)]; a draft sent back for revision comes back here
    REVIEWING = "reviewing", "审核中"  # [30(2)]
    SIGNING = "signing", "签发中"  # [30(3)]
    CHECKING = "checking", "待复核"  # [30(4)]
    NUMBERING = "numbering", "待编号登记"  # [30(5)]
    PROOFING = "proofing", "待校对"  # [30(5)] the drafter signs the proof
    PRINTING = "printing", "待缮印"  # [30(5)]
    SEALING = "sealing", "待用印"  # [30(5)]
    DISTRIBUTING = "distributing", "待分发"  # [30(5)]
    DISTRIBUTED = "distributed", "已分发待归档"  # [30(5)] 立卷、归档 is the archive chapter's [33]
    FILED = "filed", "已归档"  # [30(5)], [33] — reached by the archive chapter
    ABANDONED = "abandoned", "已撤稿"  # a draft given up before review; kept, never deleted


# A number exists exactly in these states: nothing is numbered before 复核 [30(5)].
NUMBERED_STATES = (
    State.PROOFING,
    State.PRINTING,
    State.SEALING,
    State.DISTRIBUTING,
    State.DISTRIBUTED,
    State.FILED,
)
# Still moving: the partial indexes and active lists exclude these.
CLOSED_STATES = (State.DISTRIBUTED, State.FILED, State.ABANDONED)
# Steps anyone holding the role takes (打字室, 收发): no single holder, the pool sees them.
POOL_STATES = (State.NUMBERING, State.PRINTING, State.SEALING, State.DISTRIBUTING)
# Steps of one person (the drafter): the ``holder`` column says who.
HOLDER_STATES = (State.DRAFTING, State.CHECKING, State.PROOFING)


class Authority(models.TextChoices):
    """发文机关: the name the document is issued in [30(1)], [30(3)]."""

    GOVERNMENT = "government", "杂多县人民政府"
    OFFICE = "office", "杂多县人民政府办公室"


# 文种: the fifteen national kinds; 其他 is only for incoming papers.
OUTGOING_TYPE_CHOICES = [choice for choice in DocumentType.choices if choice[0] != DocumentType.OTHER]
# 上行文 print 签发人 in the header (GB/T 9704-2012 7.2.4) [30(6)2].
UPWARD_TYPES = frozenset({DocumentType.REQUEST, DocumentType.REPORT})


class Urgency(models.TextChoices):
    """紧急程度 of an outgoing document (GB/T 9704: 特急、加急)."""

    NORMAL = "", "普通"
    URGENT = "urgent", "加急"
    EXTRA_URGENT = "extra_urgent", "特急"


class Importance(models.TextChoices):
    """Decides the review chain [30(2)] and, with the subject flags, who signs [30(3)]."""

    ORDINARY = "ordinary", "一般公文"
    IMPORTANT = "important", "重要公文"
    NORMATIVE = "normative", "规范性文件"


class Origin(models.TextChoices):
    LINE_STAFF = "line_staff", "归口人员拟稿"  # [30(1)]
    DEPARTMENT = "department", "部门代拟稿"  # [30(1)], [30(2)1]


class Phase(models.TextChoices):
    REVIEW = "review", "审核"  # [30(2)]
    SIGN = "sign", "签发"  # [30(3)]


class StepKind(models.TextChoices):
    """What a person does at one step of the route."""

    FIRST_CHECK = "first_check", "初审"  # 归口人员初审部门代拟稿 [30(1)], [30(2)1]
    CHECK = "check", "核稿"  # 分管副主任审核 [30(2)1]
    LEGAL = "legal", "法制审核"  # 法制科审核规范性文件 [30(2)3]
    APPROVE = "approve", "审批"  # 分管副县长审批 [30(2)1], 县长审批 [30(2)2]
    REVIEW = "review", "审核"  # 有关副县长审核后送县长签发; 送常务副县长 [30(3)1]
    COSIGN = "cosign", "会签"  # 有关副县长会签 [30(3)1]
    OVERALL = "overall", "统筹把关"  # 办公室主任 [30(2)2]
    AGREE = "agree", "审定同意"  # 经县人民政府同意 → 县长或副县长审定同意 [30(3)2]
    SIGN = "sign", "签发"  # [30(3)]


class StepStatus(models.TextChoices):
    WAITING = "waiting", "未到"
    CURRENT = "current", "待办理"
    DONE = "done", "已办理"
    RETURNED = "returned", "退回修改"  # this person sent the draft back
    SUPERSEDED = "superseded", "作废（已退回重走）"  # the draft was sent back; the round is over


class Gate(models.TextChoices):
    """审核六关 [30(2)]: each ticked and signed by the reviewer who checks it."""

    ISSUING = "issuing", "行文关"
    LAW_POLICY = "law_policy", "法规政策关"
    CONTENT = "content", "内容关"
    WORDING = "wording", "文字关"
    FORMAT = "format", "格式关"
    SECRECY = "secrecy", "定密关"


GATE_HINTS = {
    Gate.ISSUING: "是否确需行文，行文方式、主送抄送是否妥当",
    Gate.LAW_POLICY: "是否符合法律法规和党的路线方针政策",
    Gate.CONTENT: "情况是否属实，意见是否可行，是否与有关部门协商一致",
    Gate.WORDING: "文字表述、标点、数字、计量单位是否准确",
    Gate.FORMAT: "文种、格式是否符合公文格式标准",
    Gate.SECRECY: "密级、保密期限确定是否准确",
}


class RecheckItem(models.TextChoices):
    """复核的重点 [30(4)]."""

    REVISIONS_APPLIED = "revisions_applied", "已将审核、签发意见修改进文稿"
    APPROVALS_COMPLETE = "approvals_complete", "审批、签发手续完备"
    ATTACHMENTS_COMPLETE = "attachments_complete", "附件材料齐全"
    FORMAT_OK = "format_ok", "格式规范"
    REASONABLE = "reasonable", "行文合理"


class DistributionMode(models.TextChoices):
    """公文分发 [30(5)]."""

    GENERAL = "general", "普发"  # 县长、副县长、主任、副主任和分发立户范围
    TARGETED = "targeted", "按归口分发"  # 有关领导、县直有关部门、有关乡(镇)政府


class AttachmentKind(models.TextChoices):
    BODY = "body", "正文文件"  # an uploaded Word/PDF draft instead of text written in the browser
    ATTACHMENT = "attachment", "附件"
    UNIT_SIGNATURE = "unit_signature", "代拟稿签批件"  # the department head's signed draft [30(2)1]


# The subject flags that change who signs [30(3)]: names of boolean fields on the document.
SIGNING_FLAGS = (
    "touches_structure",
    "touches_personnel",
    "touches_funds",
    "touches_assets",
    "touches_planning",
    "touches_policy",
    "touches_powers",
    "to_superior",
    "to_congress",
    "is_appointment",
    "says_agreed",
    "says_studied",
)
