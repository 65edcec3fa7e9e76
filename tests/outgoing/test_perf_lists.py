"""The 发文 lists and 发文登记簿 at a county's ten years of paper (issue 13): counted per half of the visibility rule
through partial indexes ("超过 N 件" past the cap), paged by keyset newer / older by (拟稿时间, id) with a jump to
a date (every document reachable), two-character words through the GIN index of the title's bigrams re-checked
with icontains, and the register exported a keyset batch at a time [30(5)], [31], [32]."""

from __future__ import annotations

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core import bigrams
from documents.outgoing import exports, selectors
from documents.outgoing import views as outgoing_views
from documents.outgoing.choices import State
from documents.outgoing.models import OutgoingDocument

pytestmark = pytest.mark.django_db

URL = reverse("outgoing:list")
POSTGRES = pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL's plan")


def _bulk(office, series, n: int, *, start_at=None, numbered: bool = False, **fields) -> list[OutgoingDocument]:
    start_at = start_at or timezone.now()
    first = OutgoingDocument.objects.count()
    return OutgoingDocument.objects.bulk_create(
        [
            OutgoingDocument(
                series=series["杂政"],
                title=fields.get("title", f"批量发文{first + i}"),
                main_recipients=fields.get("main_recipients", "各乡（镇）人民政府"),
                line=office.lines["agriculture"],
                drafter=office["guikou2"],
                state=State.DISTRIBUTED if numbered else State.DRAFTING,
                holder=None if numbered else office["guikou2"],
                year=start_at.year if numbered else None,
                serial=first + i + 1 if numbered else None,
                doc_number=f"杂政〔{start_at.year}〕{first + i + 1}号" if numbered else "",
                created_at=start_at - timedelta(hours=i),
                secret_level=fields.get("secret_level", 0),
            )
            for i in range(n)
        ]
    )


def _ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-doc="(\d+)"', response.content.decode())]


def _link(response, rel: str) -> str:
    match = re.search(rf'href="\?([^"]*)" rel="{rel}"', response.content.decode())
    return match.group(1).replace("&amp;", "&") if match else ""


def _walk(client, params: dict) -> tuple[list[int], list[list[int]], object]:
    response = client.get(URL, params)
    pages = [_ids(response)]
    while _link(response, "next"):
        response = client.get(f"{URL}?{_link(response, 'next')}")
        pages.append(_ids(response))
    return [pk for page in pages for pk in page], pages, response


def _plan(qs) -> str:
    sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a scan only if no index can answer at all
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE outgoing_outgoingdocument")


# --- [31][32] the count and the page an index answers --------------------------------------------------------

LISTS = [
    ("all", selectors.ListFilter(year=timezone.now().year)),
    ("all", selectors.ListFilter(year=0)),
    ("all", selectors.ListFilter(year=0, q="草原")),
    ("drafts", selectors.ListFilter()),
]


@POSTGRES
@pytest.mark.parametrize(("tab", "f"), LISTS, ids=["current-year", "all-years", "two-character-word", "drafts"])
def test_list_count_and_page_use_an_index_not_a_scan_of_the_documents_31_32(office, series, tab, f):
    """[31][32] each half of the visibility rule (unclassified, classified) is counted and paged through an
    index: no sequential scan of the outgoing documents, however many there are."""
    _bulk(office, series, 30, title="关于草原防火的通知")
    _analyze()
    parts = selectors.list_parts(office["guikou2"], tab, f)
    assert len(parts) == 2  # guikou2 is cleared and pledged: both halves
    for part in parts:
        count = part.order_by().values("pk")[: selectors.COUNT_CAP + 1]
        page = selectors.list_rows(part).order_by("-created_at", "-pk")[:31]
        for qs in (count, page):
            plan = _plan(qs)
            assert "Seq Scan on outgoing_outgoingdocument" not in plan, plan


@POSTGRES
def test_two_character_search_asks_the_bigram_index_26_1(office, series):
    """A two-character word (most Chinese words; pg_trgm indexes nothing for it) asks for the rows holding its
    pieces through the GIN index of the title's, 发文字号's and 主送's two-character pieces, then re-checks."""
    (part, _) = selectors.list_parts(office["guikou2"], "all", selectors.ListFilter(year=0, q="草原"))
    sql = str(part.query)
    assert "string_to_array" in sql and "@> (ARRAY[草原])" in sql, sql
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'outgoing_search_bigrams'")
        (definition,) = cursor.fetchone()
    assert "gin (string_to_array(search_bigrams" in definition


def test_count_says_more_than_the_cap_and_stays_exact_below(client_as, office, series, monkeypatch):
    """Up to the cap the list gives the exact number; past it, “超过 N 件” (no count of a million rows)."""
    _bulk(office, series, 4)
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    assert "超过 3 件" in client_as("guikou2").get(URL, {"tab": "all", "year": "0"}).content.decode()
    monkeypatch.setattr(selectors, "COUNT_CAP", 10)
    assert "共 4 件" in client_as("guikou2").get(URL, {"tab": "all", "year": "0"}).content.decode()


@pytest.mark.parametrize("tab", ["all", "drafts", "mine"])
def test_queries_stay_flat_from_5_to_50_documents(client_as, office, series, monkeypatch, tab):
    """No per-row query and no query that grows with the list, on every tab."""
    client = client_as("guikou2")
    _bulk(office, series, 5)
    client.get(URL, {"tab": tab})  # warm the session, the profile and the caches
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"tab": tab})
    _bulk(office, series, 45)
    with CaptureQueriesContext(connection) as many:
        client.get(URL, {"tab": tab})
    assert len(many) == len(few)


# --- keyset paging: every document reachable ---------------------------------------------------------------


def test_older_and_newer_links_reach_every_document_once(client_as, office, series, draft, monkeypatch):
    """较早的 walks the whole list newest first, each document once, classified ones among the others for the
    person cleared and on them; 较新的 walks back. Someone not on the classified one never gets it [32]."""
    monkeypatch.setattr(outgoing_views, "PAGE_SIZE", 3)
    docs = _bulk(office, series, 8)
    secret = draft("guikou2", title="秘密的草原补助资金分配方案", secret_level=1)
    expected = [d.pk for d in sorted([*docs, secret], key=lambda d: (d.created_at, d.pk), reverse=True)]
    client = client_as("guikou2")
    seen, pages, response = _walk(client, {"tab": "all", "year": "0"})
    assert seen == expected
    back = []
    while _link(response, "prev"):
        response = client.get(f"{URL}?{_link(response, 'prev')}")
        back.append(_ids(response))
    assert back == pages[-2::-1]
    other, _, _ = _walk(client_as("guikou1"), {"tab": "all", "year": "0"})
    assert secret.pk not in other and set(other) == {d.pk for d in docs}


def test_jump_to_a_date_starts_on_that_day(client_as, office, series, monkeypatch):
    """跳到日期 shows that day's last document first, then older ones; newer ones are a link away."""
    monkeypatch.setattr(outgoing_views, "PAGE_SIZE", 2)
    now = timezone.localtime()
    recent = _bulk(office, series, 2, start_at=now)
    older = _bulk(office, series, 3, start_at=now - timedelta(days=3))
    client = client_as("guikou2")
    day = (now - timedelta(days=3)).date().isoformat()
    response = client.get(URL, {"tab": "all", "year": "0", "date": day})
    assert _ids(response) == [older[0].pk, older[1].pk]
    newer = client.get(f"{URL}?{_link(response, 'prev')}")
    assert _ids(newer) == [recent[0].pk, recent[1].pk]


@pytest.mark.parametrize("query", [{"before": "x_1"}, {"after": "123"}, {"date": "2026-13-40"}])
def test_a_hand_edited_page_address_is_a_clear_400(client_as, office, series, query):
    """A broken 翻页 or date address answers 400 in Chinese, never a 500."""
    response = client_as("guikou2").get(URL, {"tab": "all", **query})
    assert response.status_code == 400
    assert "翻页" in response.content.decode() or "日期" in response.content.decode()


def test_old_page_numbers_show_the_newest_page(client_as, office, series):
    """?page=20000 (an old link) shows the newest page instead of silently capping to page 1000."""
    docs = _bulk(office, series, 3)
    response = client_as("guikou2").get(URL, {"tab": "all", "page": "20000"})
    assert response.status_code == 200
    assert _ids(response)[0] == docs[0].pk


# --- [26(1)] two-character words, kept on every write --------------------------------------------------------


def test_search_column_is_kept_on_every_write(office, series, draft):
    """save, bulk_create, bulk_update and update all keep the search column (title, 发文字号, 主送)."""
    doc = draft(title="关于草原防火的通知")
    doc.refresh_from_db()
    assert "草原" in doc.search_bigrams.split() and "乡（" in doc.search_bigrams.split()
    doc.title = "关于道路验收的通知"
    doc.save(update_fields=["title"])
    doc.refresh_from_db()
    assert "验收" in doc.search_bigrams.split() and "草原" not in doc.search_bigrams.split()
    (bulk,) = _bulk(office, series, 1, title="牧区补助", numbered=True)
    bulk.refresh_from_db()
    assert "牧区" in bulk.search_bigrams.split() and "杂政" in bulk.search_bigrams.split()
    bulk.title = "虫草采集"
    OutgoingDocument.objects.bulk_update([bulk], ["title"])
    bulk.refresh_from_db()
    assert "虫草" in bulk.search_bigrams.split()
    OutgoingDocument.objects.filter(pk=bulk.pk).update(main_recipients="县林草局")
    bulk.refresh_from_db()
    assert "林草" in bulk.search_bigrams.split() and "虫草" in bulk.search_bigrams.split()


def test_migration_fills_the_search_column_of_rows_written_before(office, series, draft):
    """Rows written before the column existed are filled by migration 0007."""
    doc = draft(title="关于草原防火的通知")
    OutgoingDocument._base_manager.filter(pk=doc.pk).update(search_bigrams="")
    migration = importlib.import_module("documents.outgoing.migrations.0007_search_bigrams")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # CREATE INDEX refuses pending deferred checks
    migration.fill(django_apps, connection.schema_editor())
    doc.refresh_from_db()
    assert doc.search_bigrams == bigrams.bigrams(doc.title, doc.doc_number, doc.main_recipients)


@pytest.mark.parametrize("word", ["草原", "原", "草原防火", "PDF", "杂政[2026]", "林草局"])
def test_two_character_and_other_words_are_found(office, series, word):
    """A two-character word, one character, longer words, any case, a 发文字号 typed with [], and 主送."""
    (found,) = _bulk(
        office, series, 1, title="关于做好冬季草原防火工作的通知（附pdf）", numbered=True, main_recipients="县林草局"
    )
    _bulk(office, series, 2, title="关于道路验收的通知", start_at=timezone.now() - timedelta(days=400), numbered=True)
    result = selectors.document_list(office["guikou2"], selectors.ListFilter(year=0, q=word))
    assert list(result) == [found]


# --- [30(5)] the register's export, a keyset batch at a time ------------------------------------------------------


def test_register_export_reads_keyset_batches_and_keeps_every_number_in_order(client_as, office, series, monkeypatch):
    """[30(5)] the export reads the register BATCH rows per query (one more query per batch, no OFFSET, never
    the whole year in one query) and writes every number once, in number order."""
    monkeypatch.setattr(exports, "BATCH", 3)
    docs = _bulk(office, series, 7, numbered=True)
    client = client_as("shoufa")
    url = reverse("outgoing:register_export", args=["xlsx"])
    year = docs[0].year
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"year": year})
    assert response.status_code == 200
    register = [q["sql"] for q in queries if "outgoing_outgoingdocument" in q["sql"] and "ORDER BY" in q["sql"]]
    assert len(register) == 3  # 3 + 3 + 1
    assert not any("OFFSET" in sql for sql in register)
    sheet = load_workbook(filename=__import__("io").BytesIO(response.content)).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert numbers == [d.doc_number for d in sorted(docs, key=lambda d: d.serial)]


@POSTGRES
def test_register_batch_reads_the_register_index(office, series):
    """[30(5)] a batch after the first starts inside the register's index, not a scan of the year."""
    docs = _bulk(office, series, 30, numbered=True)
    _analyze()
    rows = selectors.register_rows(office["shoufa"], year=docs[0].year)
    qs = rows.order_by("series_id", "serial").filter(series_id__gte=docs[0].series_id, serial__gt=docs[0].serial)[
        : exports.BATCH
    ]
    plan = _plan(qs)
    assert "Seq Scan on outgoing_outgoingdocument" not in plan, plan


# --- [30(5)] the register on screen: forward and back in number order ----------------------------------------


def test_register_pages_reach_every_number_forward_and_back_30_5(client_as, office, series, monkeypatch):
    """[30(5)] 下一页 walks the year's register in number order, every number once (a masked classified one
    too, never a gap [32]); 上一页 walks back; no COUNT and no OFFSET, the same queries with 6 rows as with 40."""
    monkeypatch.setattr(outgoing_views, "REGISTER_PAGE_SIZE", 3)
    docs = _bulk(office, series, 7, numbered=True)
    docs += _bulk(office, series, 1, numbered=True, secret_level=1)  # nobody is on it: masked for the clerk
    url = reverse("outgoing:register")
    client = client_as("shoufa")
    year = docs[0].year
    response = client.get(url, {"year": year})
    pages = [re.findall(r"<tr(?: data-masked)?><td>([^<]+)</td>", response.content.decode())]
    while _link(response, "next"):
        response = client.get(f"{url}?{_link(response, 'next')}")
        pages.append(re.findall(r"<tr(?: data-masked)?><td>([^<]+)</td>", response.content.decode()))
    assert [n for page in pages for n in page] == [d.doc_number for d in sorted(docs, key=lambda d: d.serial)]
    back = []
    while _link(response, "prev"):
        response = client.get(f"{url}?{_link(response, 'prev')}")
        back.append(re.findall(r"<tr(?: data-masked)?><td>([^<]+)</td>", response.content.decode()))
    assert back == pages[-2::-1]
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"year": year, "after": f"{docs[0].series_id}_{docs[2].serial}"})
    _bulk(office, series, 32, numbered=True)
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"year": year, "after": f"{docs[0].series_id}_{docs[2].serial}"})
    assert len(many) == len(few)
    register = [q["sql"] for q in many if '"outgoing_outgoingdocument"."serial"' in q["sql"] and "ORDER BY" in q["sql"]]
    assert len(register) == 1 and "LIMIT 4" in register[0] and "OFFSET" not in register[0]  # a page and one row
    assert client.get(url, {"year": year, "after": "x"}).status_code == 400
