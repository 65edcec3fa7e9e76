"""督查 registers as spreadsheets [11], [12], [37], [40]: the work-report task list with each task's status filled
in, the statistics the office's assessment of units uses, and the yearly summary of proposals per unit.

Every row comes through ``selectors.items_visible_to`` (the callers pass what it gave them): a unit contact's
export holds their unit's items only, a classified item only for those who may see it [31], [32], [40]. Saved by
``ops.xlsx``, the project's one Excel writer, so a task typed as ``=HYPERLINK(…)`` stays text.
"""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, Subquery
from django.http import HttpResponse
from django.utils import timezone
from openpyxl.styles import Alignment, Font

from ops import xlsx
from org.selectors import display_name

from .imports import (
    ASSISTING,
    DEADLINE,
    HEADER_ALIGNMENT,
    HEADER_FILL,
    HEADER_FONT,
    LEAD_UNIT,
    LEADER,
    NUMBER,
    SHEET,
    TASK,
    style_header,
)
from .models import TRACKED_STATES, AssistingUnit, Feedback, State
from .statistics import lead_name

MAX_ROWS = 20000


def download(content: bytes, filename: str) -> HttpResponse:
    """A workbook saved by ``ops.xlsx`` as a download: never cached, never sniffed into something else."""
    response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = xlsx.disposition(filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


RED = Font(color="C00000", bold=True)


def _title(sheet, text: str, width: int) -> None:
    sheet.append([text])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)


def _widths(sheet, widths) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def _append(sheet, values: list) -> int:
    """Append a row and return its number. (``sheet.max_row`` scans every cell: per row, it made a 20,000-row
    export quadratic.)"""
    sheet.append(values)
    return sheet._current_row


WRAP = Alignment(vertical="top", wrap_text=True)


def _wrap(sheet, row: int, width: int) -> None:
    for column in range(1, width + 1):  # not ``sheet[row]``: that too scans every cell for the last column
        sheet.cell(row, column).alignment = WRAP


# --- the work-report task list with status [11], [37] ----------------------------------------------------------

WORK_REPORT_HEADER = [
    NUMBER,
    TASK,
    LEADER,
    LEAD_UNIT,
    ASSISTING,
    DEADLINE,
    "督查编号",
    "状态",
    "是否逾期",
    "最新进展",
    "办结时间",
]


def status_note(item, today) -> str:
    if item.state in TRACKED_STATES and item.deadline and item.deadline < today:
        return "逾期未办结"
    if item.state == State.DONE:
        return "按期办结" if item.on_time else "逾期办结"
    return ""


def work_report_rows(items):
    """The items with what the sheet shows, in three queries whatever their number."""
    latest = Feedback.objects.filter(item=OuterRef("pk"), withdrawn_at__isnull=True).order_by("-recorded_at", "-id")
    return (
        items.select_related("lead_unit", "lead_section", "deputy_head__profile")
        .prefetch_related(Prefetch("assisting", queryset=AssistingUnit.objects.select_related("unit").order_by("id")))
        .annotate(latest_progress=Subquery(latest.values("text")[:1]))
        .order_by("serial", "id")[:MAX_ROWS]
    )


WORK_REPORT_WIDTHS = (6, 56, 10, 22, 26, 12, 17, 10, 11, 40, 12)


def work_report_xlsx(items, *, year: int) -> bytes:
    """The same sheet the import reads, with each task's status: what the office hands the leaders [11], [37].
    Streamed (``ops.xlsx.write_only_workbook``): a year's work report runs to thousands of tasks at bench scale,
    every cell of them wrapped."""
    today = timezone.localdate()
    book = xlsx.write_only_workbook()
    sheet = xlsx.write_only_sheet(book, SHEET, widths=WORK_REPORT_WIDTHS, freeze_panes="A2")
    header = xlsx.cell_style(sheet, font=HEADER_FONT, alignment=HEADER_ALIGNMENT, fill=HEADER_FILL)
    wrapped = xlsx.cell_style(sheet, alignment=WRAP)
    wrapped_day = xlsx.cell_style(sheet, alignment=WRAP, number_format="yyyy-mm-dd")
    wrapped_red = xlsx.cell_style(sheet, alignment=WRAP, font=RED)
    sheet.append([header(value) for value in WORK_REPORT_HEADER])
    for position, item in enumerate(work_report_rows(items), start=1):
        note = status_note(item, today)
        sheet.append(
            [
                wrapped(position),
                wrapped(item.text),
                wrapped(display_name(item.deputy_head) if item.deputy_head_id else ""),
                wrapped(lead_name(item)),
                wrapped("、".join(a.unit.name for a in item.assisting.all())),
                wrapped_day(item.deadline),
                wrapped(item.number_label),
                wrapped(item.get_state_display()),
                (wrapped_red if note.startswith("逾期") else wrapped)(note),
                wrapped(item.latest_progress or ""),
                wrapped(timezone.localtime(item.done_at).strftime("%Y-%m-%d") if item.done_at else ""),
            ]
        )
    sheet.append([])
    sheet.append(
        [
            f"{year}年政府工作报告任务分解落实情况，导出时间 {timezone.localtime():%Y-%m-%d %H:%M}；"
            "依据第十一、三十七、四十条。"
        ]
    )
    return xlsx.save(book)


# --- the statistics [11] ------------------------------------------------------------------------------------

FIGURE_HEADER = ["按期办结", "逾期办结", "逾期未办结", "未到期", "合计", "按期办结率"]


def _figure_row(label, f) -> list:
    return [label, f.on_time, f.late_done, f.overdue, f.not_due, f.total, f.rate]


def statistics_xlsx(stats, *, scope: str = "") -> bytes:
    """The statistics page as a workbook: one sheet per table, the same figures [11], [40]."""
    book = xlsx.workbook()
    sheet = book.active
    sheet.title = "按单位"
    width = len(FIGURE_HEADER) + 1
    _title(sheet, f"{stats.year}年督查事项办理情况（按牵头单位）{scope}", width)
    sheet.append(["牵头单位", *FIGURE_HEADER])
    style_header(sheet, 2)
    for f in stats.units:
        sheet.append(_figure_row(f.label, f))
    sheet.append(_figure_row("合计", stats.total))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.append([])
    sheet.append(["按期办结率 = 按期办结 ÷（已办结 + 逾期未办结）；只计已督办的事项（不含未立项、已撤销）[11][40]。"])
    _widths(sheet, (30, 10, 10, 11, 9, 8, 12))

    for title, label, rows in (
        ("按来源", "来源", stats.sources),
        ("按首办责任人", "首办责任人", stats.leaders),
        ("按分管副县长", "分管副县长", stats.deputies),
    ):
        sheet = book.create_sheet(title)
        _title(sheet, f"{stats.year}年督查事项办理情况（{title}）", width)
        sheet.append([label, *FIGURE_HEADER])
        style_header(sheet, 2)
        for f in rows:
            sheet.append(_figure_row(f.label, f))
        _widths(sheet, (26, 10, 10, 11, 9, 8, 12))

    sheet = book.create_sheet("逾期事项")
    _title(sheet, f"{stats.year}年逾期事项及原因", 9)
    sheet.append(
        ["督查编号", "事项名称", "牵头单位", "首办责任人", "办结时限", "情况", "逾期天数", "逾期原因", "原因报送日期"]
    )
    style_header(sheet, 2)
    for late in stats.late_items:
        item = late.item
        row = _append(
            sheet,
            [
                item.number_label,
                item.title,
                lead_name(item),
                display_name(item.first_responsible),
                item.deadline,
                "逾期未办结" if late.overdue else "逾期办结",
                late.days,
                late.reason or "（未说明）",
                late.reason_on,
            ],
        )
        sheet.cell(row, 5).number_format = "yyyy-mm-dd"
        sheet.cell(row, 9).number_format = "yyyy-mm-dd"
        _wrap(sheet, row, 9)
    _widths(sheet, (17, 36, 22, 11, 12, 11, 9, 44, 13))
    return xlsx.save(book)


# --- proposals' yearly summary per unit [12] --------------------------------------------------------------------

PROPOSAL_HEADER = [
    "承办单位",
    "建议",
    "提案",
    "合计",
    "已答复",
    "按期答复",
    "满意",
    "基本满意",
    "不满意",
    "二次办理",
    "未答复",
]


def proposal_summary_xlsx(summary) -> bytes:
    book = xlsx.workbook()
    sheet = book.active
    sheet.title = "建议提案办理汇总"
    _title(sheet, f"{summary.year}年人大代表建议、政协提案办理情况汇总（按主办单位）", len(PROPOSAL_HEADER))
    sheet.append(PROPOSAL_HEADER)
    style_header(sheet, 2)
    for row in [*summary.units, summary.total]:
        sheet.append(
            [
                row.label,
                row.suggestions,
                row.proposals,
                row.total,
                row.answered,
                row.answered_on_time,
                row.satisfied,
                row.basically,
                row.dissatisfied,
                row.second_round,
                row.unanswered,
            ]
        )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.append([])
    sheet.append(
        ["按期答复：答复函日期不晚于答复期限（自交办之日起三个月）；满意度以代表、委员最近一轮的评价计 [12]。"]
    )
    _widths(sheet, (30, 7, 7, 7, 8, 9, 7, 9, 8, 9, 8))
    return xlsx.save(book)
