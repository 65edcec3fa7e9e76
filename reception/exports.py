"""公务接待台账 (monthly) as a spreadsheet [6], through ``ops.xlsx`` (formula injection neutralised)."""

from __future__ import annotations

from django.http import HttpResponse
from openpyxl.styles import Alignment, Font

from ops import xlsx
from org.selectors import display_name

BOLD = Font(bold=True)
HEAD = [
    "序号",
    "类型",
    "名称",
    "来访单位",
    "公函文号",
    "人数",
    "陪同",
    "到达",
    "离开",
    "接待领导",
    "预计费用",
    "实际费用",
    "状态",
    "经办人",
]
WIDTHS = [6, 10, 36, 24, 18, 8, 8, 12, 12, 12, 12, 12, 16, 10]


def download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = xlsx.disposition(filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def ledger_xlsx(rows, year: int, month: int) -> bytes:
    book = xlsx.workbook()
    sheet = book.active
    sheet.title = "公务接待台账"
    sheet.append([f"{year}年{month}月公务接待台账"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEAD))
    sheet.append(HEAD)
    for cell in sheet[2]:
        cell.font, cell.alignment = BOLD, Alignment(horizontal="center")
    for index, obj in enumerate(rows, start=1):
        record = getattr(obj, "record", None) if hasattr(obj, "record") else None
        sheet.append(
            [
                index,
                obj.get_kind_display(),
                obj.title,
                obj.visiting_unit,
                obj.letter_number,
                obj.visitor_count,
                obj.accompany_count,
                obj.arrive_on,
                obj.leave_on,
                display_name(obj.receiving_leader) if obj.receiving_leader_id else "",
                float(obj.estimated_cost),
                float(record.total) if record is not None else None,
                obj.get_state_display(),
                display_name(obj.handler),
            ]
        )
    for i, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.freeze_panes = "A3"
    return xlsx.save(book)
