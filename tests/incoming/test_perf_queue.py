"""我的待办 for a leader who holds thousands of documents (issue 13): the queue's first rows come off an index in
the queue's own order (urgent first [26(6)4], nearest deadline next), and the landing page shows the most urgent
hundred with the real total beside them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from core import views as core_views
from core import workqueue
from documents.incoming.models import Category, IncomingDocument, Intake, State, Urgency
from documents.incoming.selectors import list_rows, waiting_for, with_reading_due
from org.models import Unit

pytestmark = pytest.mark.django_db


def _held(office, holder, n: int) -> list[IncomingDocument]:
    unit = Unit.objects.first()
    now = timezone.now()
    first = IncomingDocument.objects.count()
    return IncomingDocument.objects.bulk_create(
        [
            IncomingDocument(
                year=now.year,
                serial=first + i + 1,
                received_at=now - timedelta(hours=i),
                registered_by=office["shoufa"],
                source_unit=unit,
                title=f"待阅文件{i}",
                sender_number=f"待〔2026〕{first + i}号",
                intake=Intake.SUPERIOR,
                category=Category.READ,
                state=State.CIRCULATING,
                holder=holder,
                urgency=Urgency.URGENT if i % 7 == 0 else "",
                due_at=now + timedelta(days=1 + i % 5),
            )
            for i in range(n)
        ]
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL's plan")
def test_the_queue_is_read_in_its_order_off_the_holder_queue_index_26_6_4(office):
    """[26(6)4] urgent first, then the nearest deadline: the index holds the rows in that order for each holder,
    so the first rows of a leader holding thousands need no sort of everything held."""
    leader = office["xianzhang"]
    _held(office, leader, 40)
    qs = with_reading_due(list_rows(waiting_for(leader)), leader).order_by("-urgency", "due_at", "received_at")[:100]
    sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE incoming_incomingdocument")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "incoming_holder_queue" in plan, plan


def test_past_the_limit_the_page_shows_the_most_urgent_and_the_real_total_26_6_4(client_as, office, monkeypatch):
    """[26(6)4] the landing page lists the most urgent items (urgent ones first) and says how many there are in all."""
    monkeypatch.setattr(core_views, "WORK_QUEUE_LIMIT", 5)
    _held(office, office["xianzhang"], 12)
    page = client_as("xianzhang").get("/").content.decode()
    assert page.count("data-work-item") == 5
    assert f"共 {workqueue.count_uncached(office['xianzhang'])} 项，以下是最紧急的 5 项" in page
    assert page.index("待阅文件0") < page.index("待阅文件1")  # 待阅文件0 is 急件: first


def test_below_the_limit_the_total_is_the_rows_shown(client_as, office):
    _held(office, office["xianzhang"], 3)
    page = client_as("xianzhang").get("/").content.decode()
    assert page.count("data-work-item") == 3
    assert "共 3 项；" in page


def test_a_queue_past_the_badge_cap_is_counted_to_it_and_said_so_26_6_4(client_as, office, monkeypatch):
    """[26(6)4] a leader holding more than the badge's cap: the incoming chapter stops counting after cap + 1 rows
    (issue 13: an exact count read some 18,000 documents at 1M) and the page says “超过 N 项”."""
    monkeypatch.setattr(workqueue, "CAP", 4)
    monkeypatch.setattr(core_views, "WORK_QUEUE_LIMIT", 3)
    _held(office, office["xianzhang"], 9)
    assert workqueue.count_uncached(office["xianzhang"]) == 5
    page = client_as("xianzhang").get("/").content.decode()
    assert "超过 4 项，以下是最紧急的 3 项" in page
