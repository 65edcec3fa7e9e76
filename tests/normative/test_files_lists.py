"""The chapter's files [13]: the 现行有效规范性文件目录 as a PDF a county posts (title row, 序号/文件名称/文号/施行日期/
有效期至, header repeated on every page, a CJK font embedded) and as Excel; the 登记簿 as Excel — each with only
what the person may read, a title typed as a formula kept as text."""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from .factories import LEGAL, from_outgoing, in_force_document, registered

pytestmark = pytest.mark.django_db
HEADERS = ["序号", "文件名称", "文号", "施行日期", "有效期至"]


def shots(tmp_path: Path) -> Path:
    root = os.environ.get("DUTIES_SHOTS")
    folder = Path(root) / "normative" if root else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pdf_text(content: bytes) -> tuple[str, int]:
    assert content.startswith(b"%PDF")
    reader = PdfReader(BytesIO(content))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font  # embedded
            fonts.add(str(font.get("/BaseFont")))
    text = "".join(page.extract_text() for page in reader.pages)
    return text.replace(" ", "").replace("\n", ""), len(reader.pages)


def render_png(content: bytes, path: Path, page_index: int = 0):
    """The page as a PNG (pypdfium2), to look at beside a county's posted list; returns the PIL image."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(content)
    image = document[page_index].render(scale=1.5).to_pil()
    image.save(path)
    return image


def test_the_in_force_pdf_is_the_list_a_county_posts_13(office, client_as, tmp_path):
    """[13]: title row, the five columns, one row per document in force — and nothing else."""
    in_force_document(office, title="杂多县草原生态保护补助奖励资金管理办法", doc_number="杂政〔2025〕30号")
    in_force_document(office, title="杂多县农村公路养护管理办法", doc_number="杂政办〔2025〕3号", authority="office")
    registered(office, title="尚未公布的办法")
    response = client_as("lianluo").get(reverse("normative:in_force_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text, _pages = pdf_text(response.content)
    assert "杂多县现行有效规范性文件目录（截至2026年11月16日）" in text
    for header in HEADERS:
        assert header in text
    assert "杂多县草原生态保护补助奖励资金管理办法" in text and "杂政〔2025〕30号" in text
    assert "杂政办〔2025〕3号" in text and "2026-01-01" in text and "2031-01-01" in text
    assert "尚未公布的办法" not in text and "共2件" in text
    image = render_png(response.content, shots(tmp_path) / "in-force-pdf.png").convert("L")
    width, height = image.size
    assert width < height  # A4 portrait
    # Ink in the title row (top quarter), white below the last row (the bottom third).
    top = image.crop((0, 0, width, height // 4))
    bottom = image.crop((0, height * 2 // 3, width, height - height // 10))
    assert top.getextrema()[0] < 100
    assert bottom.getextrema()[0] > 200


def test_a_long_list_repeats_its_header_on_every_page_13(office, client_as, tmp_path):
    """[13]: 60 documents run over pages; each page starts with 序号 … 有效期至."""
    for n in range(60):
        in_force_document(office, title=f"杂多县第{n + 1}号管理办法", doc_number=f"杂政〔2025〕{n + 1}号")
    content = client_as(LEGAL).get(reverse("normative:in_force_pdf")).content
    reader = PdfReader(BytesIO(content))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert "有效期至" in page.extract_text().replace(" ", "")
    render_png(content, shots(tmp_path) / "in-force-pdf-page-2.png", page_index=1)


def test_the_in_force_xlsx_has_the_same_rows_13(office, client_as):
    """[13]: Excel with the title row, the five columns and dates as dates; a formula-like title stays text."""
    in_force_document(office, title='=HYPERLINK("http://x","点击")', doc_number="杂政〔2025〕9号")
    response = client_as("lianluo").get(reverse("normative:in_force_xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert "现行有效规范性文件目录" in sheet["A1"].value
    assert [c.value for c in sheet[2]] == HEADERS
    row = [c.value for c in sheet[3]]
    assert row[0] == 1 and row[2] == "杂政〔2025〕9号"
    title = sheet["B3"]
    assert title.value == '=HYPERLINK("http://x","点击")'
    assert title.data_type == "s" and title.quotePrefix  # text, not a live formula (ops.xlsx)
    assert row[3].date().isoformat() == "2026-01-01" and row[4].date().isoformat() == "2031-01-01"


def test_the_register_xlsx_has_every_column_of_the_register_13_30(office, client_as):
    """[13][30(2)3]: 登记号, the review, publication, filing and state — as filtered on the page."""
    doc = from_outgoing(office)
    in_force_document(office, title="杂多县虫草采挖管理办法")
    response = client_as("zhuren").get(reverse("normative:register_xlsx") + "?state=registered")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    headers = [c.value for c in sheet[2]]
    for column in ("登记号", "文件名称", "文号", "法制科审核意见", "公布日期", "备案期限", "报送备案日期", "状态"):
        assert column in headers
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    assert len(rows) == 1
    values = dict(zip(headers, rows[0], strict=True))
    assert values["登记号"] == doc.register_number and values["文号"] == doc.doc_number
    assert values["法制科审核意见"] == "经审核，该文件符合法律法规规定，同意发布。"
    assert values["状态"] == "待公布"


def test_the_register_xlsx_is_refused_to_a_contact_and_to_staff_13(office, client_as):
    """[13]: the register is 法制科's and the leaders'."""
    for username in ("lianluo", "shoufa"):
        response = client_as(username).get(reverse("normative:register_xlsx"))
        assert response.status_code == 403, username


def test_bad_filters_on_the_files_are_chinese_400s_13(office, client_as):
    client = client_as(LEGAL)
    for url in (
        reverse("normative:register_xlsx") + "?year=abc",
        reverse("normative:in_force_xlsx") + "?authority=party",
        reverse("normative:in_force_pdf") + "?authority=party",
    ):
        response = client.get(url)
        assert response.status_code == 400 and "筛选条件不正确" in response.content.decode(), url
