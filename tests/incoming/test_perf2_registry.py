"""The registry at a county's ten years of paper (issue 13): a count an index answers, keyset paging that
reaches every document, two-character words and senders' numbers found through their own indexes — with the
same documents found as before [26(1)], [31], [32]."""

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

from core.pagination import capped_counts
from documents.incoming import search_keys, selectors
from documents.incoming import views as incoming_views
from documents.incoming.models import Category, IncomingDocument, Intake, State
from documents.types import SecretLevel
from org.models import Unit

from .factories import register

pytestmark = pytest.mark.django_db


def _bulk(office, n: int, *, start_at=None, **fields) -> list[IncomingDocument]:
    unit = Unit.objects.first()
    start_at = start_at or timezone.now()
    first = IncomingDocument.objects.count()
    return IncomingDocument.objects.bulk_create(
        [
            IncomingDocument(
                year=(start_at - timedelta(hours=i)).year,
                serial=first + i + 1,
                received_at=start_at - timedelta(hours=i),
                registered_by=office["shoufa"],
                source_unit=unit,
                title=fields.get("title", f"批量文件{i}"),
                sender_number=fields.get("sender_number", f"批〔2026〕{first + i}号"),
                intake=Intake.SUPERIOR,
                category=Category.READ,
                state=State.CIRCULATING,
                due_at=start_at,
                secret_level=fields.get("secret_level", SecretLevel.NONE),
            )
            for i in range(n)
        ]
    )


def _ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-doc="(\d+)"', response.content.decode())]


def _link(response, rel: str) -> str:
    match = re.search(rf'href="\?([^"]*)" rel="{rel}"', response.content.decode())
    return match.group(1).replace("&amp;", "&") if match else ""


# --- [26(1)] the count an index answers -------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL's plan")
@pytest.mark.parametrize(
    "f",
    [
        selectors.RegistryFilter(year=timezone.now().year),
        selectors.RegistryFilter(),
        selectors.RegistryFilter(overdue=True),
        selectors.RegistryFilter(q="草原"),
    ],
    ids=["current-year", "all-years", "overdue", "two-character-word"],
)
def test_registry_count_uses_an_index_not_a_scan_of_the_documents_26_1(office, f):
    """[26(1)] [32] the registry's count reads each half (unclassified, classified) through an index: no
    sequential scan of the documents, whatever the table's size (seq scans only as a last resort)."""
    _bulk(office, 30)
    clerk = office["shoufa"]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE incoming_incomingdocument")
    for part in selectors.registry_parts(clerk, f):
        sql, params = part.order_by().values("pk")[:10001].query.get_compiler(using=part.db).as_sql()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN SELECT COUNT(*) FROM ({sql}) part", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "Seq Scan on incoming_incomingdocument" not in plan, plan


def test_count_says_more_than_the_cap_and_stays_exact_below_26_1(client_as, office, monkeypatch):
    """[26(1)] up to the cap the registry gives the exact number; past it, “超过 N 件”."""
    _bulk(office, 4)
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    page = client_as("shoufa").get(reverse("incoming:list"), {"year": ""}).content.decode()
    assert "超过 3 件" in page
    monkeypatch.setattr(selectors, "COUNT_CAP", 10)
    page = client_as("shoufa").get(reverse("incoming:list"), {"year": ""}).content.decode()
    assert "共 4 件" in page


def test_capped_counts_count_each_part_to_the_cap_32(office):
    """[32] each half is counted on its own, to the cap and one more."""
    _bulk(office, 5)
    _bulk(office, 2, secret_level=SecretLevel.SECRET)
    everything = IncomingDocument.objects.all()
    assert capped_counts([everything.filter(secret_level=0), everything.filter(secret_level__gt=0)], 3) == [4, 2]
    assert capped_counts([everything.none(), everything.filter(secret_level=0)], 10) == [0, 5]
    assert capped_counts([everything.filter(secret_level=0)], 3, order_by=("-received_at", "-id")) == [4]


def test_the_registry_is_counted_in_its_own_order_unless_searching_26_1(client_as, office):
    """[26(1)] the registry's count reads the first 10,001 rows in the list's order (newest first), off the index
    the page reads: counted unordered, PostgreSQL may scan the table from a start where this year's rows are
    not (at 1M: 3 ms or 700 ms, issue 13). A search counts by its words' index, unordered."""
    _bulk(office, 3)
    with CaptureQueriesContext(connection) as plain:
        client_as("shoufa").get(reverse("incoming:list"))
    with CaptureQueriesContext(connection) as searched:
        client_as("shoufa").get(reverse("incoming:list"), {"q": "通知"})

    def counts(captured, cap):  # the list's count (the badge counts too, to its own cap)
        return [
            q["sql"]
            for q in captured
            if q["sql"].startswith("SELECT (SELECT COUNT(") and f"LIMIT {cap + 1})" in q["sql"]
        ]

    (plain_count,) = counts(plain, selectors.COUNT_CAP)
    assert 'ORDER BY "incoming_incomingdocument"."received_at" DESC' in plain_count
    (searched_count,) = counts(searched, selectors.SEARCH_COUNT_CAP)
    assert 'received_at" DESC' not in searched_count


# --- [26(1)] keyset paging: every document reachable ---------------------------------------------------------


def test_older_and_newer_links_reach_every_document_once_26_1(client_as, office, monkeypatch):
    """[26(1)] 较早的 walks the whole registry, newest first, each document once; 较新的 walks back."""
    monkeypatch.setattr(incoming_views, "PAGE_SIZE", 3)
    docs = _bulk(office, 8)
    expected = [d.pk for d in sorted(docs, key=lambda d: (d.received_at, d.pk), reverse=True)]
    client = client_as("shoufa")
    url = reverse("incoming:list")
    response = client.get(url, {"year": ""})
    seen, pages = _ids(response), [_ids(response)]
    while _link(response, "next"):
        response = client.get(f"{url}?{_link(response, 'next')}")
        pages.append(_ids(response))
        seen += pages[-1]
    assert seen == expected
    back = []
    while _link(response, "prev"):
        response = client.get(f"{url}?{_link(response, 'prev')}")
        back.append(_ids(response))
    assert back == pages[-2::-1]


def test_jump_to_a_date_starts_on_that_day_26_1(client_as, office, monkeypatch):
    """[26(1)] 跳到日期 shows that day's last document first, then older ones; newer ones are a link away."""
    monkeypatch.setattr(incoming_views, "PAGE_SIZE", 2)
    now = timezone.localtime()
    recent = _bulk(office, 2, start_at=now)
    older = _bulk(office, 3, start_at=now - timedelta(days=3))
    client = client_as("shoufa")
    day = (now - timedelta(days=3)).date().isoformat()
    response = client.get(reverse("incoming:list"), {"year": "", "date": day})
    assert _ids(response) == [older[0].pk, older[1].pk]
    newer = client.get(f"{reverse('incoming:list')}?{_link(response, 'prev')}")
    assert _ids(newer) == [recent[0].pk, recent[1].pk]


@pytest.mark.parametrize("query", [{"before": "x_1"}, {"after": "123"}, {"date": "2026-13-40"}])
def test_a_hand_edited_page_address_is_a_clear_400_26_1(client_as, office, query):
    """[26(1)] a broken 翻页 or date address answers 400 in Chinese, never a 500."""
    response = client_as("shoufa").get(reverse("incoming:list"), query)
    assert response.status_code == 400
    assert "翻页" in response.content.decode() or "日期" in response.content.decode()


def test_old_page_numbers_no_longer_cap_anything_26_1(client_as, office):
    """[26(1)] ?page=20000 (an old link) shows the newest page instead of silently showing page 1000."""
    docs = _bulk(office, 3)
    response = client_as("shoufa").get(reverse("incoming:list"), {"page": "20000"})
    assert response.status_code == 200
    assert _ids(response)[0] == docs[0].pk


def test_classified_documents_page_with_the_others_for_the_cleared_32(client_as, office, monkeypatch):
    """[32] the cleared clerk, on every document, pages through classified and unclassified ones in one order;
    someone not on the classified one never gets it on any page."""
    monkeypatch.setattr(incoming_views, "PAGE_SIZE", 2)
    secret = register(office, title="涉密通知", secret_level=SecretLevel.SECRET)
    plain = [register(office, title=f"普通通知{i}") for i in range(3)]
    client = client_as("shoufa")
    url = reverse("incoming:list")
    response, seen = client.get(url, {"year": ""}), []
    seen += _ids(response)
    while _link(response, "next"):
        response = client.get(f"{url}?{_link(response, 'next')}")
        seen += _ids(response)
    assert sorted(seen) == sorted([secret.pk, *(d.pk for d in plain)])
    other = client_as("fuzhuren")
    response, seen = other.get(url, {"year": ""}), []
    seen += _ids(response)
    while _link(response, "next"):
        response = other.get(f"{url}?{_link(response, 'next')}")
        seen += _ids(response)
    assert secret.pk not in seen


# --- [26(1)] two-character words and senders' numbers --------------------------------------------------------


def test_search_columns_are_kept_on_every_write_26_1(office):
    """[26(1)] save, bulk_create, bulk_update and update all keep the search columns."""
    doc = register(office, title="关于草原防火的通知", sender_number="杂住建[2026]52号")
    doc.refresh_from_db()
    assert "草原" in doc.search_bigrams.split() and doc.sender_key == "杂住建〔2026〕52号"
    doc.title = "关于道路验收的通知"
    doc.save(update_fields=["title"])
    doc.refresh_from_db()
    assert "验收" in doc.search_bigrams.split() and "草原" not in doc.search_bigrams.split()
    (bulk,) = _bulk(office, 1, title="牧区补助", sender_number="玉政 (2025) 3号")
    bulk.refresh_from_db()
    assert "牧区" in bulk.search_bigrams.split() and bulk.sender_key == "玉政〔2025〕3号"
    bulk.title = "虫草采集"
    IncomingDocument.objects.bulk_update([bulk], ["title"])
    bulk.refresh_from_db()
    assert "虫草" in bulk.search_bigrams.split()
    IncomingDocument.objects.filter(pk=bulk.pk).update(title="安全生产检查")
    bulk.refresh_from_db()
    assert "生产" in bulk.search_bigrams.split() and "虫草" not in bulk.search_bigrams.split()


def test_migration_fills_the_search_columns_of_rows_written_before_26_1(office):
    """[26(1)] rows written before the columns existed are filled by migration 0007."""
    doc = register(office, title="关于草原防火的通知", sender_number="杂住建〔2026〕52号")
    IncomingDocument._base_manager.filter(pk=doc.pk).update(search_bigrams="", sender_key="")
    migration = importlib.import_module("documents.incoming.migrations.0007_search_keys")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # CREATE INDEX refuses pending deferred checks
    migration.fill(django_apps, connection.schema_editor())
    doc.refresh_from_db()
    assert doc.search_bigrams == search_keys.bigrams(doc.title, doc.sender_number)
    assert doc.sender_key == "杂住建〔2026〕52号"


@pytest.mark.parametrize("word", ["草原", "原", "草原防火", "防火 草原", "PDF"])
def test_two_character_and_single_character_words_are_found_26_1(office, word):
    """[26(1)] a two-character word (most Chinese words), one character, longer words, any case."""
    found = register(office, title="关于做好冬季草原防火工作的通知（附pdf）")
    register(office, title="关于道路验收的通知", sender_number="杂交〔2026〕3号")
    assert list(selectors.registry(office["shoufa"], selectors.RegistryFilter(q=word))) == [found]


@pytest.mark.parametrize("typed", ["杂住建[2026]52号", "杂住建〔2026〕", "杂住建 (2026) 52号", "〔2026〕52号"])
def test_sender_number_found_exactly_by_its_beginning_or_inside_26_1(office, typed):
    """[26(1)] 杂住建[2026]52号 finds 杂住建〔2026〕52号; so do its beginning and a part of it."""
    doc = register(office, title="关于危旧房改造项目验收的通知", sender_number="杂住建〔2026〕52号")
    register(office, title="另一份通知", sender_number="玉政〔2025〕7号")
    assert list(selectors.registry(office["shoufa"], selectors.RegistryFilter(q=typed))) == [doc]


def test_query_asks_the_index_for_the_rarest_looking_pieces_only_26_1():
    """[26(1)] a number's common pieces (digits, brackets) are left to the re-check, never the index."""
    assert search_keys.query_bigrams("杂住建〔2026〕52号") == ["杂住", "住建", "建〔"]
    assert search_keys.query_bigrams("原") == []


# --- [26(1)] a whole number, and a search's count ------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigram index")
def test_a_number_typed_whole_is_looked_up_by_the_keys_trigram_index_not_its_pieces_26_1(office):
    """[26(1)] 杂财〔2018〕324号 inside a key is looked up in the key's trigram index (migration 0010), not through
    its two-character pieces, which every number of the same sender and ending shares (8,330 rows at 1M); a
    two-character word still asks the pieces. The same documents are found either way (the tests above)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'incoming_sender_key_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition and "sender_key" in definition

    def sql(q: str) -> str:
        part = selectors.registry_parts(office["shoufa"], selectors.RegistryFilter(q=q))[0]
        return str(part.query)

    assert "string_to_array" not in sql("杂财〔2018〕324号")  # a bare LIKE the trigram indexes answer
    assert "string_to_array" in sql("草原")  # two characters: no trigram, the pieces narrow


def test_a_whole_number_is_its_keys_beginning_and_a_part_is_looked_for_inside_26_1(office):
    """[26(1)] 杂财〔2018〕324号 typed whole is a look-up of the key's beginning (B-tree), not a search inside every
    key (issue 13: the key's trigrams are in most numbers); 〔2018〕324号, a part, is still looked for inside."""

    def sql(q: str) -> str:
        part = selectors.registry_parts(office["shoufa"], selectors.RegistryFilter(q=q))[0]
        return str(part.query)

    def key_patterns(q: str) -> list[str]:
        return re.findall(r'"sender_key"::text LIKE ([^ )]+)', sql(q))

    assert key_patterns("杂财[2018]324号") == ["杂财〔2018〕324号%"]
    assert key_patterns("〔2018〕324号") == ["〔2018〕324号%", "%〔2018〕324号%"]
    doc = register(office, title="关于转发杂财〔2018〕324号文件的通知", sender_number="玉财〔2018〕9号")
    quoted = register(office, title="关于预算的通知", sender_number="杂财〔2018〕324号")
    found = set(selectors.registry(office["shoufa"], selectors.RegistryFilter(q="杂财〔2018〕324号")))
    assert found == {doc, quoted}  # the title that quotes it, and the number itself


def test_a_search_is_counted_to_its_own_cap_26_1(client_as, office, monkeypatch):
    """[26(1)] a search says “超过 N 件” past the search cap (lower than the registry's): the clerk narrows it."""
    _bulk(office, 4, title="草原防火通知")
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 3)
    page = client_as("shoufa").get(reverse("incoming:list"), {"year": "", "q": "草原"}).content.decode()
    assert "超过 3 件" in page
    page = client_as("shoufa").get(reverse("incoming:list"), {"year": ""}).content.decode()
    assert "共 4 件" in page
