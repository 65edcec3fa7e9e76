"""The project's admin changelist for incoming documents on a big table (issue 13): no COUNT(*) of the whole
table, a count that stops reading at a cap and says so, no query per row."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.admin_paging import CappedCountPaginator
from tests.incoming.factories import register

URL = "admin:incoming_incomingdocument_changelist"


def _counts(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


@pytest.fixture
def documents(office):
    return [register(office, sender_number=f"测试〔2026〕{i}号", title=f"关于测试事项{i}的通知") for i in range(5)]


def test_the_count_stops_at_the_cap_and_says_more(client_as, documents, count_queries, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "cap", 3)
    client = client_as("admin")
    with count_queries() as queries:
        response = client.get(reverse(URL))
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 条以上" in html
    counts = _counts(queries)
    assert counts and all("LIMIT 4" in sql for sql in counts), counts  # never the whole table


def test_under_the_cap_the_count_is_exact(client_as, documents):
    html = client_as("admin").get(reverse(URL)).content.decode()
    assert "5 收文" in html and "条以上" not in html


def test_a_search_counts_only_what_it_finds(client_as, documents):
    html = client_as("admin").get(reverse(URL), {"q": "测试事项3"}).content.decode()
    assert "关于测试事项3的通知" in html and "关于测试事项4的通知" not in html
