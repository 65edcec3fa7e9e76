"""The paper forms of 发文: the document in the national layout (GB/T 9704-2012) [30(6)2], the 公文处理单
[30(1)] and the 发文登记簿 [30(5)] — what goes on them, gathered once; ``core.pdf`` renders them.

Fonts: GB/T 9704 asks for 小标宋 (title, red mark), 仿宋 (text) and 黑体 (secret level, urgency, first-level
headings). The free fonts installed stand in: a 宋 (serif) CJK family for 小标宋 and 仿宋, a 黑 (sans) one for
黑体 — see ``settings.PDF_CJK_FONT_FAMILIES`` and docs/decisions.md.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone

from core.pdf import cjk_font_family, installed_cjk_families, lay_out
from documents.types import DocumentType
from org.selectors import display_name

from .choices import AttachmentKind, Authority, Phase
from .models import OutgoingDocument
from .selectors import all_steps_of, attachments_of, signatures_of

SERIF_FAMILIES = ("Noto Serif CJK SC", "AR PL UMing CN", "AR PL SungtiL GB")
SANS_FAMILIES = ("Noto Sans CJK SC", "WenQuanYi Micro Hei")
# GB/T 9704-2012's fonts, the licensed ones first: found when installed or dropped into settings.PDF_FONTS_DIR.
# No Debian font is a simplified 仿宋 covering GB2312 (fonts-cwtex-fs is traditional and misses common
# characters, and a font missing glyphs mixes fonts within a line), so the free stand-in for 仿宋 and 小标宋
# is the 宋 (serif) family; 楷体's is LXGW WenKai (fonts-lxgw-wenkai), which covers all of GB2312.
FANGSONG_FAMILIES = ("FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", *SERIF_FAMILIES)
XIAOBIAOSONG_FAMILIES = ("FZXiaoBiaoSong-B05S", "方正小标宋简体", "FZXiaoBiaoSong-B05", "方正小标宋_GBK")
KAI_FAMILIES = ("KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", "LXGW WenKai", "AR PL KaitiM GB")
HEI_FAMILIES = ("SimHei", "黑体", *SANS_FAMILIES)
DOCUMENT_TEMPLATE = "outgoing/pdf/document.html"
PRINTING_ORGAN = "杂多县人民政府办公室"  # 印发机关: the office prints the government's documents too

LINE_MM = 225 / 22  # one line of text: 22 lines fill the 225 mm 版心
MARK_LEADING = 0.155  # measured: the 标志's ink starts this share of its size below its line box's top
# 结构层次序数 (GB/T 9704-2012 7.3.3): "一、", "（一）", "1.", "（1）".
LEVELS = (
    re.compile(r"^[一二三四五六七八九十]+、"),
    re.compile(r"^[（(][一二三四五六七八九十]+[）)]"),
    re.compile(r"^[0-9０-９]+[.．]"),
    re.compile(r"^[（(][0-9０-９]+[）)]"),
)
PAGE_NUMBER_DASH_MM = 7.0  # 页码: the dash 7 mm below the 版心 (7.5)
PAGE_NUMBER_DASH_DROP_MM = 3.22
TEXT_HEIGHT_MM = 225.0
TEXT_WIDTH_MM, TEXT_LEFT_MM, PAGE_HEIGHT_MM = 156.0, 28.0, 297.0
PX_MM = 25.4 / 96  # a CSS pixel


def _family(candidates: tuple[str, ...]) -> str:
    installed = installed_cjk_families()
    for family in candidates:
        if family in installed:
            return family
    return cjk_font_family()  # raises PdfFontMissing when no CJK font at all


def fonts() -> dict[str, str]:
    return {
        "serif_font": _family(SERIF_FAMILIES),
        "sans_font": _family(SANS_FAMILIES),
        "kai_font": _family(KAI_FAMILIES),
        **official_fonts(),
    }


def official_fonts() -> dict[str, str | int]:
    """The document's fonts (GB/T 9704-2012 5.2.3, 7): 仿宋 text, 小标宋 title and 标志 — bold 宋 when no 小标宋
    is installed, as 小标宋 is itself a heavy face — 黑体 first-level headings, 楷体 second-level ones."""
    installed = installed_cjk_families()
    xiaobiaosong = next((f for f in XIAOBIAOSONG_FAMILIES if f in installed), None)
    return {
        "fangsong_font": _family(FANGSONG_FAMILIES),
        "title_font": xiaobiaosong or _family(SERIF_FAMILIES),
        "title_weight": 400 if xiaobiaosong else 700,
        "hei_font": _family(HEI_FAMILIES),
    }


def chinese_date(day: date | None) -> str:
    """成文日期 in Arabic numerals, year in full, no padding: 2026年5月8日 (GB/T 9704-2012 7.3.5)."""
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Paragraph:
    text: str
    level: int = 0  # 0 text, 1 一、 heading (黑体), 2 （一） heading (楷体), 3 1. and 4 （1） (仿宋)
    # A heading run into its paragraph ("（一）明确责任。各乡镇要…"): its words, in its level's font, then the text.
    lead: str = ""
    lead_level: int = 0

    @property
    def rest(self) -> str:
        return self.text[len(self.lead) :]


RUN_IN_HEADING = re.compile(r"^(.{2,30}?[。：])(?=.)")


def paragraphs(text: str) -> list[Paragraph]:
    result = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        # A heading is a short line of its own; "（一）…。" running on is a paragraph that starts with a number,
        # its heading words (up to the first 。) in the heading's font (GB/T 9704-2012 7.3.3).
        number = next((n for n, pattern in enumerate(LEVELS, start=1) if pattern.match(line)), 0)
        if len(line) <= 30 and not line.endswith(("。", "；", "：")):
            result.append(Paragraph(line, number))
        elif number in (1, 2) and (lead := RUN_IN_HEADING.match(line)):
            result.append(Paragraph(line, 0, lead.group(1), number))
        else:
            result.append(Paragraph(line))
    return result


TITLE_CHARS_PER_LINE = 20  # 2号 (22 pt, 7.76 mm) in the 156 mm 版心
# Where a title may break (GB/T 9704-2012 7.3.1: 回行时要做到词意完整，排列对称): after these, and around the words
# that recur in the government's titles. A title with no such point in reach breaks where the lines balance.
BREAK_AFTER = (
    "关于",
    "的",
    "、",
    "和",
    "及",
    "与",
    "年",
    "》",
    "进一步",
    "做好",
    "加强",
    "推进",
    "印发",
    "转发",
    "开展",
)
TITLE_WORDS = (
    "工作", "管理", "资金", "经费", "专项", "补助", "保障", "方案", "办法", "规定", "意见", "实施", "建设", "乡村振兴",
    "草原防火", "中央财政", "衔接", "协助", "申请", "同意", "春季", "秋季", "安全", "生产", "防汛", "抗旱",
)  # fmt: skip


def _width(text: str) -> float:
    # the CJK fonts' Arabic numerals are wide (0.85 em measured in Noto Serif CJK bold)
    return sum(0.85 if ch.isdigit() else 0.5 if ch.isascii() else 1.0 for ch in text)


def _word_boundaries(title: str) -> set[int]:
    points = set()
    for word in BREAK_AFTER:
        start = title.find(word)
        while start != -1:
            points.add(start + len(word))
            start = title.find(word, start + 1)
    for word in TITLE_WORDS:
        start = title.find(word)
        while start != -1:
            points.update((start, start + len(word)))
            start = title.find(word, start + 1)
    # never inside a number ("2026"), never between "的" and the 文种 it names, never an empty line
    return {
        i
        for i in points
        if 0 < i < len(title) and not (title[i - 1].isdigit() and title[i].isdigit()) and _width(title[i:]) > 1
    }


def title_lines(title: str) -> list[str]:
    """The title broken between words into balanced lines (the standard's 梯形 or 菱形, 7.3.1)."""
    if _width(title) <= TITLE_CHARS_PER_LINE:
        return [title]
    count = -(-int(_width(title) + 0.99) // TITLE_CHARS_PER_LINE)
    # word boundaries first; when none gives lines that fit, balance by characters
    for points in (sorted(_word_boundaries(title)), list(range(1, len(title)))):
        best = None
        for breaks in itertools.combinations(points, count - 1):
            lines = [title[a:b] for a, b in itertools.pairwise((0, *breaks, len(title)))]
            widths = [_width(line) for line in lines]
            if max(widths) > TITLE_CHARS_PER_LINE:
                continue
            score = (max(widths) - min(widths), -widths[0])  # balanced; the longer line above (梯形)
            if best is None or score < best[0]:
                best = (score, lines)
        if best is not None:
            return best[1]
    return [title]


def layout_kind(doc: OutgoingDocument) -> str:
    """Which of GB/T 9704-2012's formats: the 信函 (10.1), 命令 (10.2), 纪要 (10.3), 上行文 or the 文件 format."""
    if doc.series.is_letter:
        return "letter"
    if doc.doc_type == DocumentType.ORDER:
        return "order"
    if doc.doc_type == DocumentType.MINUTES:
        return "minutes"
    return "upward" if doc.is_upward else "standard"


def _order_number(doc_number: str) -> str:
    """令号 (10.2): "第3号", the serial of the document's number."""
    match = re.search(r"(\d+)号$", doc_number or "")
    return f"第{match.group(1)}号" if match else "第　号"


def document_context(doc: OutgoingDocument) -> dict:
    """The document as GB/T 9704-2012 lays it out. Before numbering it is a 样稿 with the number left blank."""
    signers = [display_name(s.assignee) for s in signatures_of(doc) if s.kind == "sign"]
    attachments = [a.title for a in attachments_of(doc) if a.kind == AttachmentKind.ATTACHMENT]
    copy_to = doc.copy_to.strip().rstrip("。，,;；")
    printed_on = timezone.localdate(doc.printed_at) if doc.printed_at else timezone.localdate()
    kind = layout_kind(doc)
    organ = Authority(doc.authority).label
    header = {
        "order": f"{organ}令",  # 10.2: the organ's full name and 令
        "minutes": doc.title if doc.title.endswith("纪要") else f"{organ}纪要",  # 10.3: "XXXXX纪要"
    }.get(kind, doc.series.header)
    # 发文机关标志: its top 35 mm below the 版心's top (下行文, 纪要 10.3), 80 mm for 上行文 (GB/T 9704-2012 7.2.3),
    # 20 mm for 命令 (10.2); a letter's 30 mm below the page edge, i.e. 7 mm above the 版心 (10.1). The 密级/紧急
    # lines above it take their share.
    marks_above = (1 if doc.is_classified else 0) + (1 if doc.urgency else 0)
    target = {"letter": -7.0, "upward": 80.0, "order": 20.0}.get(kind, 35.0)
    mark_size = round(min(16.0, 148.0 / max(len(header), 1)), 2)
    return {
        **fonts(),
        "doc": doc,
        "header": header,
        # The 标志's line box (line-height 1.15) starts MARK_LEADING of its size above the characters' top edge.
        "mark_offset": round(target - marks_above * LINE_MM - MARK_LEADING * mark_size, 2),
        "mark_size": mark_size,
        "mark_spacing": 0,
        "kind": kind,
        "is_letter": kind == "letter",
        "order_number": _order_number(doc.doc_number),
        # 出席、请假、列席 (10.3): (label, names) rows a meeting's minutes bring; none for a document drafted here
        "attendance": [],
        "is_draft": not doc.doc_number,
        "number": doc.doc_number or f"{doc.series.prefix}〔{timezone.localdate().year}〕　号",
        "signers": signers,
        "upward": kind == "upward",
        "title_lines": title_lines(doc.title),
        "paragraphs": paragraphs(doc.body_text),
        "attachments": attachments,
        "signature_name": organ,
        "issue_date": chinese_date(doc.issue_date) or "　　年　月　日",
        "copy_to": f"{copy_to}。" if copy_to else "",
        "printing_organ": PRINTING_ORGAN,
        "printed_on": chinese_date(printed_on),
        "office_name": settings.OFFICE_NAME,
        # the dash's ink is drawn 3.2 mm below the top of its 14 pt line (measured in Noto Serif CJK)
        "page_number_padding": round(PAGE_NUMBER_DASH_MM - PAGE_NUMBER_DASH_DROP_MM, 2),
        # 版记: a letter prints it only for its 抄送 (10.1); its place is decided by ``render_document``
        "has_imprint": bool(copy_to) or kind != "letter",
        "imprint_place": "here",
        "imprint_spacer": 0,
        "annexes": [],
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


def _boxes_marked(document, attribute: str) -> list[tuple[int, float, float]]:
    """(page number, top, bottom) in mm from the page's top of each box whose element carries ``attribute``."""
    found = []
    for number, page in enumerate(document.pages, start=1):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None and element.get(attribute) is not None and box.element_tag != "#text":
                if getattr(box, "is_for_root_element", False) or not hasattr(box, "margin_height"):
                    continue
                top = box.position_y * PX_MM
                found.append((number, top, top + box.margin_height() * PX_MM))
    return found


def render_document(
    doc: OutgoingDocument, *, pdf_variant: str | None = None, attendance: tuple[tuple[str, str], ...] = ()
) -> bytes:
    """The document's PDF in the GB/T 9704-2012 layout [30(6)2].

    The 版记 (7.4) sits on the last page with its last rule on the 版心's bottom edge, and that page is an even
    one (the back of the last sheet) except for a letter (10.1). WeasyPrint cannot pin a block to the bottom of
    the last page, so the document is laid out once with the 版记 after the text, and where it fell decides:
    on an even page (or a letter's last) it stays, pushed down by a spacer of exactly the room left; on an odd
    page with the text it moves to the next page; alone on an odd page after the text ended on an even one, a
    blank page goes before it, and then neither is numbered (7.5).

    Uploaded PDF attachments (7.3.6: 附件应当另面编排，并在版记之前) get pages of their own after the 落款, "附件1"
    and the title on the first; their pages are drawn into the 版心 of those pages. The archival copy leaves
    them out — they are filed as the files they are — so that nothing foreign enters the PDF/A.
    """
    annexes = [] if pdf_variant else annex_pages(doc)
    context = {**document_context(doc), "attendance": list(attendance), "annexes": annexes}  # 纪要: 10.3
    if context["has_imprint"]:
        first = lay_out(DOCUMENT_TEMPLATE, context, pdf_variant=pdf_variant)
        place, spacer = imprint_place(first, is_letter=context["is_letter"])
        # a hair short of the room left, so that rounding never pushes the 版记 over the edge
        context.update(imprint_place=place, imprint_spacer=round(max(spacer - 0.05, 0), 2))
    final = lay_out(DOCUMENT_TEMPLATE, context, pdf_variant=pdf_variant)
    content = final.write_pdf(pdf_variant=pdf_variant)
    return _draw_annexes(content, final, annexes) if annexes else content


@dataclass(frozen=True)
class Annex:
    number: int  # 附件顺序号
    title: str
    content: bytes  # the uploaded PDF
    pages: int

    @property
    def page_range(self) -> range:
        return range(self.pages)


def annex_pages(doc: OutgoingDocument) -> list[Annex]:
    """The uploaded attachments that are PDFs, numbered as the 附件说明 numbers them; a Word file is listed in
    the 附件说明 but cannot be drawn, and a file that will not open is left out rather than failing the PDF."""
    from pypdf import PdfReader

    annexes = []
    listed = [a for a in attachments_of(doc) if a.kind == AttachmentKind.ATTACHMENT]
    for number, attachment in enumerate(listed, start=1):
        if not attachment.file.name.lower().endswith(".pdf"):
            continue
        try:
            with attachment.file.open("rb") as f:
                content = f.read()
            pages = len(PdfReader(io.BytesIO(content)).pages)
        except Exception:  # a missing or broken file: the document still prints without it
            continue
        if pages:
            annexes.append(Annex(number if len(listed) > 1 else 0, attachment.title, content, pages))
    return annexes


def _draw_annexes(content: bytes, document, annexes: list[Annex]) -> bytes:
    """Each attachment page scaled into its frame (the 版心, below "附件1" and the title on the first page)."""
    from pypdf import PdfReader, PdfWriter, Transformation

    frames = {}
    for number, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None and element.get("data-annex-frame") and hasattr(box, "margin_height"):
                top = box.position_y * PX_MM
                frames[element.get("data-annex-frame")] = (number, top, top + box.margin_height() * PX_MM)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    point = 72 / 25.4
    for index, annex in enumerate(annexes):
        source = PdfReader(io.BytesIO(annex.content))
        for page_index in annex.page_range:
            if f"{index}-{page_index}" not in frames:
                continue
            number, top, bottom = frames[f"{index}-{page_index}"]
            page = source.pages[page_index]
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            frame_w, frame_h = TEXT_WIDTH_MM * point, (bottom - top) * point
            scale = min(frame_w / width, frame_h / height)
            x = TEXT_LEFT_MM * point + (frame_w - width * scale) / 2 - float(page.mediabox.left) * scale
            y = (PAGE_HEIGHT_MM - top) * point - height * scale - float(page.mediabox.bottom) * scale
            writer.pages[number].merge_transformed_page(page, Transformation().scale(scale).translate(x, y))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def imprint_place(document, *, is_letter: bool) -> tuple[str, float]:
    """Where the 版记 goes, read from a layout with it right after the text: ``here`` (its page, pushed down by
    the returned spacer in mm), ``next`` (a page of its own after the text) or ``blank`` (after a blank page)."""
    page, top, bottom = _boxes_marked(document, "data-imprint")[-1]
    text_ends_on = _boxes_marked(document, "data-text-end")[-1][0]
    if page % 2 == 0 or is_letter:
        return "here", 37.0 + TEXT_HEIGHT_MM - bottom
    return ("next" if text_ends_on == page else "blank"), TEXT_HEIGHT_MM - (bottom - top)
