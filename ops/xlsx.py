"""The one Excel writer: every spreadsheet the system hands out is made and saved here (issue 12).

What a person typed — a title, a name, a reason — must stay text in whoever opens the file: a title
``=HYPERLINK("http://…"&A1, …)`` once became a live formula in the 收文登记簿. ``save`` walks every cell before
writing and types each string that begins with ``= + - @`` or a tab or carriage return as a string with Excel's
quote prefix, so it is shown as typed and stays text even when the cell is edited. The system itself writes no
formulas, so nothing that is written through here can become one.

Usage (styling is openpyxl's, on the sheets ``workbook()`` returns)::

    book = xlsx.workbook()
    sheet = book.active
    sheet.append([...])
    return xlsx.response(book, "收文登记簿.xlsx")     # or xlsx.save(book) for the bytes

An export that can run to thousands of rows (a register) writes through ``write_only_workbook()`` instead
(issue 13): openpyxl's write-only mode streams each row to the file as it is appended, where a normal workbook
keeps every cell as an object, and ``save`` then walks them all again. What the file looks like stays the same,
but a streamed sheet is written top to bottom, once: its column widths and frozen panes are set before its
first row (``write_only_sheet(book, title, widths=…, freeze_panes=…)``), a styled cell is made as it is appended
(``cell_style(sheet, font=…)`` once, then ``bold("序号")`` per cell) and a merge is declared by its range. The text
rule holds there too: each string that starts like a formula is typed as text when its row is appended.

It lives in ``ops``, the lowest layer, so the org app's office workbook uses it too. ``tests/test_excel.py``
fails if any other module creates an openpyxl ``Workbook``.
"""

from __future__ import annotations

from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def workbook() -> Workbook:
    return Workbook()


class _StreamedSheet(WriteOnlyWorksheet):
    """A write-only sheet that types formula-like strings as text as each row goes out (it cannot be walked
    afterwards, as ``save`` walks a normal one) and counts its rows for ``last_row``. An empty string is left out
    rather than written as an empty cell: a register's many blank flags cost as much to write as filled ones."""

    def append(self, row) -> None:
        super().append([_text_safe(self, value) for value in row])
        self._current_row += 1

    def merge_cells(self, *, start_row: int, start_column: int, end_row: int, end_column: int) -> None:
        self.merged_cells.add(CellRange(min_col=start_column, min_row=start_row, max_col=end_column, max_row=end_row))

    @property
    def freeze_panes(self):
        return Worksheet.freeze_panes.fget(self)

    @freeze_panes.setter
    def freeze_panes(self, top_left_cell) -> None:
        if self._writer is not None:  # the sheet view was written with the first row: it would be lost silently
            raise RuntimeError("a streamed sheet's panes are frozen before its first row")
        Worksheet.freeze_panes.fset(self, top_left_cell)


class _WriteOnlyWorkbook(Workbook):
    def __init__(self) -> None:
        super().__init__(write_only=True)

    def create_sheet(self, title=None, index=None):
        sheet = _StreamedSheet(parent=self, title=title)
        self._add_sheet(sheet=sheet, index=index)
        return sheet


def _text_safe(sheet, value):
    if value == "":
        return None  # no cell at all: a normal sheet writes an empty one, read back as empty (None) all the same
    if isinstance(value, Cell):
        as_text(value)
    elif isinstance(value, str) and value.startswith(FORMULA_STARTS):
        value = WriteOnlyCell(sheet, value)
        as_text(value)
    return value


def write_only_workbook() -> Workbook:
    """A workbook with no sheet yet, whose sheets (``write_only_sheet``) stream their rows: for exports of many rows."""
    return _WriteOnlyWorkbook()


def write_only_sheet(book: Workbook, title: str, *, widths=(), freeze_panes: str | None = None):
    """A new sheet of a ``write_only_workbook`` with its column widths (from column A) and frozen panes, which a
    streamed sheet writes before its first row."""
    new = book.create_sheet(title)
    for index, width in enumerate(widths, start=1):
        new.column_dimensions[get_column_letter(index)].width = width
    if freeze_panes:
        new.freeze_panes = freeze_panes
    return new


def cell_style(sheet, *, font=None, fill=None, alignment=None, border=None, number_format=None):
    """Cells of one style for a streamed sheet: ``bold = cell_style(sheet, font=BOLD)`` once, then ``bold(value)`` for
    each cell. The style is looked up in the workbook once, not once per cell."""
    template = WriteOnlyCell(sheet)
    for name, value in (
        ("font", font),
        ("fill", fill),
        ("alignment", alignment),
        ("border", border),
        ("number_format", number_format),
    ):
        if value is not None:
            setattr(template, name, value)
    style_array = template._style

    def cell(value=None) -> Cell:
        return Cell(sheet, row=1, column=1, value=value, style_array=style_array)

    return cell


def last_row(sheet) -> int:
    """The number of the row ``sheet.append`` just wrote. openpyxl's ``max_row`` scans every cell, so reading it
    once per row made a 3,000-row register take 48 s (issue 22's bench); the row counter is kept as it appends."""
    return sheet._current_row


def as_text(cell) -> None:
    """A string that a spreadsheet would read as a formula is written as text, shown exactly as typed."""
    value = cell.value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def save(book: Workbook) -> bytes:
    """The file's bytes. A streamed (write-only) workbook typed its text as the rows went out; it is saved once."""
    if not book.write_only:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type in ("f", "s"):
                        as_text(cell)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def disposition(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"


def response(book: Workbook, filename: str) -> HttpResponse:
    """The workbook as a download: never cached, never sniffed into something else."""
    result = HttpResponse(save(book), content_type=CONTENT_TYPE)
    result["Content-Disposition"] = disposition(filename)
    result["Cache-Control"] = "private, no-store"
    return result
