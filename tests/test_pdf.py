"""PDFs carry a real, embedded Chinese font — or are refused with a plain message, never boxes."""

from __future__ import annotations

import subprocess

import pytest

from core.pdf import PdfFontMissing, pdf_response, render_pdf
from tests import requires


@requires.poppler
def test_pdf_embeds_a_cjk_font(tmp_path, settings):
    pdf = render_pdf("pdf/sample.html", {"title": "文件批阅单", "rows": [("来文单位", "玉树州人民政府")]})
    path = tmp_path / "sample.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts, fonts
    embedded = [line for line in fonts.splitlines()[2:] if "CJK" in line]
    assert all(" yes " in line for line in embedded), fonts
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "玉树州人民政府" in text


def test_pdf_is_refused_without_a_cjk_font(settings):
    settings.PDF_CJK_FONT_FAMILIES = ["No Such Font SC"]
    with pytest.raises(PdfFontMissing, match="fonts-noto-cjk"):
        render_pdf("pdf/sample.html", {"title": "x", "rows": []})


def test_pdf_response_keeps_a_chinese_file_name():
    response = pdf_response(b"%PDF-1.7", "文件批阅单.pdf", inline=False)
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == "attachment; filename*=UTF-8''%E6%96%87%E4%BB%B6%E6%89%B9%E9%98%85%E5%8D%95.pdf"
    )
