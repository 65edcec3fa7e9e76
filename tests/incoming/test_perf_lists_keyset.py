"""等我办理 and 我经手的, and the 收文登记簿 export, at ten years of paper (issue 13): the lists page like the
registry (newer / older by (收文时间, id), a jump to a date, a count that stops at the cap — no OFFSET, no page
cap) and the export reads the register a keyset batch at a time [26(1)], [29(1)], [32]."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from documents.incoming import exports, selectors
from documents.incoming import views as incoming_views
from documents.incoming.models import Category, IncomingDocument, Intake, State
from org.models import Unit

pytestmark = pytest.mark.django_db


def _bulk(office, n: int, *, holder=None, start_at=None) -> list[IncomingDocument]:
    """``n`` documents the clerk registered (and is on), held by ``holder``, an hour apart, newest first."""
    unit = Unit.objects.first()
    start_at = start_at or timezone.now()
    first = IncomingDocument.objects.count()
    docs = IncomingDocument.objects.bulk_create(
        [
            IncomingDocument(
                year=(start_at - timedelta(hours=i)).year,
                serial=first + i + 1,
                received_at=start_at - timedelta(hours=i),
                registered_by=office["shoufa"],
                source_unit=unit,
                title=f"批量文件{first + i}",
                intake=Intake.SUPERIOR,
                category=Category.READ,
                state=State.CIRCULATING,
                holder=holder or office["shoufa"],
                due_at=start_at + timedelta(days=7),
            )
            for i in range(n)
        ]
    )
    for doc in docs:
        selectors.VISIBILITY.grant(doc, [office["shoufa"]])
    return docs


def _ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-doc="(\d+)"', response.content.decode())]


def _link(response, rel: str) -> str:
    match = re.search(rf'href="\?([^"]*)" rel="{rel}"', response.content.decode())
    return match.group(1).replace("&amp;", "&") if match else ""


@pytest.mark.parametrize("name", ["incoming:waiting", "incoming:mine"])
def test_older_and_newer_links_reach_every_document_once_26_1(client_as, office, monkeypatch, name):
    """[26(1)] 较早的 walks the whole list newest first, each document once (no page 1000 cap, no OFFSET);
    较新的 walks back."""
    monkeypatch.setattr(incoming_views, "PAGE_SIZE", 3)
    docs = _bulk(office, 8)
    expected = [d.pk for d in sorted(docs, key=lambda d: (d.received_at, d.pk), reverse=True)]
    client, url = client_as("shoufa"), reverse(name)
    response = client.get(url)
    pages = [_ids(response)]
    while _link(response, "next"):
        response = client.get(f"{url}?{_link(response, 'next')}")
        pages.append(_ids(response))
    assert [pk for page in pages for pk in page] == expected
    back = []
    while _link(response, "prev"):
        response = client.get(f"{url}?{_link(response, 'prev')}")
        back.append(_ids(response))
    assert back == pages[-2::-1]


@pytest.mark.parametrize("name", ["incoming:waiting", "incoming:mine"])
def test_jump_to_a_date_and_old_page_numbers_26_1(client_as, office, monkeypatch, name):
    """[26(1)] 跳到日期 starts on that day; an old ?page=20000 link shows the newest page; a broken address
    is a Chinese 400."""
    monkeypatch.setattr(incoming_views, "PAGE_SIZE", 2)
    now = timezone.localtime()
    recent = _bulk(office, 2, start_at=now)
    older = _bulk(office, 3, start_at=now - timedelta(days=3))
    client, url = client_as("shoufa"), reverse(name)
    response = client.get(url, {"date": (now - timedelta(days=3)).date().isoformat()})
    assert _ids(response) == [older[0].pk, older[1].pk]
    assert _ids(client.get(f"{url}?{_link(response, 'prev')}")) == [recent[0].pk, recent[1].pk]
    assert _ids(client.get(url, {"page": "20000"}))[0] == recent[0].pk
    assert client.get(url, {"before": "x_1"}).status_code == 400


@pytest.mark.parametrize("name", ["incoming:waiting", "incoming:mine"])
def test_count_stops_at_the_cap_and_queries_stay_flat_26_1(client_as, office, monkeypatch, name):
    """[26(1)] the count says “超过 N 件” past the cap (never a full count of a clerk's million documents), and
    the list costs the same queries with 5 documents as with 40."""
    client, url = client_as("shoufa"), reverse(name)
    _bulk(office, 5)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert "共 5 件" in client.get(url).content.decode()
    _bulk(office, 35)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    assert not any("OFFSET" in q["sql"] for q in many)
    monkeypatch.setattr(selectors, "COUNT_CAP", 30)
    assert "超过 30 件" in client.get(url).content.decode()


def test_waiting_shows_only_what_this_person_holds_26(client_as, office):
    """[26] 等我办理 is still what this person holds; someone else's held documents are not on it."""
    mine = _bulk(office, 2)
    other = _bulk(office, 2, holder=office["fuzhuren"])
    seen = _ids(client_as("shoufa").get(reverse("incoming:waiting")))
    assert set(seen) == {d.pk for d in mine} and not set(seen) & {d.pk for d in other}


def test_register_export_reads_keyset_batches_with_every_number_29_1(client_as, office, monkeypatch):
    """[29(1)] the 收文登记簿 export reads BATCH rows per query by (收文时间, id) — one more query per batch, no
    OFFSET, no query held open over the whole range — and writes every number once, oldest first."""
    monkeypatch.setattr(exports, "BATCH", 3)
    docs = _bulk(office, 7)
    today = timezone.localdate()
    params = {"start": (today - timedelta(days=2)).isoformat(), "end": today.isoformat(), "format": "xlsx"}
    with CaptureQueriesContext(connection) as queries:
        response = client_as("shoufa").get(reverse("incoming:register_book"), params)
    assert response.status_code == 200
    batches = [q["sql"] for q in queries if "incoming_incomingdocument" in q["sql"] and "LIMIT 3" in q["sql"]]
    assert len(batches) == 3  # 3 + 3 + 1
    assert not any("OFFSET" in sql for sql in batches)
    sheet = load_workbook(filename=io.BytesIO(response.content)).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert numbers == [d.serial_label for d in sorted(docs, key=lambda d: (d.received_at, d.pk))]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL's plan")
def test_register_export_batch_reads_an_index_29_1(office):
    """[29(1)] a batch of the export is an index range read of (收文时间, id), not a scan of the documents."""
    docs = _bulk(office, 30)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE incoming_incomingdocument")
    today = timezone.localdate()
    rows = selectors.register_rows(office["shoufa"], today - timedelta(days=2), today)
    qs = rows.order_by("received_at", "id").filter(received_at__gte=docs[-1].received_at)[: exports.BATCH]
    sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on incoming_incomingdocument" not in plan, plan


def test_an_empty_list_reads_the_documents_once_26_1(client_as, office):
    """[26(1)] when the count finds nothing the page is not read again (a clerk on 50,000 classified documents
    and cleared for none paid for the grants twice)."""
    with CaptureQueriesContext(connection) as queries:
        response = client_as("fuzhuren").get(reverse("incoming:mine"))
    assert "共 0 件" in response.content.decode()
    counted = [  # the list's count (to the registry's cap; the badge counts to its own)
        q
        for q in queries
        if "SELECT COUNT(*) FROM (SELECT" in q["sql"]
        and "incoming_incomingdocument" in q["sql"]
        and f"LIMIT {selectors.COUNT_CAP + 1})" in q["sql"]
    ]
    paged = [q for q in queries if f"LIMIT {incoming_views.PAGE_SIZE + 1}" in q["sql"]]
    assert len(counted) == 1 and not paged
