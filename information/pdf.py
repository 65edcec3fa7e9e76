"""政务信息 papers as PDF through ``core.pdf`` (a CJK font embedded, the GB/T 9704-2012 版心 margins) [44], [46]:

- 通报 (the ranking): the office's notice of the period's adoptions and points per unit and the leading authors,
  with the scoring table in effect — red 发文机关标志 and rule, title, body, tables, 落款, 版记 (抄送 / 印发) [46];
- 《政务信息》第N期: the office's own publication — the red masthead 政务信息, 第N期, the office and the date over
  a red rule, the chosen items each with its unit, and the 报 / 送 / 发 lines at the foot [44].

Callers pass what the visibility selector gave them (``scoring.ranking`` reads through ``items_visible_to``; a
publication's entries are read through it too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from core.pdf import render_pdf

from .scoring import OFFICE_LABEL, Ranking

# The 版记 of 《政务信息》: to whom it goes (the office's practice; the regulation names no list).
REPORT_TO = "州委办公室，州政府办公室。"
SEND_TO = "县委、县人大常委会、县政府、县政协领导。"
ISSUE_TO = "各乡（镇）人民政府，县政府各部门，县直各单位。"
COPIES = 60


@dataclass
class Entry:
    title: str
    source: str
    paragraphs: list[str]


def ranking_pdf(r: Ranking, *, issued_on: date | None = None, draft: bool = False) -> bytes:
    """通报 of the period's information work and its ranking [46]."""
    return render_pdf(
        "information/pdf/ranking.html",
        {
            "r": r,
            "issued_on": issued_on or timezone.localdate(),
            "draft": draft,
            "title": f"{r.period.label}政务信息通报",
        },
    )


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def entries_of(publication, visible) -> list[Entry]:
    """The publication's items in order, those ``visible`` (a queryset of items) holds; one query."""
    rows = (
        publication.entries.filter(item__in=visible)
        .select_related("item__unit")
        .only("order", "item__title", "item__body", "item__author", "item__state", "item__unit_id", "item__unit__name")
        .order_by("order", "id")
    )
    return [
        Entry(
            title=e.item.title,
            source=e.item.unit.name if e.item.unit_id else OFFICE_LABEL,
            paragraphs=paragraphs(e.item.body),
        )
        for e in rows
    ]


def publication_pdf(publication, entries: list[Entry]) -> bytes:
    """《政务信息》{year}年第N期; a draft is printed as 样稿 without a number [44]."""
    issued = publication.number is not None
    publication.number_label = str(publication.number) if issued else "　"
    publication.editor_label = publication.editor
    return render_pdf(
        "information/pdf/publication.html",
        {
            "p": publication,
            "entries": entries,
            "issued_on": publication.issued_on or timezone.localdate(),
            "draft": not issued,
            "lines": {"report": REPORT_TO, "send": SEND_TO, "issue": ISSUE_TO, "copies": COPIES},
        },
    )


def publication_filename(publication) -> str:
    if publication.number:
        return f"政务信息{publication.year}年第{publication.number}期.pdf"
    return f"政务信息{publication.year}年样稿.pdf"
