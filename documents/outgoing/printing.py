"""The paper forms of 发文: the document in the national layout (GB/T 9704-2012) [30(6)2], the 公文处理单
[30(1)] and the 发文登记簿 [30(5)] — what goes on them, gathered once; ``core.pdf`` renders them.

Fonts: GB/T 9704 asks for 小标宋 (title, red mark), 仿宋 (text) and 黑体 (secret level, urgency, first-level
headings). The free fonts installed stand in: a 宋 (serif) CJK family for 小标宋 and 仿宋, a 黑 (sans) one for
黑体 — see ``settings.PDF_CJK_FONT_FAMILIES`` and docs/decisions.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone

from core.pdf import cjk_font_family, installed_cjk_families
from org.selectors import display_name

from .choices import AttachmentKind, Authority, Phase
from .models import OutgoingDocument
from .selectors import all_steps_of, attachments_of, signatures_of

SERIF_FAMILIES = ("Noto Serif CJK SC", "AR PL UMing CN", "AR PL SungtiL GB")
SANS_FAMILIES = ("Noto Sans CJK SC", "WenQuanYi Micro Hei")
PRINTING_ORGAN = "杂多县人民政府办公室"  # 印发机关: the office prints the government's documents too

LINE_MM = 225 / 22  # one line of text: 22 lines fill the 225 mm 版心
FIRST_LEVEL = re.compile(r"^[一二三四五六七八九十]+、")
SECOND_LEVEL = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


def _family(candidates: tuple[str, ...]) -> str:
    installed = installed_cjk_families()
    for family in candidates:
        if family in installed:
            return family
    return cjk_font_family()  # raises PdfFontMissing when no CJK font at all


def fonts() -> dict[str, str]:
    return {"serif_font": _family(SERIF_FAMILIES), "sans_font": _family(SANS_FAMILIES)}


def chinese_date(day: date | None) -> str:
    """成文日期 in Arabic numerals, year in full, no padding: 2026年5月8日 (GB/T 9704-2012 7.3.5)."""
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Paragraph:
    text: str
    level: int = 0  # 0 text, 1 一、 heading (黑体), 2 （一） heading (楷体)


def paragraphs(text: str) -> list[Paragraph]:
    result = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        # A heading is a short line of its own; "（一）…。" running on is a paragraph that starts with a number.
        is_heading = len(line) <= 30 and not line.endswith(("。", "；", "："))
        level = (1 if FIRST_LEVEL.match(line) else 2 if SECOND_LEVEL.match(line) else 0) if is_heading else 0
        result.append(Paragraph(line, level))
    return result


def document_context(doc: OutgoingDocument) -> dict:
    """The document as GB/T 9704-2012 lays it out. Before numbering it is a 样稿 with the number left blank."""
    signers = [display_name(s.assignee) for s in signatures_of(doc) if s.kind == "sign"]
    attachments = [a.title for a in attachments_of(doc) if a.kind == AttachmentKind.ATTACHMENT]
    copy_to = doc.copy_to.strip().rstrip("。，,;；")
    printed_on = timezone.localdate(doc.printed_at) if doc.printed_at else timezone.localdate()
    header = doc.series.header
    # 发文机关标志: its top 35 mm below the 版心's top (下行文), 80 mm for 上行文 (GB/T 9704-2012 7.2.3); a letter's
    # 30 mm below the page edge, i.e. 7 mm above the 版心 (10.1). The 密级/紧急 lines above it take their share.
    marks_above = (1 if doc.is_classified else 0) + (1 if doc.urgency else 0)
    target = -7.0 if doc.series.is_letter else 80.0 if doc.is_upward else 35.0
    return {
        **fonts(),
        "doc": doc,
        "header": header,
        "mark_offset": round(target - marks_above * LINE_MM, 2),
        "mark_size": round(min(16.0, 148.0 / max(len(header), 1)), 2),
        "mark_spacing": 0,
        "is_letter": doc.series.is_letter,
        "is_draft": not doc.doc_number,
        "number": doc.doc_number or f"{doc.series.prefix}〔{timezone.localdate().year}〕　号",
        "signers": signers,
        "upward": doc.is_upward,
        "paragraphs": paragraphs(doc.body_text),
        "attachments": attachments,
        "signature_name": Authority(doc.authority).label,
        "issue_date": chinese_date(doc.issue_date) or "　　年　月　日",
        "copy_to": f"{copy_to}。" if copy_to else "",
        "printing_organ": PRINTING_ORGAN,
        "printed_on": chinese_date(printed_on),
        "office_name": settings.OFFICE_NAME,
    }


@dataclass(frozen=True)
class SheetRow:
    round: int
    phase: str
    kind: str
    person: str
    reason: str
    status: str
    acted_at: object
    opinion: str
    gates: list[str]
    gate_signers: str


def sheet_context(doc: OutgoingDocument) -> dict:
    """公文处理单 [30(1)]: drafter, reviewers with their gate sign-offs, signers, dates — every round."""
    rows = [
        SheetRow(
            round=s.round,
            phase=s.get_phase_display(),
            kind=s.get_kind_display(),
            person=display_name(s.assignee),
            reason=s.reason,
            status=s.get_status_display(),
            acted_at=s.acted_at,
            opinion=s.opinion,
            gates=[g.get_gate_display() for g in s.gates.all()],
            gate_signers="、".join(dict.fromkeys(display_name(g.checked_by) for g in s.gates.all())),
        )
        for s in all_steps_of(doc)
    ]
    return {
        **fonts(),
        "doc": doc,
        "rows": rows,
        "review_rows": [r for r in rows if r.phase == Phase.REVIEW.label],
        "sign_rows": [r for r in rows if r.phase == Phase.SIGN.label],
        "drafter": display_name(doc.drafter),
        "attachments": attachments_of(doc),
        "issue_date": chinese_date(doc.issue_date),
        "now": timezone.now(),
    }
