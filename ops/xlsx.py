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

It lives in ``ops``, the lowest layer, so the org app's office workbook uses it too. ``tests/test_excel.py``
fails if any other module creates an openpyxl ``Workbook``.
"""

from __future__ import annotations

from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def workbook() -> Workbook:
    return Workbook()


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
