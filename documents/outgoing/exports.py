"""发文登记簿 [30(5)] as Excel and PDF: the rows come from ``selectors.register_rows`` (visibility applied)."""

from __future__ import annotations

from itertools import islice

from django.utils import timezone
from openpyxl.styles import Alignment, Font

from core.pagination import keyset_batches
from ops import xlsx
from org.selectors import display_name

from .printing import chinese_date

XLSX_TYPE = xlsx.CONTENT_TYPE
MAX_ROWS = 20_000  # a county office numbers a few thousand documents a year; this is a guard, not a limit
# The register is read a batch at a time in its own order (series, number) within the year — each batch an
# index range read of ``outgoing_register`` — never one query for the whole year held in memory (issue 13).
BATCH = 1000


def register_batches(rows):
    """The register's rows (``selectors.register_rows``) in number order per series, ``BATCH`` per query, at
    most ``MAX_ROWS`` [30(5)]."""
    return islice(keyset_batches(rows, ("series_id", "serial"), size=BATCH), MAX_ROWS)


COLUMNS = [
    ("发文字号", 18),
    ("标题", 48),
    ("文种", 8),
    ("密级", 8),
    ("紧急程度", 8),
    ("主送机关", 30),
    ("业务归口", 12),
    ("拟稿人", 10),
    ("成文日期", 14),
    ("印数", 6),
    ("分发日期", 14),
    ("状态", 12),
]


MASKED_TITLE = "（涉密文件，无权查看题名）"


def row_values(doc) -> list:
    if not getattr(doc, "readable", True):
        # A classified entry this person may not read: its number and level, never a gap [30(5)], [32].
        return [doc.doc_number, MASKED_TITLE, "", doc.get_secret_level_display(), *[""] * (len(COLUMNS) - 4)]
    return [
        doc.doc_number,
        doc.title,
        doc.get_doc_type_display(),
        doc.get_secret_level_display() if doc.secret_level else "",
        doc.get_urgency_display() if doc.urgency else "",
        doc.main_recipients,
        doc.line.name,
        display_name(doc.drafter),
        chinese_date(doc.issue_date),
        doc.copies or "",
        chinese_date(timezone.localdate(doc.distributed_at)) if doc.distributed_at else "",
        doc.get_state_display(),
    ]


def register_xlsx(rows, year: int) -> bytes:
    """发文登记簿 as Excel, streamed (``ops.xlsx.write_only_workbook``) as the batches are read; the title column
    wraps. A title typed as "=…" stays text [30(5)]."""
    book = xlsx.write_only_workbook()
    widths = [width for _, width in COLUMNS]
    sheet = xlsx.write_only_sheet(book, f"{year}年发文登记簿", widths=widths, freeze_panes="A3")
    sheet.append([xlsx.cell_style(sheet, font=Font(bold=True, size=14))(f"杂多县人民政府办公室{year}年发文登记簿")])
    bold = xlsx.cell_style(sheet, font=Font(bold=True))
    sheet.append([bold(label) for label, _ in COLUMNS])
    wrapped = xlsx.cell_style(sheet, alignment=Alignment(wrap_text=True, vertical="top"))
    for doc in rows:
        values = row_values(doc)
        values[1] = wrapped(values[1])
        sheet.append(values)
    return xlsx.save(book)


def register_context(rows, year: int) -> dict:
    return {
        "year": year,
        "columns": [label for label, _ in COLUMNS],
        "rows": [row_values(doc) for doc in rows],
        "generated": timezone.localtime(),
    }


disposition = xlsx.disposition
