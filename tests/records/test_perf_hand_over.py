"""The hand-over reminder [33] at a million documents (issue 13): the board and the digest ask it for every open
year; finding the oldest year with unfiled documents reads an index, not every unfiled document."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from deadlines.registry import ScanContext, get

from ..incoming.factories import register
from ..outgoing.conftest import draft, series  # noqa: F401  (fixtures)
from .test_records import _backdate

pytestmark = pytest.mark.django_db


def _unfiled_in(office, years):
    for i, year in enumerate(years):
        _backdate(register(office, title=f"未归档{i}"), year)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL's plan")
def test_the_oldest_unfiled_year_is_found_through_an_index_33(office):
    """[33] the earliest year still to hand over is read through the index of unfinished documents by year: no
    sequential scan of the documents (seq scans only as a last resort), however many are filed."""
    last = timezone.localdate().year - 1
    _unfiled_in(office, [last - 2, last])
    source = get("incoming.archive")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE incoming_incomingdocument")
    with CaptureQueriesContext(connection) as captured:
        assert source._first_year(last) == last - 2
    assert captured.captured_queries
    for query in captured.captured_queries:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "Seq Scan on incoming_incomingdocument" not in plan, plan


def test_the_open_years_are_counted_in_one_query_and_the_people_are_read_once_33(office):
    """[33] three years still to hand over: the oldest year, one query counting every year, and the clerks and
    archivists read once for all three reminders (not once a year); each reminder counts its own year."""
    last = timezone.localdate().year - 1
    _unfiled_in(office, [last - 2, last - 1, last - 1, last])
    ctx = ScanContext(now=timezone.make_aware(datetime(last + 1, 7, 2, 9, 0)), warnings_wanted=False)
    source = get("incoming.archive")
    with CaptureQueriesContext(connection) as captured:
        found = list(source.deadlines(ctx, due_from=None, due_before=ctx.now))
    assert [(d.item_id, d.detail.split(" ")[1]) for d in found] == [(last - 2, "1"), (last - 1, "2"), (last, "1")]
    assert len({d.actor_ids for d in found}) == 1 and office["shoufa"].pk in found[0].actor_ids
    people = [q for q in captured.captured_queries if "auth_user" in q["sql"]]
    assert len(people) <= 2, people  # the clerks and the archivists, once
    counts = [q for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1, counts


def test_a_year_past_the_count_cap_says_more_than_33(office, monkeypatch):
    """[33] a year's unfiled documents are counted to a cap (issue 13: the board and the digest stay flat in
    size): past it the reminder says “超过 N 件”, below it the exact number."""
    from documents.records.deadline_sources import HandOverSource

    monkeypatch.setattr(HandOverSource, "COUNT_CAP", 2)
    last = timezone.localdate().year - 1
    _unfiled_in(office, [last - 1, last, last, last])
    ctx = ScanContext(now=timezone.make_aware(datetime(last + 1, 7, 2, 9, 0)), warnings_wanted=False)
    found = {d.item_id: d.detail for d in get("incoming.archive").deadlines(ctx, due_from=None, due_before=ctx.now)}
    assert "尚有 1 件" in found[last - 1]
    assert "尚有超过 2 件" in found[last]


def test_an_old_draft_never_numbered_still_opens_its_year_33(office, draft):  # noqa: F811 (the fixture)
    """[33] a 发文 draft never numbered belongs to the year it was begun (the kind's ``in_year``): begun two
    years ago and still unfiled, that year is the oldest to hand over and its reminder counts it."""
    from documents.outgoing.models import OutgoingDocument

    last = timezone.localdate().year - 1
    doc = draft()
    begun = timezone.make_aware(datetime(last - 1, 3, 1, 10, 0))
    OutgoingDocument.objects.filter(pk=doc.pk).update(year=None, created_at=begun)
    source = get("outgoing.archive")
    assert source._first_year(last) == last - 1
    ctx = ScanContext(now=timezone.make_aware(datetime(last + 1, 7, 2, 9, 0)), warnings_wanted=False)
    (deadline,) = source.deadlines(ctx, due_from=None, due_before=ctx.now)
    assert deadline.item_id == last - 1 and "尚有 1 件" in deadline.detail
