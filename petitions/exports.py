"""信访 spreadsheets [47]–[50]: the case register (信访登记簿) and the monthly report's tables.

Saved by ``ops.xlsx``, the project's one Excel writer, so a 事由 typed as ``=HYPERLINK(…)`` stays text. The
register leaves the office on a USB stick more easily than a page does, so its personal data is MASKED for
everyone, the petition staff included (issue 19: lists, search results and exports are masked), and its header
says so; the people come through ``selectors.petitioners_masked_for_cases`` and names through ``mask_name``.
The report holds no personal data at all.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from openpyxl.styles import Alignment, Font, PatternFill

from ops import xlsx

from .identity import mask_name
from .models import Case
from .selectors import petitioners_masked_for_cases
from .statistics import Figures, PeriodStatistics

MAX_ROWS = 20000
CHUNK = 500  # case ids per petitioner query: a bounded IN list on every database
MASKED_NOTE = "本表中信访人的姓名、身份证号码、电话、住址均已隐去（《个人信息保护法》），完整信息请在系统中依权限查看。"

BOLD = Font(bold=True)
RED = Font(color="C00000", bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
WRAP = Alignment(vertical="top", wrap_text=True)


def download(content: bytes, filename: str) -> HttpResponse:
    """A workbook saved by ``ops.xlsx`` as a download: never cached, never sniffed into something else."""
    response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = xlsx.disposition(filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _title(sheet, text: str, width: int) -> None:
    sheet.append([text])
    sheet.cell(sheet._current_row, 1).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=sheet._current_row, start_column=1, end_row=sheet._current_row, end_column=width)


def _header(sheet, values: list) -> None:
    sheet.append(values)
    row = sheet._current_row
    for column in range(1, len(values) + 1):
        cell = sheet.cell(row, column)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _widths(sheet, widths) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


# --- the register (信访登记簿) ------------------------------------------------------------------------------

REGISTER_HEADER = [
    "序号",
    "信访编号",
    "收到日期",
    "信访形式",
    "信访人（已隐去）",
    "人数",
    "身份证号码（已隐去）",
    "联系电话（已隐去）",
    "住址（已隐去）",
    "问题属地",
    "信访事项分类",
    "信访事由",
    "集体访",
    "重复信访",
    "越级信访",
    "办理方式",
    "责任单位",
    "受理告知期限",
    "办理期限",
    "状态",
    "信访人评价",
    "息诉罢访",
]


REGISTER_WIDTHS = (6, 18, 11, 10, 16, 6, 22, 14, 18, 18, 14, 36, 7, 8, 8, 10, 20, 12, 12, 9, 10, 8)
REGISTER_FIELDS = ("id", "number", "received_at", "channel", "head_count", "township__name", "category", "title",
                   "is_group", "is_repeat", "is_skip_level", "handling", "unit__name", "accept_due", "handle_due",
                   "state", "satisfaction", "outcome_settled")  # fmt: skip
TITLE_FONT = Font(bold=True, size=14)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _labels(name: str) -> dict:
    """A field's choice labels by value, made once per export (``get_FOO_display`` rebuilt this dict on every
    call, five times per row; the register's rows are plain values now)."""
    return {value: str(label) for value, label in Case._meta.get_field(name).flatchoices}


def register_xlsx(cases, *, label: str) -> bytes:
    """The register of ``cases`` (a queryset through ``cases_visible_to``), oldest first, personal data masked;
    a fixed number of queries per ``CHUNK`` cases. Streamed (``ops.xlsx.write_only_workbook``): a month can hold
    thousands of cases, and a normal workbook kept every cell as an object and walked them all again to save."""
    book = xlsx.write_only_workbook()
    width = len(REGISTER_HEADER)
    sheet = xlsx.write_only_sheet(book, "信访登记簿", widths=REGISTER_WIDTHS, freeze_panes="C4")
    title = xlsx.cell_style(sheet, font=TITLE_FONT)
    note = xlsx.cell_style(sheet, font=RED)
    header = xlsx.cell_style(sheet, font=BOLD, fill=HEADER_FILL, alignment=HEADER_ALIGNMENT)
    day = xlsx.cell_style(sheet, number_format="yyyy-mm-dd")
    sheet.append([title(f"{label}信访登记簿")])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append([note(MASKED_NOTE)])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet.append([header(value) for value in REGISTER_HEADER])
    # The columns it prints as plain values, in one query: a month's cases as model instances, each with its
    # township, unit and handler, cost more than writing them.
    rows = list(cases.order_by("received_at", "id").values(*REGISTER_FIELDS)[:MAX_ROWS])
    channels, categories, handlings, states, satisfactions = map(
        _labels, ("channel", "category", "handling", "state", "satisfaction")
    )
    people: dict[int, list] = {}
    for start in range(0, len(rows), CHUNK):
        people.update(petitioners_masked_for_cases([c["id"] for c in rows[start : start + CHUNK]]))
    for position, case in enumerate(rows, start=1):
        shown = people.get(case["id"], [])
        reps = [p for p in shown if p.is_representative] or shown

        def joined(values):
            return "、".join(v for v in values if v)

        sheet.append(
            [
                position,
                case["number"],
                day(timezone.localtime(case["received_at"]).date()),
                channels.get(case["channel"], case["channel"]),
                joined(mask_name(p.name) for p in reps),
                case["head_count"],
                joined(p.id_number for p in reps),
                joined(p.phone for p in reps),
                joined(p.address for p in reps),
                case["township__name"] or "",
                categories.get(case["category"], case["category"]),
                case["title"],
                "是" if case["is_group"] else "",
                "是" if case["is_repeat"] else "",
                "是" if case["is_skip_level"] else "",
                handlings.get(case["handling"], case["handling"]) if case["handling"] else "",
                case["unit__name"] or "",
                day(case["accept_due"]),
                day(case["handle_due"]),
                states.get(case["state"], case["state"]),
                satisfactions.get(case["satisfaction"], case["satisfaction"]) if case["satisfaction"] else "",
                "是" if case["outcome_settled"] else "",
            ]
        )
    sheet.append([])
    more = f"（仅导出前{MAX_ROWS}件，请缩小期间）" if len(rows) >= MAX_ROWS else ""
    exported = f"导出时间 {timezone.localtime():%Y-%m-%d %H:%M}"
    sheet.append([f"共{len(rows)}件{more}；{exported}；依据第四十八条：来信来访一律登记。"])
    return xlsx.save(book)


# --- the monthly report (信访工作月报) ---------------------------------------------------------------------------

COUNT_HEADER = ["件数", "人次", "集体访", "重复信访", "越级信访"]
RATE_HEADER = [
    "件数",
    "按期告知",
    "逾期告知",
    "超期未告知",
    "按期受理告知率",
    "按期办结",
    "逾期办结",
    "超期未办结",
    "按期办结率",
]


def _count_row(label: str, f: Figures) -> list:
    return [label, f.total, f.people, f.group, f.repeat, f.skip_level]


def _rate_row(label: str, f: Figures) -> list:
    return [
        label,
        f.total,
        f.accept_on_time,
        f.accept_late,
        f.accept_overdue,
        f.accept_rate,
        f.handle_on_time,
        f.handle_late,
        f.handle_overdue,
        f.handle_rate,
    ]


def report_xlsx(s: PeriodStatistics) -> bytes:
    """The statistics page as a workbook: 概况, then one sheet per table, the late cases and the incidents —
    the same figures, no personal data [47]–[50]."""
    label = s.period.label
    book = xlsx.workbook()
    sheet = book.active
    sheet.title = "概况"
    _title(sheet, f"{label}信访工作情况", 2)
    t = s.total
    for name, value in (
        ("登记信访件（件）", t.total),
        ("来访人次", t.people),
        ("集体访（件）", t.group),
        ("重复信访（件）", t.repeat),
        ("越级信访（件）", t.skip_level),
        ("不予受理（件）", s.refused),
        ("按期受理告知率", t.accept_rate),
        ("按期办结率", t.handle_rate),
        ("超期件（件）", s.late_count),
        ("息诉罢访（件）", s.settled),
        ("信访突发事件（起）", s.incident_count),
        ("突发事件涉及人数", s.incident_people),
        *((f"信访人评价：{name}（件）", n) for name, n in s.satisfaction),
    ):
        sheet.append([name, value])
    sheet.append([])
    sheet.append(["按期率 = 按期 ÷（按期 + 逾期 + 超期未完成）；未到期的不计。本表不含信访人个人信息。"])
    _widths(sheet, (30, 14))

    for title, first, rows in (("按信访形式", "信访形式", s.channels), ("按属地", "问题属地", s.townships)):
        sheet = book.create_sheet(title)
        _title(sheet, f"{label}信访件（{title}）", len(COUNT_HEADER) + 1)
        _header(sheet, [first, *COUNT_HEADER])
        for f in rows:
            sheet.append(_count_row(f.label, f))
        sheet.append(_count_row("合计", t))
        _widths(sheet, (22, 8, 8, 8, 10, 10))

    for title, first, rows in (("按分类", "信访事项分类", s.categories), ("按责任单位", "责任单位", s.units)):
        sheet = book.create_sheet(title)
        _title(sheet, f"{label}信访件办理情况（{title}）", len(RATE_HEADER) + 1)
        _header(sheet, [first, *RATE_HEADER])
        for f in rows:
            sheet.append(_rate_row(f.label, f))
        sheet.append(_rate_row("合计", t))
        _widths(sheet, (24, 7, 9, 9, 11, 14, 9, 9, 11, 12))

    if s.months:
        sheet = book.create_sheet("按月份")
        _title(sheet, f"{label}各月登记件数", 2)
        _header(sheet, ["月份", "件数"])
        for month, n in enumerate(s.months, start=1):
            sheet.append([f"{month}月", n])

    sheet = book.create_sheet("超期件")
    _title(sheet, f"{label}超期信访件", 7)
    _header(sheet, ["信访编号", "分类", "属地", "责任单位", "情况", "期限", "超期天数"])
    for x in s.late_cases:
        sheet.append([x.number, x.category, x.township, x.unit, x.kind, x.due, x.days])
        sheet.cell(sheet._current_row, 6).number_format = "yyyy-mm-dd"
    if s.late_count > len(s.late_cases):
        sheet.append([])
        sheet.append(
            [f"共{s.late_count}件超期，此处列出期限最早的{len(s.late_cases)}件；其余请按月份导出或在系统中查看。"]
        )
    _widths(sheet, (20, 16, 22, 22, 12, 12, 10))

    sheet = book.create_sheet("突发事件")
    _title(sheet, f"{label}信访突发事件 [49]", 4)
    _header(sheet, ["发生时间", "地点", "人数", "关联信访件"])
    for i in s.incidents:
        sheet.append([timezone.localtime(i.occurred_at).strftime("%Y-%m-%d %H:%M"), i.place, i.people, i.case_number])
    _widths(sheet, (18, 36, 8, 20))
    return xlsx.save(book)
