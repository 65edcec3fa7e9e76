"""行政复议与应诉 registers as spreadsheets [13]: 案件登记簿 (the private party masked for everyone but 法制科,
the header says so) and 行政许可项目目录 (the items in force, public). Saved by ``ops.xlsx`` (formula injection
neutralised)."""

from __future__ import annotations

from django.http import HttpResponse
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ops import xlsx

BOLD = Font(bold=True)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
MAX_ROWS = 20000


def download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = xlsx.disposition(filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _sheet(book, title: str, header: list[str], widths: list[int]):
    sheet = book.active
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(header)
    for cell in sheet[2]:
        cell.font, cell.alignment = BOLD, CENTRE
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    return sheet


def cases_xlsx(rows, *, today, masked: bool) -> bytes:
    """案件登记簿: the rows (``selectors`` decorated them with ``party``, ``late_days``) [13]."""
    book = xlsx.workbook()
    title = f"行政复议应诉案件登记簿（{today:%Y年%m月%d日}导出）"
    if masked:
        title += "（当事人个人信息已脱敏）"
    sheet = _sheet(
        book,
        title,
        ["序号", "案号", "类型", "申请人/原告", "身份证号码/代码", "联系电话", "行政行为", "部门", "收到副本日期",
         "答复/答辩期限", "提交日期", "开庭/听证", "状态", "结果", "结案日期", "承办人"],
        [6, 22, 18, 14, 22, 16, 40, 20, 12, 12, 12, 12, 10, 12, 12, 10],
    )  # fmt: skip
    sheet.title = "案件登记簿"
    for n, case in enumerate(rows, start=1):
        party = case.party
        handler = getattr(getattr(case.handler, "profile", None), "full_name", "") or case.handler.username
        state = case.get_state_display() + (f"（逾期{case.late_days}天）" if case.late_days else "")
        sheet.append(
            [
                n, case.number, case.get_kind_display(), party.name, party.id_number, party.phone, case.act,
                case.unit.name, case.received_on, case.reply_due_on, case.replied_on, case.hearing_on, state,
                case.get_outcome_display() if case.outcome else "", case.closed_on, handler,
            ]
        )  # fmt: skip
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            if hasattr(cell.value, "year"):
                cell.number_format = "yyyy-mm-dd"
    return xlsx.save(book)


def items_xlsx(rows, *, today) -> bytes:
    """行政许可项目目录: the items in force with their implementing department and basis [13]."""
    book = xlsx.workbook()
    sheet = _sheet(
        book,
        f"杂多县行政许可事项目录（{today:%Y年%m月%d日}）",
        ["序号", "事项编码", "事项名称", "设定依据", "实施部门", "状态", "决定文号", "决定日期"],
        [6, 16, 36, 50, 24, 8, 24, 12],
    )
    sheet.title = "行政许可事项目录"
    for n, item in enumerate(rows, start=1):
        sheet.append(
            [n, item.code, item.name, item.legal_basis, item.unit.name, item.get_state_display(),
             item.document_number, item.decided_on]
        )  # fmt: skip
        if item.decided_on:
            sheet.cell(row=xlsx.last_row(sheet), column=8).number_format = "yyyy-mm-dd"
    return xlsx.save(book)
