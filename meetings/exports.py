"""议定事项 as a spreadsheet [37], [40]: what, which meeting, who is responsible, by when, where it stands.

Saved by ``ops.xlsx``, the project's one Excel writer: a decision or a 落实情况 typed as ``=HYPERLINK(…)``
stays text in whoever opens the file.
"""

from __future__ import annotations

from django.utils import timezone
from openpyxl.styles import Alignment, Font, PatternFill

from ops import xlsx
from org.selectors import display_name

from .models import DecisionState

XLSX_TYPE = xlsx.CONTENT_TYPE
MAX_ROWS = 20000  # a register of years; more than this is a job for the database, not a spreadsheet
disposition = xlsx.disposition

HEADER = [
    "序号",
    "会议",
    "会议日期",
    "议定事项",
    "责任单位/科室",
    "责任领导",
    "办结时限",
    "状态",
    "是否逾期",
    "办结时间",
    "落实情况",
]


def decision_row(d, today) -> list:
    meeting = d.meeting
    open_ = d.state in (DecisionState.OPEN, DecisionState.TRACKED)
    if open_:
        late = "逾期" if d.due_date < today else ""
    elif d.state == DecisionState.DONE:
        late = "" if d.on_time else "逾期办结"
    else:
        late = ""
    units = "、".join([u.name for u in d.units.all()] + [s.name for s in d.sections.all()])
    return [
        d.position,
        meeting.number_label
        if meeting.secret_level == 0
        else f"{meeting.number_label}（{meeting.get_secret_level_display()}）",
        timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d"),
        d.text,
        units,
        display_name(d.leader),
        d.due_date.strftime("%Y-%m-%d"),
        d.get_state_display(),
        late,
        timezone.localtime(d.done_at).strftime("%Y-%m-%d") if d.done_at else "",
        d.result,
    ]


def decisions_xlsx(decisions) -> bytes:
    today = timezone.localdate()
    book = xlsx.workbook()
    sheet = book.active
    sheet.title = "会议议定事项"
    sheet.append([f"会议议定事项（导出时间 {timezone.localtime():%Y-%m-%d %H:%M}）"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(HEADER)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        cell.fill = PatternFill("solid", start_color="DCE6F1")
    red = Font(color="C00000", bold=True)
    for d in decisions:
        sheet.append(decision_row(d, today))
        if sheet.cell(sheet.max_row, 9).value:
            sheet.cell(sheet.max_row, 9).font = red
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.append([])
    sheet.append(["依据规章第十五、三十七、三十九、四十条：议定事项明确责任单位、责任领导和办结时限，按期办结并反馈。"])
    for letter, width in zip("ABCDEFGHIJK", (6, 26, 11, 48, 22, 10, 11, 9, 9, 11, 36), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A3"
    return xlsx.save(book)
