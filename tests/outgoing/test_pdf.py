"""The paper forms of 发文: the document in the national layout (GB/T 9704-2012) [30(6)2] and the
公文处理单 [30(1)], with a real, embedded Chinese font."""

from __future__ import annotations

import subprocess

import pytest
from django.urls import reverse

from documents.outgoing import services
from documents.outgoing.printing import chinese_date, paragraphs
from org.selectors import display_name
from tests import requires

from .conftest import ALL_GATES, to_numbering

pytestmark = pytest.mark.django_db


def _text(tmp_path, content: bytes, name: str) -> tuple[str, str]:
    path = tmp_path / name
    path.write_bytes(content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return fonts, text


def _issued(draft, office, **kwargs):
    doc = services.outgoing_number(actor=office["dazi"], pk=to_numbering(draft(**kwargs)).pk)
    doc = services.outgoing_sign_proof(actor=office["guikou2"], pk=doc.pk)
    return services.outgoing_print(actor=office["dazi"], pk=doc.pk, copies=40)


def test_date_in_arabic_numerals_without_padding():
    """GB/T 9704-2012 7.3.5: 成文日期用阿拉伯数字将年、月、日标全，月、日不编虚位."""
    import datetime

    assert chinese_date(datetime.date(2026, 3, 5)) == "2026年3月5日"


def test_short_numbered_lines_are_headings_and_long_ones_are_text():
    assert [p.level for p in paragraphs("一、总体要求\n（一）各乡镇要负总责，主要负责同志为第一责任人。\n正文。")] == [
        1,
        0,
        0,
    ]


@requires.poppler
def test_final_document_pdf_has_the_national_layout_and_an_embedded_cjk_font(client_as, draft, office, tmp_path):
    """[30(6)2] 发文机关标志, 发文字号, title, 主送, body, 附件说明, 署名, 成文日期, 版记 (抄送, 印发机关和
    印发日期) and page numbers "— 1 —"."""
    doc = _issued(draft, office, copy_to="县委办公室，县人大常委会办公室")
    response = client_as("shoufa").get(reverse("outgoing:document_pdf", args=[doc.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    fonts, text = _text(tmp_path, response.content, "doc.pdf")
    embedded = [line for line in fonts.splitlines()[2:] if "CJK" in line]
    assert embedded and all(" yes " in line for line in embedded), fonts
    flat = "".join(text.split())
    for expected in (
        "杂多县人民政府文件",
        doc.doc_number,
        doc.title,
        "各乡（镇）人民政府，县政府各部门：",
        "杂多县人民政府",
        chinese_date(doc.issue_date),
        "抄送：县委办公室，县人大常委会办公室。",
        "杂多县人民政府办公室",
        "印发",
        "—1—",
    ):
        assert expected in flat, expected
    assert "样稿" not in flat


@requires.poppler
def test_upward_document_shows_the_signer(client_as, draft, office, tmp_path):
    """GB/T 9704-2012 7.2.4: 上行文 (a 请示 to the prefecture) print 签发人 beside the number."""
    doc = _issued(draft, office, doc_type="request", main_recipients="玉树藏族自治州人民政府")
    _, text = _text(
        tmp_path, client_as("guikou2").get(reverse("outgoing:document_pdf", args=[doc.pk])).content, "up.pdf"
    )
    signer = display_name(office["xianzhang"])
    assert f"签发人：{signer}" in "".join(text.split())  # 报送州政府 → the county head signs [30(3)1]


@requires.poppler
def test_unnumbered_draft_renders_as_a_marked_proof(client_as, draft, tmp_path):
    """Before numbering the layout can be previewed, marked 样稿 with the number left blank [30(5)]."""
    doc = draft()
    _, text = _text(
        tmp_path, client_as("guikou2").get(reverse("outgoing:document_pdf", args=[doc.pk])).content, "d.pdf"
    )
    assert "样" in text and "稿" in text  # the diagonal 样稿 mark (rotated, so read letter by letter)
    assert "杂政〔" in text and "〕 号" in text  # the number left blank


@requires.poppler
def test_processing_sheet_carries_drafter_reviewers_gates_signers_and_dates(client_as, draft, office, tmp_path):
    """[30(1)] 公文处理单: 拟稿人、核稿人姓名和日期; [30(2)] each gate with the reviewer who checked it."""
    doc = services.outgoing_submit(actor=office["guikou2"], pk=draft().pk)
    services.outgoing_review(actor=office["fuzhuren"], pk=doc.pk, gates=ALL_GATES, opinion="同意送签")
    services.outgoing_sign(actor=office["fuxianzhang1"], pk=doc.pk, opinion="同意印发")
    fonts, text = _text(
        tmp_path, client_as("guikou2").get(reverse("outgoing:sheet_pdf", args=[doc.pk])).content, "s.pdf"
    )
    flat = "".join(text.split())
    assert "CJK" in fonts
    drafter, reviewer, signer = (display_name(office[key]) for key in ("guikou2", "fuzhuren", "fuxianzhang1"))
    for expected in (
        "公文处理单",
        drafter,
        reviewer,
        "核稿",
        "同意送签",
        "☑行文关",
        "☑定密关",
        f"{reviewer}逐项勾选签名",
        signer,
        "同意印发",
    ):
        assert expected in flat, expected
