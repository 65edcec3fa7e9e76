"""Paper forms and registers of incoming documents: 文件批阅单, 退文单, 收文登记簿 (PDF and Excel)."""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from django.utils import timezone
from openpyxl.styles import Alignment, Font

from core.pagination import keyset_batches
from core.pdf import render_pdf
from ops import xlsx
from org.selectors import display_name

from .models import IncomingDocument, ReturnProposal
from .selectors import in_signing_order

REGISTER_COLUMNS = [
    ("收文流水号", 12),
    ("收文时间", 17),
    ("来文单位", 24),
    ("来文字号", 18),
    ("文件标题", 44),
    ("文种", 8),
    ("密级", 8),
    ("紧急程度", 8),
    ("份数", 6),
    ("页数", 6),
    ("类别", 10),
    ("状态", 14),
    ("办理期限", 12),
    ("登记人", 10),
]


def sheet_pdf(doc: IncomingDocument, *, pdf_variant: str | None = None) -> bytes:
    """文件批阅单: the header data and every opinion and signature in order [26(6)5]; PDF/A when filed [33]."""
    log = doc.log.select_related("actor__profile").order_by("at", "id")
    return render_pdf("incoming/pdf/sheet.html", sheet_context(doc, log=log), pdf_variant=pdf_variant)


def sheet_context(doc: IncomingDocument, *, log=None) -> dict:
    """What the 批阅单 prints: the readers in the real order they signed, with times, and who was passed over
    (越过) and read on return (补阅) [26(6)3], [26(6)5]; the opinion with who entered it (代录) [26(2)]."""
    return {"doc": doc, "readers": in_signing_order(doc), "log": log, "printed_at": timezone.localtime()}


def return_slip_pdf(doc: IncomingDocument, proposal: ReturnProposal) -> bytes:
    """退文单 with the ground and the approving office leader [29(3)]."""
    return render_pdf(
        "incoming/pdf/return_slip.html",
        {
            "doc": doc,
            "proposal": proposal,
            "proposer": display_name(proposal.proposed_by),
            "approver": display_name(proposal.decided_by) if proposal.decided_by else "",
            "printed_at": timezone.localtime(),
        },
    )


MASKED_TITLE = "（涉密文件，无权查看题名）"


def _row(doc: IncomingDocument) -> list:
    if not getattr(doc, "readable", True):
        # A classified entry this person may not read: its number, time, level and state — never a gap [32].
        masked = ["", "", MASKED_TITLE, "", doc.get_secret_level_display(), "", "", "", "", doc.get_state_display()]
        return [doc.serial_label, timezone.localtime(doc.received_at).strftime("%Y-%m-%d %H:%M"), *masked, "", ""]
    return [
        doc.serial_label,
        timezone.localtime(doc.received_at).strftime("%Y-%m-%d %H:%M"),
        doc.source_unit.name,
        doc.sender_number,
        doc.title,
        doc.get_doc_type_display(),
        doc.get_secret_level_display() if doc.secret_level else "",
        doc.get_urgency_display() if doc.urgency else "",
        doc.copies,
        doc.pages,
        doc.folder_label,
        doc.get_state_display(),
        timezone.localtime(doc.due_at).strftime("%Y-%m-%d") if doc.due_at else "",
        display_name(doc.registered_by) if doc.registered_by_id else "",
    ]


# The register is read a batch at a time by (收文时间, id) — an index range read per batch, however long the
# date range — instead of one query held open over the whole range (issue 13).
BATCH = 1000


def register_batches(rows):
    """The register's rows in the order received (收文时间, then id), ``BATCH`` per query [29(1)]."""
    return keyset_batches(rows, ("received_at", "id"), size=BATCH)


def register_pdf(rows, start: date, end: date) -> bytes:
    return render_pdf(
        "incoming/pdf/register.html",
        {
            "rows": [_row(doc) for doc in register_batches(rows)],
            "columns": [c for c, _ in REGISTER_COLUMNS],
            "start": start,
            "end": end,
            "printed_at": timezone.localtime(),
        },
    )


def register_xlsx_response(rows, start: date, end: date, filename: str) -> HttpResponse:
    """收文登记簿 as Excel, streamed (``ops.xlsx.write_only_workbook``) as the batches are read: a year's register
    runs to thousands of rows."""
    book = xlsx.write_only_workbook()
    widths = [width for _, width in REGISTER_COLUMNS]
    sheet = xlsx.write_only_sheet(book, "收文登记簿", widths=widths, freeze_panes="A3")
    title = xlsx.cell_style(sheet, font=Font(bold=True, size=14))
    header = xlsx.cell_style(sheet, font=Font(bold=True), alignment=Alignment(horizontal="center"))
    sheet.append([title(f"杂多县政府办公室收文登记簿（{start:%Y年%m月%d日}至{end:%Y年%m月%d日}）")])
    sheet.append([header(c) for c, _ in REGISTER_COLUMNS])
    for doc in register_batches(rows):
        sheet.append(_row(doc))
    return xlsx.response(book, filename)  # typed text stays text [29(1)]
