"""印信 registers as spreadsheets [7]: the 印章登记簿 (every seal this person may see) and the 用印登记簿 (every
use). Saved by ``ops.xlsx``, the project's one Excel writer, so a 印文 or 事由 typed as ``=cmd|…`` stays text.
The rows are the lists' (the views filter them through the visibility selectors): a 联络员's register holds
their own unit's seals only.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ops import xlsx

BOLD = Font(bold=True)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
MAX_ROWS = 20000


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
    return getattr(profile, "full_name", "") or user.username


def _sheet(book, title: str, sheet_title: str, headers: list[str], widths: list[int]):
    sheet = book.active
    sheet.title = sheet_title
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font, cell.alignment = BOLD, CENTRE
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    return sheet


def owner_of(seal) -> str:
    if seal.unit_id:
        return seal.unit.name
    return {"county": "杂多县人民政府", "office": "杂多县人民政府办公室"}.get(seal.serves, "县政府办公室")


def register_xlsx(seals, *, title: str) -> bytes:
    """印章登记簿: 登记编号, 印文, 种类, 所属单位, 保管人, 启用日期, 状态, 状态日期, 原因, 审批编号, 备注 [7]."""
    book = xlsx.workbook()
    headers = [
        "序号",
        "登记编号",
        "印文",
        "种类",
        "所属单位",
        "保管人",
        "启用日期",
        "状态",
        "状态日期",
        "停用/缴销原因",
        "备注",
    ]
    sheet = _sheet(book, title, "印章登记簿", headers, [6, 16, 30, 10, 26, 12, 12, 8, 12, 24, 24])
    for index, seal in enumerate(seals, start=1):
        sheet.append(
            [
                index,
                seal.number,
                seal.name,
                seal.get_kind_display(),
                owner_of(seal),
                _name(seal.keeper) if seal.keeper_id else seal.keeper_name,
                seal.made_on,
                seal.get_state_display(),
                seal.state_on if seal.state != "in_use" else None,
                seal.state_reason if seal.state != "in_use" else "",
                seal.note,
            ]
        )
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = WRAP
        for cell in (row[6], row[8]):
            cell.number_format = "yyyy-mm-dd"
    return xlsx.save(book)


def uses_xlsx(uses, *, title: str) -> bytes:
    """用印登记簿: 用印时间, 印章, 用印事由, 类别, 份数, 依据 (申请编号 or 发文字号), 批准人, 监印人, 备注, 作废 [7]."""
    book = xlsx.workbook()
    headers = ["序号", "用印时间", "印章", "用印事由", "类别", "份数", "依据", "批准人", "监印人", "备注", "作废"]
    sheet = _sheet(book, title, "用印登记簿", headers, [6, 17, 24, 40, 8, 6, 18, 10, 10, 20, 24])
    for index, use in enumerate(uses, start=1):
        if use.request_id:
            basis = use.request.number
        elif use.outgoing_id:
            basis = use.outgoing.doc_number or "发文"
        else:
            basis = ""
        voided = ""
        if use.voided_at:
            voided = f"{timezone.localtime(use.voided_at):%Y-%m-%d} {_name(use.voided_by)}：{use.void_reason}"
        sheet.append(
            [
                index,
                timezone.localtime(use.used_at).replace(tzinfo=None),
                use.seal.name,
                use.subject,
                use.get_purpose_display(),
                use.copies,
                basis,
                _name(use.approved_by),
                _name(use.stamped_by),
                use.note,
                voided,
            ]
        )
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = WRAP
        row[1].number_format = "yyyy-mm-dd hh:mm"
    return xlsx.save(book)
