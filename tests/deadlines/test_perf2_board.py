"""The custody rule's window and limit in SQL (issue 13): the board and the scan find exactly the papers they
found when every classified paper out of the safe was loaded and sorted in Python, nearest first [31]."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import archive
from deadlines.registry import Deadline, DeadlineSource, ScanContext
from documents.records.deadline_sources import CustodySource
from documents.records.selectors import out_of_safe
from documents.types import SecretLevel

from .conftest import local

pytestmark = pytest.mark.django_db

# Registered before, at and after the 17:30 check, on working days and a Saturday.
ARRIVALS = [
    local(2026, 11, 2, 9, 0),
    local(2026, 11, 2, 17, 30),
    local(2026, 11, 2, 18, 45),
    local(2026, 11, 3, 0, 5),
    local(2026, 11, 4, 16, 0),
    local(2026, 11, 4, 16, 0),
    local(2026, 11, 7, 11, 0),
    local(2026, 11, 9, 8, 0),
]


def _brute_force(source, ctx, due_from, due_before, limit):
    """What the source returned before: every paper out of the safe as a model, filtered and sorted here."""
    rows = []
    for doc in out_of_safe(source.kind.key):
        due = source._due(ctx, doc)
        if (due_from is None or due >= due_from or source._since(doc) >= due_from) and due < due_before:
            rows.append((due, doc.pk))
    rows.sort()
    return rows[:limit] if limit is not None else rows


@pytest.mark.parametrize(
    ("due_from", "due_before", "limit"),
    [
        (None, local(2026, 11, 10, 9, 0), None),
        (None, local(2026, 11, 4, 17, 30), 3),
        (local(2026, 11, 2, 17, 30), local(2026, 11, 4, 17, 31), None),
        (local(2026, 11, 2, 18, 0), local(2026, 11, 5, 0, 0), 2),
        (local(2026, 11, 4, 9, 0), local(2026, 11, 9, 23, 0), None),
        (local(2026, 11, 9, 18, 0), local(2026, 11, 12, 0, 0), 5),
    ],
)
def test_window_and_limit_in_sql_find_what_the_python_scan_found_31(clock, docs, due_from, due_before, limit):
    """[31] 当天送不出的要放在保险柜中: the papers due in a window — including those that came in after the
    day's check — nearest first, the first ``limit`` of them, exactly as before."""
    for moment in ARRIVALS:
        clock(moment)
        docs.register(title="涉密来文", secret=SecretLevel.SECRET)
    clock(local(2026, 11, 10, 9, 0))
    source = CustodySource(archive.kind_of("incoming"))
    ctx = ScanContext(now=local(2026, 11, 10, 9, 0), warnings_wanted=False)
    found = [
        (d.due_at, d.item_id) for d in source.deadlines(ctx, due_from=due_from, due_before=due_before, limit=limit)
    ]
    assert found == _brute_force(source, ctx, due_from, due_before, limit)
    assert found or due_from == local(2026, 11, 9, 18, 0)  # the cases are not all empty


def test_board_queries_stay_flat_with_classified_papers_out_of_the_safe_31(clock, docs, client_as, count_queries):
    """[31] one classified paper out of the safe or many: the board asks the same number of queries."""
    clock(local(2026, 11, 2, 10, 0))
    docs.register(title="涉密来文", secret=SecretLevel.SECRET)
    clock(local(2026, 11, 3, 9, 0))
    client = client_as("shoufa")
    client.get(reverse("deadlines:board"))  # warm caches and the session
    with count_queries() as few:
        assert client.get(reverse("deadlines:board")).status_code == 200
    for hour in range(6):
        clock(local(2026, 11, 2, 11 + hour, 0))
        docs.register(title="涉密来文", secret=SecretLevel.SECRET)
    clock(local(2026, 11, 3, 9, 0) + timedelta(minutes=1))
    with count_queries() as many:
        page = client.get(reverse("deadlines:board"))
    assert "涉密文件当日入柜" in page.content.decode()
    assert len(many) == len(few), "\n".join(q["sql"][:200] for q in many.captured_queries)


@pytest.mark.parametrize(("due_from", "limit"), [(None, 2), (None, 4), (local(2026, 11, 2, 18, 0), 3)])
def test_papers_handed_out_and_never_placed_merge_in_order_31(clock, docs, office, due_from, limit):
    """[31] the first papers are read as two parts — never placed (by the day they came in) and handed out or
    taken from the safe (by the day they went out) — and merged: the same papers, in the same order, as the
    whole window sorted."""
    from documents.records import services
    from documents.records.models import CustodyEvent

    papers = []
    for moment in ARRIVALS:
        clock(moment)
        papers.append(docs.register(title="涉密来文", secret=SecretLevel.SECRET))
    clerk = office["shoufa"]
    # Handed out a day or two after it came in; another placed in the safe and so not owed at all.
    services.custody_record(
        actor=clerk,
        doc_kind="incoming",
        pk=papers[0].pk,
        event=CustodyEvent.Kind.HANDED,
        person=office["kezhang"],
        at=local(2026, 11, 4, 10, 0),
    )
    services.custody_record(actor=clerk, doc_kind="incoming", pk=papers[1].pk, event=CustodyEvent.Kind.PLACED_IN_SAFE)
    clock(local(2026, 11, 10, 9, 0))
    source = CustodySource(archive.kind_of("incoming"))
    ctx = ScanContext(now=local(2026, 11, 10, 9, 0), warnings_wanted=False)
    due_before = local(2026, 11, 10, 9, 0)
    found = [
        (d.due_at, d.item_id) for d in source.deadlines(ctx, due_from=due_from, due_before=due_before, limit=limit)
    ]
    assert found == _brute_force(source, ctx, due_from, due_before, limit)
    assert papers[1].pk not in {pk for _, pk in found}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL's plan")
def test_the_first_papers_never_placed_are_read_off_the_day_index_31(clock, docs):
    """[31] the papers never placed come off ``incoming_secret_came_on`` in (day, id) order: no sort of every
    classified paper out of the safe (11,000 at 1M)."""
    clock(local(2026, 11, 2, 9, 0))
    docs.register(title="涉密来文", secret=SecretLevel.SECRET)
    source = CustodySource(archive.kind_of("incoming"))
    ctx = ScanContext(now=local(2026, 11, 10, 9, 0), warnings_wanted=False)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE incoming_incomingdocument")
    with CaptureQueriesContext(connection) as captured:
        list(source.deadlines(ctx, due_from=None, due_before=local(2026, 11, 10, 9, 0), limit=5))
    first = next(q["sql"] for q in captured.captured_queries if "AT TIME ZONE" in q["sql"] and "NOT EXISTS" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + first)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "incoming_secret_came_on" in plan, plan


class _Listed(DeadlineSource):
    """A test source over a fixed list of due moments, recording the windows it is asked for."""

    article = "[26(6)7]"
    rule_text = label = "测试期限"
    item_type = "tests.listed"
    notify_clerk = False

    def __init__(self, key, dues):
        self.key, self.asked = key, []
        self.rows = [Deadline(item_id=i, due_at=due, title=f"{key}{i}") for i, due in enumerate(sorted(dues))]

    def deadlines(self, ctx, *, due_from, due_before, limit=None):
        self.asked.append(due_from)
        found = [d for d in self.rows if (due_from is None or d.due_at >= due_from) and d.due_at < due_before]
        return found[:limit] if limit is not None else found

    def still_open(self, ctx, item_ids):
        return {}

    def horizon(self, ctx):
        return ctx.now


def test_the_board_reads_a_source_once_unless_it_has_more_than_a_page_26_6_7(clock):
    """[26(6)7] the board's two windows (overdue, then the next two working days) come from one read of each source;
    only a source with more rows than the board shows is asked again for its upcoming ones (issue 13: about one
    query a source, not two). The rows are those of asking each window on its own."""
    from deadlines import registry
    from deadlines.selectors import board

    now = clock(local(2026, 11, 4, 10, 0))  # a Wednesday
    few = _Listed("tests.few", [now - timedelta(days=3), now + timedelta(hours=5)])
    many = _Listed("tests.many", [now - timedelta(hours=h) for h in range(1, 7)] + [now + timedelta(hours=2)])
    with registry.registered(few), registry.registered(many):
        result = board(limit=3)
    assert few.asked == [None] and many.asked == [None, now]
    overdue = [(r.source.key, r.deadline.item_id) for r in result.overdue]
    upcoming = [(r.source.key, r.deadline.item_id) for r in result.upcoming if r.source.key.startswith("tests.")]
    assert overdue[:3] == [("tests.few", 0), ("tests.many", 0), ("tests.many", 1)] and result.overdue_more
    assert upcoming == [("tests.many", 6), ("tests.few", 1)]
