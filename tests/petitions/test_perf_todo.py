"""我的待办's badge for the petition staff at a million cases (issue 13): every queue counted in one query, each
through its partial index and stopped past ``BADGE_CAP`` — never a count of every waiting case [48][50]."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from petitions import todo

from . import factories as f

pytestmark = pytest.mark.django_db


def _staff_count(office):
    return todo.PetitionsWork().count(office["xinfang"])


def test_badge_counts_each_queue_to_the_cap_and_one_more_48(office, monkeypatch):
    """[48] below the cap the badge is exact; past it a queue counts BADGE_CAP + 1 ("999+"), not every case."""
    for i in range(5):
        f.registered(office, people=[f.person(i + 1)], title=f"草场纠纷{i}")
    f.answered(office, people=[f.person(20)], title="道路损毁")
    assert _staff_count(office) == 6
    monkeypatch.setattr(todo, "BADGE_CAP", 3)
    assert _staff_count(office) == 4 + 1  # the registered queue stops at 3 + 1; the answered one counts 1


def test_badge_is_one_query_whatever_the_queues_48(office, count_queries):
    """[48][50] the staff's three queues (to decide, reviews, to close) are counted in a single query."""
    f.registered(office, people=[f.person(1)])
    f.answered(office, people=[f.person(2)])
    todo.PetitionsWork().count(office["xinfang"])  # roles and profile, read once per request
    with count_queries() as ctx:
        assert _staff_count(office) == 2
    assert len(ctx) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL's plan")
def test_each_staff_queue_is_counted_through_an_index_48_50(office):
    """[48][50] the waiting states (registered, answered) and undecided reviews are read through their partial
    indexes: no sequential scan of the cases however many there are (seq scans only as a last resort)."""
    f.registered(office, people=[f.person(1)])
    f.answered(office, people=[f.person(2)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE petitions_case")
        cursor.execute("ANALYZE petitions_review")
    with CaptureQueriesContext(connection) as captured:
        assert _staff_count(office) == 2
    (count_sql,) = [q["sql"] for q in captured.captured_queries if "COUNT(*)" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + count_sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on petitions_" not in plan, plan
