"""调研与文字综合 as an Excel register (ops.xlsx: formula injection neutralised) [4], [5]."""

from __future__ import annotations

from ops import xlsx
from org.selectors import display_name

HEAD = ["序号", "类别", "文稿类型", "题目", "交办领导", "负责人", "完成期限", "状态", "稿数", "登记时间", "采纳情况"]


def tasks_xlsx(qs):
    book = xlsx.workbook()
    sheet = book.active
    sheet.title = "调研与文字综合"
    sheet.append(HEAD)
    for i, t in enumerate(qs, start=1):
        sheet.append(
            [
                i,
                t.get_kind_display(),
                t.get_genre_display() if t.genre else "",
                t.title,
                display_name(t.leader),
                display_name(t.lead),
                t.due_on.isoformat(),
                t.get_state_display(),
                t.version_count,
                t.created_at.strftime("%Y-%m-%d"),
                (t.get_adoption_display() + (f"：{t.adoption_note}" if t.adoption_note else ""))
                if t.state == "closed"
                else "",
            ]
        )
    for column, width in zip("ABCDEFGHIJK", (6, 10, 12, 40, 12, 12, 12, 12, 6, 12, 30), strict=True):
        sheet.column_dimensions[column].width = width
    return xlsx.response(book, "调研与文字综合任务.xlsx")
