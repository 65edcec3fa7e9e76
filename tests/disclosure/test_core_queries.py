"""Flat in queries (PERFORMANCE.md): 我的待办, the reminders' scan of findings and the ranking cost the same
number of queries for a few rows as for many [36]."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

from deadlines.registry import ScanContext
from disclosure import scoring, services
from disclosure.deadline_sources import RectificationSource
from disclosure.todo import DisclosureWork

from .factories import CONTACT, LEADER, OFFICER, finding, running, scheme, scored

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def _work(office):
    provider = DisclosureWork()
    return [
        _queries(lambda who=who: (provider.items(office[who], 20), provider.count(office[who])))
        for who in (OFFICER, LEADER, CONTACT)
    ]


def _scan():
    ctx = ScanContext(now=datetime(2026, 10, 12, 9, tzinfo=SHANGHAI))
    source = RectificationSource()
    return _queries(lambda: list(source.deadlines(ctx, due_from=None, due_before=source.horizon(ctx))))


def test_the_work_queue_and_the_scan_are_flat_in_queries_36(office):
    inspection = running(office)
    s = scheme(office)

    def grow(n):
        for i in range(n):
            unit = "township" if i % 2 else "department"
            f = finding(office, inspection, unit=unit, problem=f"问题{i}", due_on=date(2026, 9, 20 + i % 10))
            if i % 3 == 0:
                services.rectification_report(actor=office[OFFICER], pk=f.pk, report="代报")

    grow(3)
    scored(office, s)
    _work(office)  # each person's roles and profile, read once and kept on the user
    few_work, few_scan = _work(office), _scan()
    grow(30)
    scored(office, s, unit="department")
    scored(office, s, unit="county_unit")
    assert _work(office) == few_work
    assert _scan() == few_scan
    assert _queries(lambda: scoring.totals(2026, confirmed_only=False)) == 1
