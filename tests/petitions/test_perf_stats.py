"""信访统计's report at a million cases (issue 13): the late cases are read as rows, not built as cases, and the
report lists at most ``EXPORT_LATE_ROWS`` of them and says how many there are in all [47][48]."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from petitions import exports, statistics
from petitions.models import Case
from petitions.statistics import Period

from .conftest import NOW
from .factories import person, registered

pytestmark = pytest.mark.django_db


def _late(office, n):
    """``n`` cases received 20 days ago and still undecided: each past its 15 days [48]."""
    return [registered(office, received_at=NOW - timedelta(days=20 + i), people=[person(i + 1)]) for i in range(n)]


def test_the_report_lists_the_oldest_late_cases_to_the_cap_and_counts_them_all_48(office, monkeypatch):
    """[48] past ``EXPORT_LATE_ROWS`` the report lists the cases with the earliest limit and says how many are
    late in all — a year's tens of thousands are not written row by row."""
    cases = _late(office, 3)
    monkeypatch.setattr(statistics, "EXPORT_LATE_ROWS", 2)
    s = statistics.period_statistics(office["zhuren"], period=Period(2026), late_limit=statistics.EXPORT_LATE_ROWS)
    assert s.late_count == 3 and [c.number for c in s.late_cases] == [cases[2].number, cases[1].number]
    sheet = load_workbook(BytesIO(exports.report_xlsx(s)))["超期件"]
    values = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]]
    assert values[:2] == [cases[2].number, cases[1].number] and cases[0].number not in values
    assert values[-1] == "共3件超期，此处列出期限最早的2件；其余请按月份导出或在系统中查看。"


def test_late_cases_are_read_as_rows_not_built_as_cases_48(office, monkeypatch):
    """[48] the late list builds no case (django-fsm's __init__ and the encrypted fields were most of the
    report's time at a million cases), and costs two queries however many rows it lists."""
    _late(office, 3)
    built = []
    original = Case.__init__

    def counting_init(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Case, "__init__", counting_init)
    qs = statistics.cases_of_period(office["zhuren"], Period(2026))
    rows, count = statistics.late_cases(qs, NOW.date(), limit=10)
    assert count == 3 and len(rows) == 3 and rows[0].kind == "超期未告知" and rows[-1].days == 5
    assert built == []
