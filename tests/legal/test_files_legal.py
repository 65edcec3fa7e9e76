"""Files [13]: 案件登记簿 Excel masked for all but 法制科 (formula injection neutralised), 行政许可项目目录 Excel of
the items in force, the 案件登记表 PDF (rendered to PNG and looked at), case papers checked by core.uploads and
served only through the case's visibility, the admin masked."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from io import BytesIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from legal import services
from legal.models import CaseAttachment, LicensingStatus

from .factories import CONTACT, ID_NUMBER, LEGAL, PARTY, PHONE, case, item


def _cells(response) -> list[str]:
    book = load_workbook(BytesIO(response.content))
    return [str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None]


def test_the_case_register_export_is_masked_for_leaders_and_contacts_13(client_as, office):
    case(office)
    clear = _cells(client_as(LEGAL).get(reverse("legal:cases_xlsx")))
    assert PARTY in clear and ID_NUMBER in clear and PHONE in clear
    for username in ("zhuren", CONTACT):
        cells = _cells(client_as(username).get(reverse("legal:cases_xlsx")))
        text = " ".join(cells)
        assert PARTY not in text and ID_NUMBER not in text and PHONE not in text
        assert "已脱敏" in cells[0]


def test_a_formula_typed_into_a_case_stays_text_in_the_export_13(client_as, office):
    case(office, act='=HYPERLINK("http://x")')
    book = load_workbook(BytesIO(client_as(LEGAL).get(reverse("legal:cases_xlsx")).content))
    cell = next(c for row in book.active.iter_rows() for c in row if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"


def test_the_licensing_catalogue_export_lists_the_items_in_force_for_anyone_13(client_as, office):
    kept = item(office, name="建筑工程施工许可")
    gone = item(office, name="渔业捕捞许可")
    services.item_decide(
        actor=office[LEGAL], pk=gone.pk, status=LicensingStatus.CANCELLED, document_number="杂政〔2026〕8号",
        decided_on=date(2026, 9, 1), basis="不再实施",
    )  # fmt: skip
    cells = _cells(client_as("dazi").get(reverse("legal:items_xlsx")))
    assert kept.name in cells and gone.name not in cells
    page = client_as("dazi").get(reverse("legal:items")).content.decode()
    assert kept.name in page and gone.name not in page and "新增事项" not in page


def test_the_case_sheet_pdf_renders_masked_for_a_leader_13(client_as, office, tmp_path):
    c = case(office)
    response = client_as("zhuren").get(reverse("legal:case_pdf", args=[c.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "案号：杂政复〔2026〕11号" in text and "才***" in text and ID_NUMBER not in text and PARTY not in text
    folder = Path(os.environ.get("DUTIES_SHOTS", str(tmp_path))) / "legal"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case-sheet.pdf").write_bytes(client_as(LEGAL).get(reverse("legal:case_pdf", args=[c.pk])).content)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(folder / "case-sheet.pdf"), str(folder / "case-sheet")], check=True
    )
    assert list(folder.glob("case-sheet*.png"))


def test_case_papers_are_checked_and_served_through_the_cases_visibility_13(client_as, office):
    c = case(office)
    fake = SimpleUploadedFile("申请书.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    refused = client_as(LEGAL).post(
        reverse("legal:case_act", args=[c.pk, "attach"]), {"version": c.version, "kind": "papers", "files": fake}
    )
    assert refused.status_code == 400 and "文件内容与扩展名不符" in refused.content.decode()
    png = SimpleUploadedFile("申请书.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")
    assert (
        client_as(LEGAL)
        .post(reverse("legal:case_act", args=[c.pk, "attach"]), {"version": c.version, "kind": "papers", "files": png})
        .status_code
        == 302
    )
    paper = CaseAttachment.objects.get(case=c)
    url = reverse("legal:case_attachment", args=[c.pk, paper.pk])
    assert client_as(CONTACT).get(url).status_code == 200  # the department's own case
    assert client_as("kezhang").get(url).status_code == 404


def test_the_admin_shows_the_party_masked_even_to_a_superuser_13(client, office):
    from django.contrib.auth import get_user_model

    c = case(office)
    root = get_user_model().objects.create_superuser("root-legal", "root@example.com", "x")
    client.force_login(root)
    listing = client.get(reverse("admin:legal_case_changelist")).content.decode()
    assert c.number in listing and PARTY not in listing
    change = client.get(reverse("admin:legal_case_change", args=[c.pk])).content.decode()
    assert ID_NUMBER not in change and PHONE not in change and PARTY not in change
    assert client.get(reverse("admin:legal_case_changelist"), {"q": PARTY}).status_code == 200
