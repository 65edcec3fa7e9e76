"""政府工作报告任务分解: the year's task list read from the Excel sheet offices already keep — task, lead leader,
lead unit, assisting units, deadline — and registered as supervision items in one transaction [11], [37].

Every row is checked before anything is written: a leader who is not a 副县长, a unit the system does not know,
a date that is not one, a task left empty — each bad row is reported with its row number in the sheet, and then
nothing is imported. The rows that pass are registered through ``services.item_create`` (and started with
``services.item_start`` when asked), all inside one transaction: if the service refuses any of them, that row is
reported and the whole import rolls back — never half a list.

The template (``template_xlsx``) and the export of the same sheet with its status filled in
(``exports.work_report_xlsx``) share ``COLUMNS``, so what is exported can be corrected and read again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from zipfile import BadZipFile

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from core.actions import error_messages
from core.workflow import ActionRefused
from ops import xlsx
from org.models import Unit
from org.roles import Role

from . import rules, services
from .models import Source

SHEET = "任务分解"
MAX_ROWS = 2000  # a county's work report splits into a few hundred tasks
MAX_BYTES = 5 * 1024 * 1024
LIST_SEPARATORS = "、,，;；/\n"
TITLE_LENGTH = 60  # the task's first words are the item's name; the whole task is its text

# (header, other headers offices use for it, required)
TASK, LEADER, LEAD_UNIT, ASSISTING, DEADLINE, NUMBER = (
    "任务内容",
    "牵头领导",
    "牵头单位",
    "协办单位",
    "完成时限",
    "序号",
)
COLUMNS = {
    NUMBER: (("编号",), False),
    TASK: (("工作任务", "任务", "重点任务", "目标任务"), True),
    LEADER: (("牵头县领导", "责任领导", "分管县领导", "分管副县长"), False),
    LEAD_UNIT: (("牵头单位（部门）", "责任单位", "牵头部门"), True),
    ASSISTING: (("配合单位", "协办部门", "配合部门"), False),
    DEADLINE: (("完成时间", "时限", "办结时限", "完成期限"), True),
}
TEMPLATE_HEADER = [NUMBER, TASK, LEADER, LEAD_UNIT, ASSISTING, DEADLINE]
DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)


class SheetError(Exception):
    """The file cannot be read at all (not a workbook, no header): one message, nothing imported."""


@dataclass
class Row:
    number: int  # the row number in the sheet, as Excel shows it
    task: str
    leader: object | None
    lead_unit: Unit | None
    assisting: tuple = ()
    deadline: date | None = None


@dataclass
class Result:
    rows: list[Row] = field(default_factory=list)
    problems: list[tuple[int | None, str]] = field(default_factory=list)  # (row number, message)
    items: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def messages(self) -> list[str]:
        return [f"第{n}行：{m}" if n else m for n, m in self.problems]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u3000", " ").strip()


def _split(value) -> list[str]:
    parts = [_text(value)]
    for sep in LIST_SEPARATORS:
        parts = [piece for part in parts for piece in part.split(sep)]
    return [p.strip() for p in parts if p.strip()]


def parse_date(value) -> date | None:
    """A date cell, or text 2026-12-31, 2026/12/31, 2026.12.31, 2026年12月31日; None if it is none of these."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace(" ", "")
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return date(*(int(g) for g in match.groups()))
            except ValueError:
                return None
    return None


class _Names:
    """Units and deputy heads by the names a sheet uses (full name or short name), read once."""

    def __init__(self) -> None:
        self.units: dict[str, Unit] = {}
        for unit in Unit.objects.filter(is_active=True).order_by("pk"):
            for name in (unit.name, unit.short_name):
                if name:
                    self.units.setdefault(name.strip(), unit)
        User = get_user_model()
        deputies = User.objects.filter(
            is_active=True, groups__name__in=[Role.DEPUTY_HEAD.value, Role.EXECUTIVE_DEPUTY_HEAD.value]
        ).select_related("profile")
        self.leaders: dict[str, list] = {}
        for user in deputies.distinct():
            name = getattr(getattr(user, "profile", None), "full_name", "") or user.get_username()
            self.leaders.setdefault(name.strip(), []).append(user)


def _read_sheet(data: bytes):
    if not data:
        raise SheetError("上传的文件是空的。")
    if len(data) > MAX_BYTES:
        raise SheetError(f"文件过大（{len(data) / 1024 / 1024:.1f} MB），任务分解表不能超过 5 MB。")
    if not data.startswith(b"PK"):
        raise SheetError("文件不是 Excel 工作簿（.xlsx）。请用系统提供的模板填写，或另存为 .xlsx 后上传。")
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as exc:
        raise SheetError("无法读取该文件：它不是有效的 Excel 工作簿（.xlsx），或已损坏。") from exc
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        return list(sheet.iter_rows(max_row=MAX_ROWS + 12, values_only=True))
    finally:
        book.close()


def _header(rows) -> tuple[int, dict[str, int]]:
    """The header row (within the first ten: a sheet often has a title above it) and each column's position."""
    names = {alias: key for key, (aliases, _) in COLUMNS.items() for alias in (key, *aliases)}
    for index, row in enumerate(rows[:10]):
        found = {}
        for position, value in enumerate(row or ()):
            key = names.get(_text(value).replace("*", "").replace(" ", ""))
            if key and key not in found:
                found[key] = position
        if TASK in found and LEAD_UNIT in found:
            missing = [k for k, (_, required) in COLUMNS.items() if required and k not in found]
            if missing:
                raise SheetError(f"第{index + 1}行（表头）缺少列：{'、'.join(missing)}。请使用系统提供的模板。")
            return index, found
    raise SheetError("找不到表头：表格前十行中须有“任务内容”“牵头单位”“完成时限”等列。请使用系统提供的模板。")


def read(data: bytes) -> Result:
    """Every row checked; ``Result.problems`` lists each bad one by its row number [37]."""
    result = Result()
    rows = _read_sheet(data)
    start, columns = _header(rows)
    names = _Names()

    def cell(row, key):
        position = columns.get(key)
        return row[position] if position is not None and position < len(row) else None

    body = [(start + 2 + offset, row or ()) for offset, row in enumerate(rows[start + 1 :])]
    body = [(n, row) for n, row in body if any(_text(v) for v in row)]
    if len(body) > MAX_ROWS:
        raise SheetError(f"任务超过 {MAX_ROWS} 行，请分批导入。")
    if not body:
        raise SheetError("表格中没有任务：表头下面没有填写内容。")
    for number, row in body:
        problems = []
        task = _text(cell(row, TASK))
        if not task:
            problems.append("任务内容为空")
        elif len(task) > 4000:
            problems.append("任务内容过长（不超过4000字）")
        leader = None
        leader_name = _text(cell(row, LEADER))
        if leader_name:
            matches = names.leaders.get(leader_name, [])
            if not matches:
                problems.append(f"牵头领导“{leader_name}”不是系统中的副县长（牵头领导即分管副县长 [39]）")
            elif len(matches) > 1:
                problems.append(f"系统中有{len(matches)}位副县长名为“{leader_name}”，无法确定是哪一位")
            else:
                leader = matches[0]
        unit_name = _text(cell(row, LEAD_UNIT))
        lead_unit = names.units.get(unit_name) if unit_name else None
        if not unit_name:
            problems.append("牵头单位为空")
        elif lead_unit is None:
            problems.append(f"牵头单位“{unit_name}”不在系统的单位名录中")
        assisting = []
        for name in _split(cell(row, ASSISTING)):
            unit = names.units.get(name)
            if unit is None:
                problems.append(f"协办单位“{name}”不在系统的单位名录中")
            elif lead_unit is not None and unit.pk == lead_unit.pk:
                problems.append(f"“{name}”已是牵头单位，不能同时是协办单位")
            elif unit not in assisting:
                assisting.append(unit)
        raw_deadline = cell(row, DEADLINE)
        deadline = parse_date(raw_deadline)
        if not _text(raw_deadline) and not isinstance(raw_deadline, date):
            problems.append("完成时限为空")
        elif deadline is None:
            problems.append(f"完成时限“{_text(raw_deadline)}”不是日期（请写成 2026-12-31 或 2026年12月31日）")
        if problems:
            result.problems.append((number, "；".join(problems) + "。"))
        else:
            result.rows.append(Row(number, task, leader, lead_unit, tuple(assisting), deadline))
    return result


class _RollBack(Exception):
    pass


def import_tasks(*, actor, data: bytes, year: int, first_responsible, handler, start: bool = True) -> Result:
    """Read the sheet and, only if every row is good, register every task as an item of ``source`` 政府工作报告任务
    分解 in one transaction (and start tracking them when ``start``); otherwise import nothing [11], [37]."""
    if not rules.can_register(actor):
        raise ActionRefused("只有办公室督查人员可以导入政府工作报告任务分解 [37]。")
    try:
        result = read(data)
    except SheetError as error:
        return Result(problems=[(None, str(error))])
    if not result.ok:
        return result
    try:
        with transaction.atomic():
            for row in result.rows:
                item_data = services.ItemData(
                    source=Source.WORK_REPORT,
                    title=_title(row.task),
                    text=row.task,
                    first_responsible=first_responsible,
                    handler=handler,
                    lead_unit=row.lead_unit,
                    assisting_units=row.assisting,
                    deadline=row.deadline,
                    deputy_head=row.leader,
                    year=year,
                )
                try:
                    item = services.item_create(actor=actor, data=item_data)
                    if start:
                        item = services.item_start(actor=actor, pk=item.pk)
                except ValidationError as error:
                    result.problems.append((row.number, "；".join(error_messages(error))))
                    continue
                except ActionRefused as error:
                    result.problems.append((row.number, str(error)))
                    continue
                result.items.append(item)
            if result.problems:
                raise _RollBack
    except _RollBack:
        result.items = []
    return result


def _title(task: str) -> str:
    first = re.split(r"[。；;\n]", task, maxsplit=1)[0].strip()
    return first if len(first) <= TITLE_LENGTH else first[: TITLE_LENGTH - 1] + "…"


HEADER_FONT = Font(bold=True)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_FILL = PatternFill("solid", start_color="DCE6F1")


def style_header(sheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = HEADER_FONT
        cell.alignment = HEADER_ALIGNMENT
        cell.fill = HEADER_FILL


def template_xlsx(year: int) -> bytes:
    """The sheet to fill: the header the import reads, one example row, and a guide."""
    book = xlsx.workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(TEMPLATE_HEADER)
    style_header(sheet, 1)
    sheet.append(
        [
            1,
            "（示例，导入前请删除本行）完成县城集中供暖二期管网改造，年底前实现城区供暖全覆盖。",
            "（副县长姓名）",
            "（牵头单位全称或简称）",
            "（协办单位，多个用顿号分隔）",
            f"{year}-12-31",
        ]
    )
    for cell in sheet[2]:
        cell.font = Font(color="808080")
    for letter, width in zip("ABCDEF", (6, 60, 12, 24, 30, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    guide = book.create_sheet("说明")
    for line in (
        [f"{year}年政府工作报告任务分解导入说明"],
        ["1. 在“任务分解”工作表中每行填写一项任务；表头不要改动，可在表头上方加标题行。"],
        ["2. 任务内容、牵头单位、完成时限必填；牵头领导填副县长姓名（即分管副县长，依据第三十九条）。"],
        ["3. 单位名称须与系统单位名录一致（全称或简称）；协办单位多个时用顿号“、”分隔。"],
        ["4. 完成时限写成 2026-12-31 或 2026年12月31日，也可使用 Excel 日期格式。"],
        ["5. 导入时逐行检查：有任何一行不符合要求，系统列出行号和原因，整张表都不导入，改正后重新上传。"],
    ):
        guide.append(line)
    guide["A1"].font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 100
    return xlsx.save(book)
