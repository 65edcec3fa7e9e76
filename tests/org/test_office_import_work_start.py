"""参加工作时间 in the office workbook: the optional column that sets each person's years of service, from which
the paid annual leave (年休假: 5/10/15 days) is counted [54]. A workbook made from an older template, without
the column, imports as before and leaves what the admin entered."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import openpyxl
import pytest

from leave.selectors import annual_leave_balance
from org import office_workbook as wb
from org.models import Profile
from org.office_import import office_import

from .test_office_import import PEOPLE, office_workbook

pytestmark = pytest.mark.django_db


def people_with_work_start(*values: str) -> list[list]:
    """The test office's people, the first ones with a 参加工作时间 (the column after 停用)."""
    rows = [[*row, ""] for row in PEOPLE]
    for index, value in enumerate(values):
        rows[index][-1] = value
    return rows


def without_column(data: bytes, header: str) -> bytes:
    book = openpyxl.load_workbook(BytesIO(data))
    ws = book[wb.PEOPLE]
    index = next(cell.column for cell in ws[1] if cell.value and header in str(cell.value))
    ws.delete_cols(index)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def started(username: str) -> date | None:
    return Profile.objects.get(user__username=username).work_started_on


def test_the_template_has_the_column_with_its_purpose():
    book = openpyxl.load_workbook(BytesIO(wb.build_template()))
    headers = [cell.value for cell in book[wb.PEOPLE][1]]
    assert "参加工作时间" in headers
    guide = " ".join(str(cell.value) for row in book[wb.GUIDE] for cell in row if cell.value)
    assert "年休假" in guide


def test_work_start_dates_in_the_usual_spellings_are_imported_and_set_the_annual_leave():
    """2008-07-01, 2008/7/1, 2008年7月, 2008.7: a month alone means its first day. 18 years of service in 2026
    give 10 days of 年休假 [54]."""
    data = office_workbook(people=people_with_work_start("2008-07-01", "2008/7/1", "2008年7月", "2008.7", "1995-03"))
    report = office_import(data=data)
    assert report.ok and report.applied, report.lines()
    for username in ("dz-xianzhang", "dz-changwu", "dz-fuxian", "dz-zhuren"):
        assert started(username) == date(2008, 7, 1), username
    assert started("dz-wenmi") == date(1995, 3, 1)
    assert started("dz-guikou") is None  # left blank: not known
    balance = annual_leave_balance(Profile.objects.get(user__username="dz-zhuren").user, year=2026)
    assert (balance.years_of_service, balance.entitlement) == (18, 10)


def test_a_date_cell_typed_as_a_date_in_excel_is_read():
    book = openpyxl.load_workbook(BytesIO(office_workbook(people=people_with_work_start())))
    ws = book[wb.PEOPLE]
    column = next(cell.column for cell in ws[1] if cell.value == "参加工作时间")
    ws.cell(row=2, column=column, value=date(2001, 9, 1))
    out = BytesIO()
    book.save(out)
    assert office_import(data=out.getvalue()).ok
    assert started("dz-xianzhang") == date(2001, 9, 1)


def test_an_unreadable_or_impossible_date_refuses_the_file_and_names_the_cell():
    data = office_workbook(people=people_with_work_start("去年七月", "2008-13-01", "1890-01-01"))
    report = office_import(data=data)
    assert not report.applied
    found = {str(problem) for problem in report.problems}
    assert any(text.startswith("人员 第2行 K列（参加工作时间）") and "无法识别" in text for text in found), found
    assert any(text.startswith("人员 第3行 K列（参加工作时间）") and "无法识别" in text for text in found), found
    assert any(text.startswith("人员 第4行 K列（参加工作时间）") and "合理范围" in text for text in found), found
    assert len(report.problems) == 3


def test_a_workbook_without_the_column_imports_and_keeps_what_the_admin_entered():
    """An older template lacks the column: it is not read as empty, so nobody's date is wiped."""
    assert office_import(data=office_workbook(people=people_with_work_start("2008-07-01"))).applied
    data = without_column(office_workbook(people=people_with_work_start()), "参加工作时间")
    report = office_import(data=data)
    assert report.ok, report.lines()
    assert not report.changed, report.lines()
    assert started("dz-xianzhang") == date(2008, 7, 1)


def test_a_changed_date_is_reported_and_the_current_office_round_trips():
    assert office_import(data=office_workbook(people=people_with_work_start("2008-07-01"))).applied
    report = office_import(data=office_workbook(people=people_with_work_start("2010-07-01")), dry_run=True)
    assert any("参加工作时间：2008-07-01 → 2010-07-01" in line for line in report.lines()), report.lines()
    again = office_import(data=wb.build_template(current=True), dry_run=True)
    assert again.ok and not again.changed, again.lines()
