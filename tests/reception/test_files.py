"""公务接待's files [6]: the day's schedule and the 公务接待清单 as A4 PDFs (rendered to PNG to be looked at), the
monthly 公务接待台账 as Excel (formula injection neutralised), each through the visibility selector."""

from __future__ import annotations

import io
import os
import subprocess
from datetime import time
from pathlib import Path

from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from reception import services

from .factories import recorded, submitted


def _folder(tmp_path) -> Path:
    root = os.environ.get("DUTIES_SHOTS")
    folder = Path(root) / "reception" if root else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _png(content: bytes, folder: Path, name: str) -> None:
    (folder / f"{name}.pdf").write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-singlefile", str(folder / f"{name}.pdf"), str(folder / name)], check=True
    )
    assert (folder / f"{name}.png").stat().st_size > 1000


def test_the_schedule_and_the_record_print_as_a4_pdfs_6(client_as, office, tmp_path):
    """[6]: the schedule (time, item, place, who accompanies) and the 清单 with its total and the handler."""
    record = recorded(office)
    obj = record.reception
    client = client_as("guikou1")
    answer = client.get(reverse("reception:record_pdf", args=[obj.pk]))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(answer.content))
    page = reader.pages[0]
    assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842  # A4
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "")
    assert "公务接待清单" in text and "1240.50" in text and "郭宏伟" in text
    folder = _folder(tmp_path)
    _png(answer.content, folder, "record")
    assert client_as("fuxianzhang2").get(reverse("reception:record_pdf", args=[obj.pk])).status_code == 404


def test_the_days_schedule_pdf_6(client_as, office, tmp_path):
    from .factories import approved

    obj = approved(office)
    services.add_schedule_item(
        actor=office["guikou1"],
        pk=obj.pk,
        day=obj.arrive_on,
        start=time(9, 30),
        item="听取工作汇报",
        place="县政府三楼会议室",
        accompanied_by="副县长次仁顿珠",
    )
    answer = client_as("fuxianzhang1").get(reverse("reception:schedule_pdf", args=[obj.pk]))
    assert answer.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)
    assert "日程安排" in text and "听取工作汇报" in text and "09:30" in text
    _png(answer.content, _folder(tmp_path), "schedule")


def test_the_monthly_ledger_exports_to_excel_6(client_as, office):
    """[6]: 公务接待台账 for a month; a title typed as a formula stays text; only the office exports it."""
    submitted(office, title='=HYPERLINK("http://x")调研')
    answer = client_as("kezhang").get(reverse("reception:export"), {"month": "2026-09"})
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet["A1"].value == "2026年9月公务接待台账"
    assert sheet["C3"].value.startswith("=HYPERLINK") and sheet["C3"].data_type == "s"
    assert client_as("fuxianzhang1").get(reverse("reception:export")).status_code == 403
    assert client_as("kezhang").get(reverse("reception:export"), {"month": "abc"}).status_code == 400
