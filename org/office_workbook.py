"""The office workbook: one Excel file that describes the office (人员、科室、职务、业务归口、单位).

The app offers it as a template (``build_template()``; with ``current=True`` filled with the office as it is,
so a later change is made by editing that and importing it again) and reads it back (``read_workbook``) for
``org.office_import``. Columns are found by their header, so a county may reorder them; every header of the
template must be there, so a missing column can never be read as "empty" and wipe what it holds (a column added
to the template later is ``optional``: when absent it is not read at all, and what it holds stays).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from zipfile import BadZipFile

from django.contrib.auth import get_user_model
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from ops import xlsx

from .models import BusinessLine, Position, Profile, Rank, SecretLevel, Section, Unit, UnitKind
from .roles import Role

User = get_user_model()

GUIDE = "说明"
PEOPLE = "人员"
SECTIONS = "科室"
POSITIONS = "职务"
LINES = "业务归口"
UNITS = "单位"
DATA_SHEETS = (PEOPLE, SECTIONS, POSITIONS, LINES, UNITS)

MAX_ROWS = 2000  # per sheet; an office has a few hundred rows at most
LIST_SEPARATORS = "、,，;；/ \n\u3000"  # several roles or usernames in one cell: 科长、归口人员
YES, NO = "是", "否"

# What each role does, for the 说明 sheet (REGULATION.md's role table, 第十五条).
ROLE_DUTIES = {
    Role.COUNTY_HEAD: "最终签发县政府公文 [30(3)1]；阅批文件",
    Role.EXECUTIVE_DEPUTY_HEAD: "签发链中县长之前会签 [30(3)1]",
    Role.DEPUTY_HEAD: "分管业务归口；审核、签发分管范围的公文 [30(3)]；审批重大督查事项 [39]",
    Role.OFFICE_DIRECTOR: "主持办公室全面工作 [15(1)]；签发以办公室名义的公文 [30(3)2]；批假 [51][54]",
    Role.DEPUTY_DIRECTOR: "分管科室和业务归口 [15(2)]；其中一人分管文秘，提出拟办、传阅意见 [26(2)]",
    Role.SECTION_CHIEF: "科室负责人；法制科审核规范性文件 [30(2)3]",
    Role.REGISTRY_CLERK: "签收、登记、编号、分发、催办、立卷公文 [26]–[29]",
    Role.LINE_STAFF: "承办本归口的文件；起草发文 [30(1)]",
    Role.TYPIST: "发文编号、缮印 [30(5)]",
    Role.DUTY_OFFICER: "值班 [41]–[43]",
    Role.PETITION_RECEPTIONIST: "信访接待 [47]–[50]",
    Role.ARCHIVIST: "立卷归档、档案管理 [33][34]",
    Role.INFORMATION_OFFICER: "收集、筛选、编辑、报送政务信息，每周报省、州各不少于 2 条 [44]–[46]",
    Role.DISCLOSURE_OFFICER: "协调指导各乡镇、各部门政务公开，定期检查、考核 [35][36]",
    Role.UNIT_CONTACT: (
        "乡镇、部门的联络员（办公室以外）：只查看、报送本单位的事项 [36][40][46][48]；单位在后台人员档案中填写"
    ),
}
UNIT_KIND_ARTICLES = {
    UnitKind.SUPERIOR: "上级来文，按第二十六条办理 [26]",
    UnitKind.COUNTY_ORGAN: "按上级来文办理 [27]",
    UnitKind.PEER: "按上级来文办理 [27]",
    UnitKind.TOWNSHIP: "下级来文，按第二十八条办理 [28]",
    UnitKind.DEPARTMENT: "下级来文 [28]",
    UnitKind.COUNTY_UNIT: "下级来文 [28]",
}


class WorkbookError(Exception):
    """The file is not a workbook this app can read (not .xlsx, damaged, empty)."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    width: int = 14
    note: str = ""
    choices: tuple[str, ...] = ()  # a drop-down list
    strict: bool = True  # False: the list helps, other entries are allowed (several roles, a code)
    ref: str = ""  # a drop-down from another sheet's column: "科室!B"
    optional: bool = False  # added later: a workbook made from an older template may lack it (nothing changes)


def _labels(choices) -> tuple[str, ...]:
    return tuple(str(label) for _, label in choices)


COLUMNS: dict[str, tuple[Column, ...]] = {
    PEOPLE: (
        Column(
            "username",
            "用户名",
            required=True,
            width=16,
            note="登录账号：字母、数字及 @ . + - _。再次导入时按用户名找到本人，请勿改动。",
        ),
        Column("full_name", "姓名", required=True, width=12),
        Column("section", "科室", width=14, note="“科室”表中的科室名称（或代码）。", ref=f"{SECTIONS}!B", strict=False),
        Column("position", "职务", width=14, note="“职务”表中的职务名称。", ref=f"{POSITIONS}!A"),
        Column(
            "roles",
            "角色",
            width=22,
            note="可填多个，用“、”隔开，如：科长、归口人员。可选角色见“说明”表。",
            choices=tuple(role.value for role in Role),
            strict=False,
        ),
        Column(
            "clearance",
            "涉密等级",
            width=10,
            note="可阅办的最高密级 [31][32]；留空即非密。",
            choices=_labels(SecretLevel.choices),
        ),
        Column(
            "secretarial",
            "分管文秘",
            width=10,
            note="分管文秘的办公室副主任填“是”，全办只能一人 [26(1)]。",
            choices=(YES, NO),
        ),
        Column("email", "电子邮箱", width=24, note="接收提醒邮件；可留空。"),
        Column("phone", "电话", width=16),
        Column("inactive", "停用", width=8, note="填“是”即停用该账号（不删除）；留空或“否”为在用。", choices=(YES, NO)),
        Column(
            "work_started_on",
            "参加工作时间",
            width=14,
            note="按工龄核定带薪年休假天数 [54]：填年月日（如 2008-07-01）或年月（2008-07）；留空即未登记。",
            optional=True,
        ),
    ),
    SECTIONS: (
        Column(
            "code",
            "代码",
            required=True,
            width=20,
            note="系统规定的科室代码，见“说明”表；再次导入时按代码对应。",
            choices=tuple(Section.Code.values),
        ),
        Column("name", "名称", required=True, width=16),
        Column(
            "leader",
            "分管办公室领导",
            width=18,
            note="分管本科室的办公室主任或副主任的用户名 [15(2)]；本科室人员请假、出差先向其报告 [54]。",
            ref=f"{PEOPLE}!A",
            strict=False,
        ),
    ),
    POSITIONS: (
        Column("name", "职务名称", required=True, width=18, note="人员表“职务”列引用此名称。"),
        Column(
            "rank",
            "职级",
            required=True,
            width=14,
            note="发文中提及副科级以下人员时提示 [30(6)1]。",
            choices=_labels(Rank.choices),
        ),
    ),
    LINES: (
        Column(
            "code", "代码", required=True, width=20, note="英文字母、数字、“-”或“_”，如 finance；再次导入时按代码对应。"
        ),
        Column("name", "归口名称", required=True, width=16),
        Column(
            "deputy_head", "分管副县长", width=16, note="副县长或常务副县长的用户名。", ref=f"{PEOPLE}!A", strict=False
        ),
        Column(
            "deputy_director",
            "分管副主任",
            width=16,
            note="办公室副主任的用户名 [15(2)]。",
            ref=f"{PEOPLE}!A",
            strict=False,
        ),
        Column("staff", "归口人员", width=26, note="归口人员的用户名，多个用“、”隔开；须有“归口人员”角色。"),
        Column("description", "说明", width=30),
    ),
    UNITS: (
        Column("name", "单位名称", required=True, width=34, note="全称；再次导入时按名称对应。"),
        Column("short_name", "简称", width=18),
        Column(
            "kind",
            "单位类别",
            required=True,
            width=22,
            note="决定来文按哪一条办理 [26]–[28]，见“说明”表。",
            choices=_labels(UnitKind.choices),
        ),
        Column("inactive", "停用", width=8, note="填“是”即不再在选单中出现（不删除）。", choices=(YES, NO)),
    ),
}


# --- reading ------------------------------------------------------------------------------------------------


@dataclass
class SheetRow:
    """One filled row of a data sheet: its Excel row number and its cells by column key, as text."""

    sheet: str
    number: int
    values: dict[str, str]
    letters: dict[str, str] = field(repr=False)

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")


@dataclass
class SheetProblem:
    sheet: str
    row: int | None
    column: str  # header, "" for the sheet as a whole
    letter: str
    message: str


@dataclass
class ReadWorkbook:
    rows: dict[str, list[SheetRow]]
    problems: list[SheetProblem]


def cell_text(value) -> str:
    """A cell as the text a person typed: numbers without ".0", dates as 2026-01-31, spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


def split_list(text: str) -> list[str]:
    """``科长、归口人员`` → [科长, 归口人员]; any of the usual separators, empty parts dropped."""
    parts = [text]
    for sep in LIST_SEPARATORS:
        parts = [piece for part in parts for piece in part.split(sep)]
    return [part.strip() for part in parts if part.strip()]


def _header_text(value) -> str:
    return cell_text(value).replace("*", "").replace("＊", "").strip()


def read_workbook(data: bytes) -> ReadWorkbook:
    """The data sheets' filled rows, or the problems that keep them from being read (missing sheet or column)."""
    if not data:
        raise WorkbookError("上传的文件是空的。")
    if not data.startswith(b"PK"):
        raise WorkbookError("文件不是 Excel 工作簿（.xlsx）。请用系统提供的模板填写后另存为 .xlsx 再上传。")
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as exc:
        raise WorkbookError("无法读取该文件：它不是有效的 Excel 工作簿（.xlsx），或已损坏。") from exc
    try:
        return _read(workbook)
    finally:
        workbook.close()


def _read(workbook) -> ReadWorkbook:
    result = ReadWorkbook(rows={sheet: [] for sheet in DATA_SHEETS}, problems=[])
    for sheet in DATA_SHEETS:
        if sheet not in workbook.sheetnames:
            result.problems.append(
                SheetProblem(sheet, None, "", "", f"缺少工作表“{sheet}”：请使用系统提供的模板（工作表名不要改）。")
            )
            continue
        rows = workbook[sheet].iter_rows(values_only=True)
        header = next(rows, None) or ()
        position = {}
        for index, value in enumerate(header):
            text = _header_text(value)
            if text and text not in position:
                position[text] = index
        columns = COLUMNS[sheet]
        missing = [column.header for column in columns if column.header not in position and not column.optional]
        columns = tuple(column for column in columns if column.header in position)  # an absent optional one: unread
        if missing:
            result.problems.append(
                SheetProblem(
                    sheet,
                    1,
                    "、".join(missing),
                    "",
                    f"第1行（表头）缺少列：{'、'.join(missing)}。请使用系统提供的模板，表头不要改。",
                )
            )
            continue
        letters = {column.key: get_column_letter(position[column.header] + 1) for column in columns}
        for number, values in enumerate(rows, start=2):
            cells = {
                column.key: cell_text(values[position[column.header]]) if position[column.header] < len(values) else ""
                for column in columns
            }
            if not any(cells.values()):
                continue  # blank rows between entries are harmless
            if number > MAX_ROWS + 1:
                result.problems.append(
                    SheetProblem(sheet, number, "", "", f"行数超过上限（每表 {MAX_ROWS} 行）。请检查是否误填了大量行。")
                )
                break
            result.rows[sheet].append(SheetRow(sheet, number, cells, letters))
    return result


# --- writing --------------------------------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", start_color="DCE6F1")
REQUIRED_FILL = PatternFill("solid", start_color="F4CCCC")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)


def _put(ws, row: int, column: int, value):
    return ws.cell(row=row, column=column, value=value)  # ops.xlsx.save keeps typed "=…" as text


def _data_sheet(workbook, sheet: str, rows: list[list]) -> None:
    ws = workbook.create_sheet(sheet)
    columns = COLUMNS[sheet]
    for index, column in enumerate(columns, start=1):
        cell = _put(ws, 1, index, column.header)
        cell.font = BOLD
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        if column.note:
            cell.comment = Comment(("必填。" if column.required else "") + column.note, "杂多县政府办公室")
        ws.column_dimensions[get_column_letter(index)].width = column.width
        area = f"{get_column_letter(index)}2:{get_column_letter(index)}{MAX_ROWS + 1}"
        formula = ""
        if column.choices:
            formula = '"' + ",".join(column.choices) + '"'
        elif column.ref:
            ref_sheet, ref_column = column.ref.split("!")
            formula = f"'{ref_sheet}'!${ref_column}$2:${ref_column}${MAX_ROWS + 1}"
        if formula:
            validation = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                showErrorMessage=column.strict,
                errorTitle="不在可选范围内",
                error="请从下拉列表中选择。",
            )
            ws.add_data_validation(validation)
            validation.add(area)
    for number, values in enumerate(rows, start=2):
        for index, value in enumerate(values, start=1):
            cell = _put(ws, number, index, value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"


def _guide(ws) -> None:
    lines: list[tuple[str, ...]] = [
        ("杂多县政府办公室 组织机构导入表",),
        (),
        ("怎样使用",),
        ("1. 在“人员”“科室”“职务”“业务归口”“单位”五张表中，每行填一条；表头（第1行）和工作表名不要改。",),
        ("2. 红色表头的列必填；有下拉箭头的列请从列表中选择。角色可填多个，用“、”隔开。",),
        ("3. 管理后台 → 组织机构 → 从 Excel 导入办公室：上传本文件，先检查，报告无误后确认导入；",),
        ("   或在服务器上执行：python manage.py import_office 文件名.xlsx（加 --dry-run 只检查不写入）。",),
        ("4. 任何一行有错，整个文件都不导入；检查报告写明工作表、行号和列。改正后重新上传即可。",),
        ("5. 可以反复导入：按用户名、科室代码、职务名称、归口代码、单位名称对应，已有的更新，没有的新建。",),
        ("   表中没有的人员、单位不会被删除或停用（报告中列出）；要停用某人或某单位，在“停用”列填“是”。",),
        ("6. 新建的账号由系统生成一次性初始密码，只在导入结果中显示一次，请当场记下交给本人；",),
        ("   本人第一次登录后须先修改密码，才能使用系统。已有账号的密码不变。",),
        ("7. 角色的权限由系统按规章设定，导入只决定谁担任哪些角色。",),
        ("8. 新建的行按在表中的先后排序（如传阅名单的默认顺序）；已有的排序不变，可在管理后台调整。",),
        (),
        ("必须遵守的规则",),
        ("· 分管文秘的办公室副主任全办只能有一人，且须担任“办公室副主任”角色 [26(1)]。",),
        ("· 科室的分管办公室领导须担任“办公室主任”或“办公室副主任”角色 [15(2)]。",),
        ("· 业务归口的分管副县长须担任“副县长”或“常务副县长”角色；分管副主任须担任“办公室副主任”角色 [15(2)]。",),
        ("· 归口人员须担任“归口人员”角色；担任领导或归口人员的账号不能同时标为停用。",),
        ("· 用户名、科室代码、归口代码和名称、单位名称在各自表中不能重复。",),
        (),
        ("角色", "职责"),
        *[(role.value, duty) for role, duty in ROLE_DUTIES.items()],
        (),
        ("涉密等级", "说明"),
        *[
            (label, "只阅办非密文件" if level == SecretLevel.NONE else "可阅办此密级及以下的文件 [31][32]")
            for level, label in SecretLevel.choices
        ],
        (),
        ("科室代码", "默认名称"),
        *[(code, label) for code, label in Section.Code.choices],
        (),
        ("单位类别", "来文办理"),
        *[(label, UNIT_KIND_ARTICLES[UnitKind(value)]) for value, label in UnitKind.choices],
        (),
        ("工作表", "列", "必填", "说明"),
        *[
            (sheet, column.header, YES if column.required else "", column.note)
            for sheet in DATA_SHEETS
            for column in COLUMNS[sheet]
        ],
    ]
    headings = {"怎样使用", "必须遵守的规则", "角色", "涉密等级", "科室代码", "单位类别", "工作表"}
    for number, values in enumerate(lines, start=1):
        for index, value in enumerate(values, start=1):
            cell = _put(ws, number, index, value)
            cell.alignment = Alignment(vertical="top", wrap_text=index > 1)
            if number == 1:
                cell.font = TITLE_FONT
            elif values and values[0] in headings:
                cell.font = BOLD
    for letter, width in zip("ABCD", (22, 50, 8, 60), strict=True):
        ws.column_dimensions[letter].width = width


def build_template(*, current: bool = False) -> bytes:
    """The workbook a county fills in; with ``current`` it holds the office as the database has it now."""
    workbook = xlsx.workbook()
    _guide(workbook.active)
    workbook.active.title = GUIDE
    rows = _current_rows() if current else _blank_rows()
    for sheet in DATA_SHEETS:
        _data_sheet(workbook, sheet, rows[sheet])
    return xlsx.save(workbook)


def _blank_rows() -> dict[str, list[list]]:
    # The sections the code knows and the usual positions are filled in; people, lines and units are the county's.
    return {
        PEOPLE: [],
        SECTIONS: [[code, label, ""] for code, label in Section.Code.choices],
        POSITIONS: [
            [name, Rank(rank).label]
            for name, rank in [
                ("县长", Rank.COUNTY),
                ("常务副县长", Rank.DEPUTY_COUNTY),
                ("副县长", Rank.DEPUTY_COUNTY),
                ("办公室主任", Rank.SECTION),
                ("办公室副主任", Rank.DEPUTY_SECTION),
                ("科长", Rank.DEPUTY_SECTION),
                ("科员", Rank.STAFF),
            ]
        ],
        LINES: [],
        UNITS: [],
    }


def _current_rows() -> dict[str, list[list]]:
    profiles = (
        Profile.objects.select_related("user", "section", "position")
        .prefetch_related("user__groups")
        .order_by("sort_order", "pk")
    )
    people = []
    for profile in profiles:
        user = profile.user
        groups = {group.name for group in user.groups.all()}  # prefetched: no query per person
        people.append(
            [
                user.get_username(),
                profile.full_name,
                profile.section.name if profile.section else "",
                profile.position.name if profile.position else "",
                "、".join(role.value for role in Role if role.value in groups),
                SecretLevel(profile.clearance).label,
                YES if profile.is_secretarial_deputy else "",
                user.email,
                profile.phone,
                "" if user.is_active else YES,
                profile.work_started_on,
            ]
        )
    lines = BusinessLine.objects.select_related("deputy_head", "deputy_director").prefetch_related("staff")
    return {
        PEOPLE: people,
        SECTIONS: [
            [section.code, section.name, section.leader_in_charge.get_username() if section.leader_in_charge else ""]
            for section in Section.objects.select_related("leader_in_charge").order_by("sort_order", "pk")
        ],
        POSITIONS: [
            [position.name, Rank(position.rank).label] for position in Position.objects.order_by("sort_order", "pk")
        ],
        LINES: [
            [
                line.code,
                line.name,
                line.deputy_head.get_username() if line.deputy_head else "",
                line.deputy_director.get_username() if line.deputy_director else "",
                "、".join(sorted(user.get_username() for user in line.staff.all())),
                line.description,
            ]
            for line in lines.order_by("sort_order", "pk")
        ],
        UNITS: [
            [unit.name, unit.short_name, UnitKind(unit.kind).label, "" if unit.is_active else YES]
            for unit in Unit.objects.order_by("sort_order", "pk")
        ],
    }
