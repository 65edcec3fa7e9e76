"""The official document PDF measured against GB/T 9704-2012 [30(6)2] (issue 11): three real kinds — a 下行文
通知 of three pages, an 上行文 请示 with 签发人 and an attachment, a 函 — positions within ±1 mm of the
standard's figures, sizes within ±0.5 pt. Set ZADUO_PDF_ARTEFACTS to a folder to keep their PNGs."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.outgoing import printing, services
from documents.outgoing.choices import AttachmentKind
from tests import requires
from tests.files import pdf

from . import gbt9704 as g
from .conftest import to_numbering

pytestmark = [pytest.mark.django_db, requires.poppler]

PDF = pdf()  # a real PDF: an upload must parse (core.uploads)


def _issue(office, doc):
    doc = services.outgoing_number(actor=office["dazi"], pk=to_numbering(doc).pk)
    doc = services.outgoing_sign_proof(actor=doc.drafter, pk=doc.pk)
    return services.outgoing_print(actor=office["dazi"], pk=doc.pk, copies=40)


@pytest.fixture
def notice(office, draft):
    doc = draft(
        title="关于进一步加强2026年中央财政衔接推进乡村振兴补助资金管理的通知",
        body=g.NOTICE_BODY,
        flags=("touches_funds",),  # 资金 all through: the county head signs [30(3)1]
        copy_to="县委办公室，县人大常委会办公室，县政协办公室",
    )
    return g.Measured(printing.render_document(_issue(office, doc)))


def _attachment_pdf() -> bytes:
    """An uploaded attachment with words on it, a landscape A4 table as such attachments often are."""
    from weasyprint import HTML

    page = "<style>@page { size: A4 landscape }</style><p style='font-size: 20pt'>测算表：防火物资52万元</p>"
    return HTML(string=page).write_pdf()


@pytest.fixture
def request_doc(office, draft):
    doc = draft(
        doc_type="request",
        title="关于申请2026年春季草原防火专项经费的请示",
        body=g.REQUEST_BODY,
        flags=("touches_funds",),
        main_recipients="玉树藏族自治州人民政府",
        copy_to="",
        annotation="（联系人：才让　电话：0976-8812345）",  # typed with brackets: they are not printed twice
    )
    services.outgoing_add_file(
        actor=office["guikou2"],
        pk=doc.pk,
        upload=SimpleUploadedFile("经费测算表.pdf", _attachment_pdf()),
        kind=AttachmentKind.ATTACHMENT,
        title="杂多县2026年春季草原防火经费测算表",
    )
    return g.Measured(printing.render_document(_issue(office, doc)))


@pytest.fixture
def letter(office, draft, series):
    doc = draft(
        prefix="杂政函",
        doc_type="letter",
        title="关于同意协助做好2026年春季草原防火保障工作的函",
        body=g.LETTER_BODY,
        main_recipients="玉树藏族自治州林业和草原局",
        copy_to="县林业和草原局",
    )
    return g.Measured(printing.render_document(_issue(office, doc)))


class Table:
    """The measured rows of one document: element, the standard's figure, what was measured — all shown when
    one fails, so the failure reads like the issue's table."""

    def __init__(self, name: str):
        self.name, self.rows = name, []

    def near(self, element: str, standard: float, measured: float | None, tolerance: float = g.POSITION_MM):
        ok = measured is not None and abs(measured - standard) <= tolerance
        self.rows.append((ok, element, f"{standard:.1f} ±{tolerance}", "—" if measured is None else f"{measured:.1f}"))

    def true(self, element: str, standard: str, measured, ok: bool):
        self.rows.append((bool(ok), element, standard, str(measured)))

    def assert_all(self):
        failing = [row for row in self.rows if not row[0]]
        table = "\n".join(f"{'✓' if ok else '✗'} {e} | {std} | {m}" for ok, e, std, m in self.rows)
        if g.ARTEFACTS:  # the measured table beside the PNGs, for the issue's closing note
            folder = Path(g.ARTEFACTS)
            folder.mkdir(parents=True, exist_ok=True)
            rows = "\n".join(f"| {'✓' if ok else '✗'} | {e} | {std} | {m} |" for ok, e, std, m in self.rows)
            (folder / f"{self.name}.md").write_text(f"| | element | standard | measured |\n|---|---|---|---|\n{rows}\n")
        assert not failing, f"{self.name}: {len(failing)} of {len(self.rows)} checks fail\n{table}"


def _mark_top(m: g.Measured) -> float | None:
    """发文机关标志's upper edge: the ink of the red line of text above the 发文字号."""
    mark = m.find("杂多县人民政府", page=1)
    return g.ink_rows(m.content, 1, (mark.x0, mark.x1), (mark.top - 6, mark.bottom))[0]


def _page_number_dash(m: g.Measured, page: int) -> float | None:
    """页码's dash (一字线): the middle of its ink, on ``page``."""
    dashes = [w for w in m.words if w.page == page and w.text.startswith("—") and w.top > g.TEXT_BOTTOM]
    if not dashes:
        return None
    top, bottom = g.ink_rows(m.content, page, (dashes[0].x0, dashes[0].x1), (g.TEXT_BOTTOM, g.PAGE_H - 10))
    return (top + bottom) / 2


def _imprint_checks(t: Table, m: g.Measured, *, copy_to: bool):
    """版记 (GB/T 9704-2012 7.4): on the last page, an even one, its last rule on the 版心's bottom edge; 7.5: no
    number on a blank page before it or on the 版记 page after one."""
    last = m.pages
    black = [r for r in m.rules if r.page == last and r.colour in ((0.0,), (0.0, 0.0, 0.0), ())]
    t.true("版记 on an even last page (7.4)", "even", last, last % 2 == 0)
    t.near("版记 last rule: the 版心's bottom edge (7.4)", g.TEXT_BOTTOM, max((r.bottom for r in black), default=None))
    printed = m.find("杂多县人民政府办公室", page=last)
    first_rule = min((r.top for r in black), default=None)
    rows = 2 if copy_to else 1  # 抄送, then 印发机关和印发日期: one 7.5 mm row each, nothing between
    t.near(
        "版记 height: its rows and rules only",
        rows * 7.5 + 0.5,
        None if first_rule is None else g.TEXT_BOTTOM - first_rule,
        1.5,
    )
    t.near("印发机关 size 4号 (7.4.3)", 14, printed.size, g.SIZE_PT)
    body_pages = [p for p in range(1, last + 1) if any(w.size == 16 for w in m.lines_of(p))]
    if body_pages[-1] < last - 1:  # a blank page before the 版记 page
        for page in (last - 1, last):
            t.true(
                f"page {page} unnumbered (7.5)",
                "no 页码",
                _page_number_dash(m, page),
                _page_number_dash(m, page) is None,
            )


def _signoff_with_text(t: Table, m: g.Measured):
    """落款 (7.3.5): the signature and date share their page with the text's last line — never a page that
    would read 此页无正文."""
    date = next(w for w in m.words if w.text.startswith("2026年12月1日") and w.size == 16)
    text = [w for w in m.lines_of(date.page) if w.size == 16 and w.top < date.top - 2 * g.LINE + 1]
    t.true("落款 with the text's last line (7.3.5)", "≥ 1 line above", len(text), text)


def _heading_checks(t: Table, m: g.Measured):
    """结构层次序数 (7.3.3): 一级 黑体, 二级 楷体, never a heading as a page's last line."""
    for text, font in (("一、", "Sans"), ("（一）", "WenKai")):
        word = m.find(text)
        t.true(f"{text} heading font", font, word.font, font in word.font)
    for page in range(1, m.pages + 1):
        body = [w for w in m.lines_of(page) if w.size == 16 and w.top < g.TEXT_BOTTOM]
        if body:
            last = max(body, key=lambda w: w.top)
            heading = printing.paragraphs(last.text)[0].level > 0
            t.true(f"page {page} does not end on a heading", "text", last.text[:12], not heading)


def _one_font_per_line(t: Table, m: g.Measured):
    """Never two fonts within a run of body text (issue 11): every 3号 line of the body in one font."""
    lines: dict[tuple[int, float], set[str]] = {}
    for page, text, font, top, size in m.chars:
        if round(size) == 16 and text.strip() and 37 < top < g.TEXT_BOTTOM:
            lines.setdefault((page, round(top)), set()).add(font)
    # a heading run into its paragraph ("（一）明确责任。…") is the one place two fonts share a line
    # and the 签发人 line, its name in 楷体 (7.2.4)
    signer_lines = {(w.page, round(w.top)) for w in m.words if w.text.startswith("签发人")}
    mixed = {
        key: fonts for key, fonts in lines.items() if len(fonts - {m.heading_font(key)}) > 1 and key not in signer_lines
    }
    t.true("one font per line of text", "one", mixed or "one", not mixed)


def test_downward_notice_of_three_pages_measures_to_the_standard(notice):
    """[30(6)2] GB/T 9704-2012 下行文: 标志 35 mm below the 版心's top (7.2.3), title lines broken between words
    (7.3.1), headings (7.3.3), 页码 7 mm below the 版心 (7.5), the 版记 on page 4 though the text ends on page 3
    (7.4)."""
    m, t = notice, Table("通知")
    t.near("发文机关标志 top (7.2.3)", g.TEXT_TOP + 35, _mark_top(m))
    number = m.find("杂政〔")
    t.near("发文字号 centred (7.2.4)", g.TEXT_LEFT + g.TEXT_W / 2, (number.x0 + number.x1) / 2)
    title = [w.text for w in m.words if w.page == 1 and abs(w.size - 22) <= g.SIZE_PT]
    t.true(
        "title broken between words (7.3.1)",
        "…中央财政 / 衔接推进…",
        title,
        title == ["关于进一步加强2026年中央财政", "衔接推进乡村振兴补助资金管理的通知"],
    )
    t.true(
        "title lines balanced",
        "within 3 characters",
        title,
        len(title) == 2 and abs(len(title[0]) - len(title[1])) <= 3,
    )
    for page in range(1, m.pages):
        t.near(f"page {page} number dash 7 mm below the 版心 (7.5)", g.TEXT_BOTTOM + 7, _page_number_dash(m, page))
    ends = max(w.page for w in m.words if w.text.startswith("2026年12月1日") and w.size == 16)
    t.true("text ends on page 3", 3, ends, ends == 3)
    _imprint_checks(t, m, copy_to=True)
    t.true("版记 moved to page 4", 4, m.find("抄送").page, m.find("抄送").page == 4)
    _signoff_with_text(t, m)
    _heading_checks(t, m)
    _one_font_per_line(t, m)
    m.save_png("notice")
    t.assert_all()


def test_upward_request_with_signer_measures_to_the_standard(request_doc):
    """[30(6)2] GB/T 9704-2012 上行文: 标志 80 mm below the 版心's top (7.2.3); 发文字号 one character in from the
    left and 签发人 one in from the right, the name in 3号楷体 (7.2.4); body on the first page (7.3.2)."""
    m, t = request_doc, Table("请示")
    t.near("发文机关标志 top (7.2.3)", g.TEXT_TOP + 80, _mark_top(m))
    number, signer = m.find("杂政〔"), m.find("签发人")
    t.near("发文字号 one character in (7.2.4)", g.TEXT_LEFT + g.CHAR, number.x0)
    name = next(w for w in m.words if w.page == 1 and abs(w.top - signer.top) < 1 and w.x0 >= signer.x1 - 1)
    t.near("签发人 one character in from the right (7.2.4)", g.TEXT_LEFT + g.TEXT_W - g.CHAR, name.x1)
    t.true("签发人 name in 楷体 (7.2.4)", "楷体", name.font, "WenKai" in name.font or "Kai" in name.font)
    t.near("签发人 name 3号", 16, name.size, g.SIZE_PT)
    t.near("发文字号 and 签发人 on one line", number.top, signer.top, 0.5)
    to = m.find("玉树藏族自治州人民政府：")
    first_page_body = [w for w in m.lines_of(1) if w.top > to.bottom and w.size == 16]
    t.true("body on the first page (7.3.2)", "≥ 1 line", len(first_page_body), first_page_body)
    t.near("page 1 number dash 7 mm below the 版心 (7.5)", g.TEXT_BOTTOM + 7, _page_number_dash(m, 1))
    date, note = m.find("2026年12月1日"), m.find("（联系人")
    line = next(text for text in m.page_text_lines(note.page) if text.startswith("（联系人"))
    t.true(
        "附注 in brackets (7.3.7)",
        "（联系人：才让电话：0976-8812345）",
        line,
        line == "（联系人：才让电话：0976-8812345）",
    )
    t.near("附注 two characters in (7.3.7)", g.TEXT_LEFT + 2 * g.CHAR, note.x0)
    t.near("附注 on the line after the 成文日期 (7.3.7)", date.top + g.LINE, note.top)
    label = m.find("附件", page=date.page + 1)
    t.true("附件 on a page of its own after the 落款 (7.3.6)", date.page + 1, label.page, label.text == "附件")
    t.near("附件 at the 版心's left edge (7.3.6)", g.TEXT_LEFT, label.x0)
    t.near("附件 on the 版心's first line", g.TEXT_TOP + 2.3, label.top, 1.5)
    t.true("附件 in 黑体", "Sans", label.font, "Sans" in label.font)
    title = m.find("杂多县2026年春季草原防火经费测算表", page=label.page)
    t.near("attachment title centred on the second line", g.TEXT_LEFT + g.TEXT_W / 2, (title.x0 + title.x1) / 2)
    t.near("attachment title on the second line", label.top + g.LINE, title.top, 1.5)
    drawn = m.find("测算表：防火物资", page=label.page)
    t.true("the uploaded page drawn below them", "below the title", drawn.top, drawn.top > title.bottom)
    t.true("the uploaded page inside the 版心", "28–184", (drawn.x0, drawn.x1), drawn.x0 >= 28 and drawn.x1 <= 184)
    _imprint_checks(t, m, copy_to=False)
    _signoff_with_text(t, m)
    _one_font_per_line(t, m)
    m.save_png("request")
    t.assert_all()


def test_letter_measures_to_the_standard(letter):
    """[30(6)2] GB/T 9704-2012 10.1 信函格式: 标志 30 mm below the page edge, a red double line 4 mm under it and
    another 20 mm above the page's bottom, both 170 mm long and centred; no 印发 row and no rules in its 版记;
    no number on the first page."""
    m, t = letter, Table("函")
    t.near("发文机关标志 top 30 mm from the page edge (10.1)", 30, _mark_top(m))
    red = sorted((r for r in m.rules if r.page == 1 and r.colour and r.colour[0] > 0.5), key=lambda r: r.top)
    t.true("red double lines", "2", len(red), len(red) >= 2)
    if red:
        top_line, bottom_line = red[0], red[-1]
        mark = m.find("杂多县人民政府", page=1)
        mark_bottom = g.ink_rows(m.content, 1, (mark.x0, mark.x1), (mark.top, top_line.top - 0.3))[1]
        t.near("upper double line 4 mm under the 标志 (10.1)", mark_bottom + 4, top_line.top)
        t.near("upper double line 170 mm long", 170, top_line.x1 - top_line.x0)
        t.near("upper double line centred on the 版心", g.TEXT_LEFT + g.TEXT_W / 2, (top_line.x0 + top_line.x1) / 2)
        t.near("lower double line 20 mm above the page's bottom (10.1)", g.PAGE_H - 20, bottom_line.bottom)
        t.near("lower double line 170 mm long", 170, bottom_line.x1 - bottom_line.x0)
    t.true("one page: the 版记 fits under the text", 1, m.pages, m.pages == 1)
    copy_to = m.find("抄送")
    # its 7.5 mm line the 版心's last: the characters' middle 3.75 mm above the bottom edge
    t.near(
        "抄送 on the 版心's last line (10.1: 位于公文最后一面版心内最下方)",
        g.TEXT_BOTTOM - 3.75,
        (copy_to.top + copy_to.bottom) / 2,
        1.5,
    )
    t.true("no 印发 row (10.1)", "absent", "印发" in m.text_of(m.pages), "印发" not in m.text_of(m.pages))
    black = [r for r in m.rules if not (r.colour and r.colour[0] > 0.5)]
    t.true("no 版记 rules (10.1)", 0, len(black), not black)
    t.true("first page unnumbered (10.1)", "no 页码", _page_number_dash(m, 1), _page_number_dash(m, 1) is None)
    title = [w.text for w in m.words if abs(w.size - 22) <= g.SIZE_PT]
    t.true(
        "title broken between words (7.3.1)",
        "…2026年 / 春季…",
        title,
        title == ["关于同意协助做好2026年", "春季草原防火保障工作的函"],
    )
    _one_font_per_line(t, m)
    m.save_png("letter")
    t.assert_all()


def test_imprint_that_does_not_fit_an_even_last_page_goes_after_a_blank_page_neither_numbered(office, draft):
    """[30(6)2] GB/T 9704-2012 7.4/7.5: the text ends on page 2 with no room for the 版记, so page 3 is left
    blank and the 版记 closes page 4 on the 版心's bottom edge; 版记页前有空白页的，空白页和版记页均不编排页码."""
    paragraph = "各乡（镇）人民政府要建立资金使用台账，实行专账核算，做到账目清楚、手续完备、支出合规。"
    doc = draft(body="\n".join([paragraph] * 13), copy_to="县委办公室", flags=("touches_funds",))
    m, t = g.Measured(printing.render_document(_issue(office, doc))), Table("空白页")
    t.true("four pages", 4, m.pages, m.pages == 4)
    t.true("page 3 blank", "nothing", m.text_of(3), m.text_of(3) == "")
    for page in (1, 2):
        t.near(f"page {page} numbered (7.5)", g.TEXT_BOTTOM + 7, _page_number_dash(m, page))
    _imprint_checks(t, m, copy_to=True)
    _signoff_with_text(t, m)
    m.save_png("blank-page")
    t.assert_all()


STAND_IN_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
)


def test_a_licensed_fangsong_dropped_into_the_fonts_folder_is_embedded_for_the_text(settings, tmp_path, office, draft):
    """[30(6)2] GB/T 9704-2012 5.2.3 asks for 仿宋_GB2312, which no free package brings: a font file an
    administrator puts in ``PDF_FONTS_DIR`` is used by its own name. A free font renamed stands in for it."""
    from pathlib import Path

    from fontTools.ttLib import TTFont

    source = next((p for p in STAND_IN_FONTS if Path(p).exists()), None)
    if source is None:
        pytest.skip("no stand-in font file")
    font = TTFont(source)
    for record in font["name"].names:
        if record.nameID in (1, 4, 6, 16):
            record.string = "FangSong_GB2312"
    settings.PDF_FONTS_DIR = tmp_path / "fonts"
    doc = _issue(office, draft(body="2026年", copy_to=""))
    before = {font for _, _, font, _, _ in g.Measured(printing.render_document(doc)).chars}

    settings.PDF_FONTS_DIR.mkdir()
    font.save(settings.PDF_FONTS_DIR / "FangSong_GB2312.ttf")
    after = {font for _, _, font, _, _ in g.Measured(printing.render_document(doc)).chars}

    assert printing.official_fonts()["fangsong_font"] == "FangSong_GB2312"
    assert not any("FangSong" in f for f in before) and any("FangSong_GB2312" in f for f in after), after


def test_order_format_mark_20_mm_down_then_the_order_number_and_text_two_lines_apart(office, draft):
    """[30(6)2] GB/T 9704-2012 10.2 命令（令）格式: 标志 "发文机关全称＋令", its top 20 mm below the 版心's top; 令号
    two lines under it, the text two lines under the 令号; no title line and no red line."""
    doc = _issue(
        office,
        draft(
            doc_type="order", title="杂多县草原防火命令", body="为保护草原资源，现发布如下命令。", main_recipients=""
        ),
    )
    m, t = g.Measured(printing.render_document(doc)), Table("命令")
    t.true("标志 is the organ and 令", "杂多县人民政府令", m.find("杂多县人民政府").text, m.find("杂多县人民政府令"))
    t.near("标志 top 20 mm below the 版心 (10.2)", g.TEXT_TOP + 20, _mark_top(m))
    number, text = m.find("第"), m.find("为保护")
    t.true("令号", "第N号", number.text, number.text.startswith("第") and number.text.endswith("号"))
    t.near("令号 centred", g.TEXT_LEFT + g.TEXT_W / 2, (number.x0 + number.x1) / 2)
    t.near("text two lines under the 令号 (10.2)", number.top + 3 * g.LINE, text.top, 1.5)
    t.true(
        "no title line",
        "none",
        [w.text for w in m.words if abs(w.size - 22) <= g.SIZE_PT],
        not any(abs(w.size - 22) <= g.SIZE_PT for w in m.words),
    )
    red = [r for r in m.rules if r.colour and r.colour[0] > 0.5]
    t.true("no red line", 0, len(red), not red)
    m.save_png("order")
    t.assert_all()


def test_minutes_format_names_itself_in_the_mark_and_lists_who_attended(office, draft):
    """[30(6)2] GB/T 9704-2012 10.3 纪要格式: 标志 "XXXXX纪要" 35 mm below the 版心's top; 出席/请假/列席 in 黑体
    one line under the text, two characters in, the names in 仿宋 aligned after the colon; no 署名."""
    doc = _issue(
        office,
        draft(
            doc_type="minutes",
            title="杂多县人民政府常务会议纪要",
            body="会议研究了春季草原防火工作。",
            main_recipients="",
        ),
    )
    content = printing.render_document(doc, attendance=(("出席", "扎西　才让　格桑旺堆"), ("请假", "卓玛")))
    m, t = g.Measured(content), Table("纪要")
    t.true(
        "标志 is the minutes' name",
        "杂多县人民政府常务会议纪要",
        m.find("杂多县人民政府").text,
        m.find("杂多县人民政府常务会议纪要"),
    )
    t.near("标志 top 35 mm below the 版心 (10.3)", g.TEXT_TOP + 35, _mark_top(m))
    present, text = m.find("出席"), m.find("会议研究了")
    t.near("出席 two characters in (10.3)", g.TEXT_LEFT + 2 * g.CHAR, present.x0)
    t.near("出席 one line under the text", text.top + 2 * g.LINE, present.top, 1.5)
    t.true("出席 in 黑体", "Sans", present.font, "Sans" in present.font)
    line = next(text for text in m.page_text_lines(1) if text.startswith("出席"))
    t.true("names on one line after the colon", "出席：扎西才让格桑旺堆", line, line == "出席：扎西才让格桑旺堆")
    t.true("请假 on its own line", "请假", m.find("请假").top, m.find("请假").top > present.top + 5)
    t.true("no 署名", "absent", m.text_of(1).count("杂多县人民政府"), m.text_of(1).count("杂多县人民政府") == 1)
    m.save_png("minutes")
    t.assert_all()


def test_annotation_is_kept_out_of_the_rank_warning(office, draft):
    """附注 (GB/T 9704-2012 7.3.7) is its own field: the contact it names is not a person "written into" the
    document, so the rank warning [30(6)1] does not read it, as it did when drafters typed it into the body."""
    from documents.outgoing import wording
    from org.selectors import display_name

    contact = display_name(office["guikou2"])
    doc = draft(annotation=f"联系人：{contact}　电话：0976-8812345")
    assert doc.annotation == f"联系人：{contact}　电话：0976-8812345"
    assert wording.rank_warnings(f"{doc.check_text}\n（{doc.annotation}）"), "the contact ranks below 副科级"
    assert wording.rank_warnings(doc.check_text) == []


def test_run_in_headings_take_their_level_font_and_the_text_its_own(office, draft):
    """[30(6)2] GB/T 9704-2012 7.3.3: 第一层用黑体字、第二层用楷体字 — also when the heading runs into its paragraph
    ("（一）明确责任。各乡镇…"); the text after it stays in the text's font."""
    assert [(p.lead, p.lead_level) for p in printing.paragraphs("（一）明确责任。各乡镇要负总责。\n一、总体要求")] == [
        ("（一）明确责任。", 2),
        ("", 0),
    ]
    body = "一、加强领导。各乡镇要成立领导小组，主要负责同志亲自抓。\n（一）明确责任。各乡镇要负总责，逐级落实。"
    m = g.Measured(printing.render_document(_issue(office, draft(body=body))))
    fonts = {w.text: w.font for w in m.words}
    assert "Sans" in fonts["一、加强领导。"] and "WenKai" in fonts["（一）明确责任。"], fonts
    assert "Serif" in fonts["各乡镇要负总责，逐级落实。"], fonts
