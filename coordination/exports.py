"""协调事项登记簿 as a spreadsheet [9], saved by ``ops.xlsx`` (text typed as ``=…`` stays text). The office's only
(``rules.can_export``); the rows come through the one visibility selector."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from openpyxl.styles import Alignment, Font

from ops import xlsx

MAX_ROWS = 20000
BOLD = Font(bold=True)
WRAP = Alignment(vertical="top", wrap_text=True)
HEADERS = [("编号", 16), ("事项名称", 36), ("涉及单位", 30), ("来由", 14), ("状态", 12), ("经办人", 10),
           ("呈报领导", 10), ("报领导日期", 12), ("批示日期", 12), ("协调时限", 12), ("办理结果", 36)]  # fmt: skip


def download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = xlsx.disposition(filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _name(user) -> str:
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return getattr(profile, "full_name", "") or user.get_full_name() or user.username


def _day(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d}" if moment else ""


def register_xlsx(rows) -> bytes:
    book = xlsx.workbook()
    sheet = book.active
    sheet.title = "协调事项登记簿"
    sheet.append([h for h, _ in HEADERS])
    for cell in sheet[1]:
        cell.font = BOLD
    for index, (_, width) in enumerate(HEADERS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for m in rows:
        sheet.append(
            [
                m.number_label,
                m.title,
                "、".join(u.name for u in m.parties.all()),
                m.get_origin_display(),
                m.get_state_display(),
                _name(m.handler),
                _name(m.leader),
                _day(m.proposed_at),
                _day(m.decided_at),
                f"{m.due_on:%Y-%m-%d}" if m.due_on else "",
                m.result,
            ]
        )
        for cell in sheet[xlsx.last_row(sheet)]:
            cell.alignment = WRAP
    sheet.freeze_panes = "A2"
    return xlsx.save(book)
