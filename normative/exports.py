"""规范性文件 registers as spreadsheets [13]: the 现行有效规范性文件目录 (everyone's) and the 登记簿 (the register's
readers: 法制科 and the leaders).

Saved by ``ops.xlsx``, the project's one Excel writer, so a title typed as ``=cmd|…`` stays text. The rows are
the views' — already narrowed by ``selectors.in_force`` / ``selectors.documents_visible_to``.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ops import xlsx

MAX_ROWS = 20000
BOLD = Font(bold=True)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = xlsx.disposition(filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def name_of(user) -> str:
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return getattr(profile, "full_name", "") or user.get_username()


def _sheet(book, title: str, sheet_title: str, headers: list[str], widths: list[int]):
    sheet = book.active
    sheet.title = sheet_title
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = CENTRE
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.row_dimensions[1].height = 28
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font, cell.alignment, cell.border = BOLD, CENTRE, BOX
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    return sheet


IN_FORCE_HEADERS = ["序号", "文件名称", "文号", "施行日期", "有效期至"]


def in_force_title(today: date) -> str:
    return f"杂多县现行有效规范性文件目录（截至{today.year}年{today.month}月{today.day}日）"


def in_force_xlsx(rows, *, today: date) -> bytes:
    """现行有效规范性文件目录: 序号, 文件名称, 文号, 施行日期, 有效期至 — as the county posts it [13]."""
    book = xlsx.workbook()
    sheet = _sheet(book, in_force_title(today), "现行有效目录", IN_FORCE_HEADERS, [6, 56, 22, 13, 13])
    for number, doc in enumerate(rows, start=1):
        sheet.append([number, doc.title, doc.doc_number, doc.effective_on, doc.valid_until])
        for cell in sheet[xlsx.last_row(sheet)]:
            cell.border, cell.alignment = BOX, WRAP
        for column in (4, 5):
            sheet.cell(row=xlsx.last_row(sheet), column=column).number_format = "yyyy-mm-dd"
    sheet.print_title_rows = "2:2"
    return xlsx.save(book)


REGISTER_HEADERS = [
    "登记号", "文件名称", "文号", "发文机关", "起草单位", "法制科审核意见", "审核人", "审核日期", "签发日期",
    "公布日期", "公布载体", "施行日期", "有效期至", "备案机关", "备案期限", "报送备案日期", "备案审查日期",
    "备案审查意见", "状态", "状态日期", "现行有效",
]  # fmt: skip
REGISTER_WIDTHS = [14, 40, 20, 18, 18, 40, 10, 12, 12, 12, 14, 12, 12, 24, 12, 12, 12, 30, 12, 12, 8]
DATE_COLUMNS = (8, 9, 10, 12, 13, 15, 16, 17, 20)


def register_xlsx(rows, *, title: str) -> bytes:
    """规范性文件登记簿: one line per document with its review, publication, filing and state [13]."""
    book = xlsx.workbook()
    sheet = _sheet(book, title, "登记簿", REGISTER_HEADERS, REGISTER_WIDTHS)
    for doc in rows:
        sheet.append(
            [
                doc.register_number,
                doc.title,
                doc.doc_number,
                doc.get_authority_display(),
                doc.drafting_unit,
                doc.legal_opinion,
                name_of(doc.legal_reviewed_by),
                doc.legal_reviewed_on,
                doc.signed_on,
                doc.published_on,
                doc.get_published_in_display() if doc.published_in else "",
                doc.effective_on,
                doc.valid_until,
                doc.filed_with,
                doc.filing_due,
                doc.filed_on,
                doc.filing_accepted_on,
                doc.filing_result,
                doc.get_state_display(),
                doc.state_on,
                "是" if getattr(doc, "in_force_now", False) else "否",
            ]
        )
        for cell in sheet[xlsx.last_row(sheet)]:
            cell.alignment = WRAP
        for column in DATE_COLUMNS:
            sheet.cell(row=xlsx.last_row(sheet), column=column).number_format = "yyyy-mm-dd"
    return xlsx.save(book)
