"""协调事项's papers [9]: the printable 协调事项呈批单 through core.pdf (every font embedded, rendered to PNG to look
at) and the register as Excel (formula injection neutralised)."""

from __future__ import annotations

import os
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from coordination import services

from . import factories

pytestmark = pytest.mark.django_db


def test_the_paper_before_the_leader_9(office, client_as, tmp_path):
    """[9]: 协调事项呈批单 — the matter, the parties, the talks, the proposal and the leader's 批示."""
    matter = factories.decided(office)
    response = client_as("guikou2").get(reverse("coordination:pdf", args=[matter.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "").replace("\n", "")
    for words in ("协调事项呈批单", matter.number_label, "测试乡人民政府", "办公室处理意见", "同意办公室意见"):
        assert words in text, words
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor").get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    folder = Path(os.environ.get("ZADUO_PDF_ARTEFACTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "coordination.pdf").write_bytes(response.content)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(folder / "coordination.pdf"), str(folder / "coordination")])


def test_the_register_as_excel_keeps_formulas_as_text_9(office, client_as):
    """[9]: 协调事项登记簿; a title typed as a formula stays text; a contact may not export."""
    factories.registered(office, title="=cmd|' /C calc'!A0")
    matter = factories.closed(office)
    response = client_as("zhuren").get(reverse("coordination:export"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "编号"
    titles = [r[1] for r in rows[1:]]
    assert matter.title in titles
    formula = next(row[1] for row in sheet.iter_rows(min_row=2) if str(row[1].value).startswith("="))
    assert formula.data_type == "s" and formula.quotePrefix  # text, never run as a formula
    assert client_as("lianluo").get(reverse("coordination:export")).status_code == 403


def test_the_register_follows_the_filters_9(office, client_as):
    a = factories.registered(office)
    services.matter_withdraw(actor=office["zhuren"], pk=a.pk, reason="撤销")
    factories.registered(office, title="另一件")
    response = client_as("zhuren").get(reverse("coordination:export"), {"state": "withdrawn"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.max_row == 2
