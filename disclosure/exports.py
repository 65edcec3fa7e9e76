"""政务公开 registers as spreadsheets [36]: the yearly assessment's ranking with each criterion's points.

Saved by ``ops.xlsx``, the project's one Excel writer, so a unit name or note typed as ``=cmd|…`` stays text.
The office's only (``rules.can_export``); the rows are ``statistics.assessment_report``'s.
"""

from __future__ import annotations

from django.http import HttpResponse
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ops import xlsx

BOLD = Font(bold=True)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = xlsx.disposition(filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def assessment_xlsx(report) -> bytes:
    """考核结果: 名次, 单位, one column per criterion (with its maximum), 总分, 状态 [36]."""
    book = xlsx.workbook()
    sheet = book.active
    sheet.title = "考核结果"
    width = 4 + len(report.criteria)
    title = f"{report.year}年度政务公开工作考核结果"
    if report.scheme is not None:
        title += f"（{report.scheme.name}）"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append(["名次", "单位", *[f"{c.name}（{c.max_points}）" for c in report.criteria], "总分", "状态"])
    for cell in sheet[2]:
        cell.font, cell.alignment = BOLD, CENTRE
    for row in report.rows:
        sheet.append(
            [
                row.rank,
                row.unit_name,
                *[float(p) if p is not None else None for p in row.points],
                float(row.total),
                "已确认" if row.confirmed else "评分中",
            ]
        )
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 28
    for index in range(len(report.criteria) + 2):
        sheet.column_dimensions[get_column_letter(3 + index)].width = 14
    sheet.freeze_panes = "C3"
    return xlsx.save(book)


MAX_ROWS = 20000


def findings_xlsx(rows, *, title: str, today) -> bytes:
    """整改问题登记表: the findings the person may see, as the list filtered them (``views.findings``) [36]."""
    book = xlsx.workbook()
    sheet = book.active
    sheet.title = "整改问题"
    headers = [
        "序号",
        "检查",
        "单位",
        "存在问题",
        "整改要求",
        "整改期限",
        "状态",
        "报送时间",
        "整改情况",
        "验收",
        "逾期天数",
    ]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font, cell.alignment = BOLD, CENTRE
    for number, f in enumerate(rows, start=1):
        late = (today - f.due_on).days if f.is_overdue(today) else 0
        accepted = ""
        if f.state == "accepted":
            accepted = "按期" if f.on_time else "逾期"
        sheet.append(
            [
                number,
                f.inspection.title,
                f.unit.name,
                f.problem,
                f.rectification_asked,
                f.due_on,
                f.get_state_display(),
                f.reported_at.replace(tzinfo=None) if f.reported_at else None,
                f.rectification_report,
                accepted,
                late or None,
            ]
        )
    for index, width in enumerate([6, 28, 24, 40, 32, 12, 10, 18, 40, 8, 10], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    return xlsx.save(book)
