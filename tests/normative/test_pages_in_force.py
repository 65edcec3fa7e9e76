"""现行有效规范性文件目录 [13]: every signed-in person reads it — a unit's 联络员 too; a document past its validity,
not yet effective, repealed or waiting to be published is not on it; the list's query count is flat."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from normative.models import NormativeDocument, State

from .factories import LEGAL, in_force_document, published, registered
from .factories_pages import BUDGET, queries_for

pytestmark = pytest.mark.django_db


def _listed(client, query: str = "") -> list[int]:
    response = client.get(reverse("normative:in_force") + query)
    assert response.status_code == 200
    return [d.pk for d in response.context["rows"]]


def test_a_units_contact_reads_the_in_force_list_13(office, client_as):
    """[13]: normative documents are public — the township's 联络员 reads the list, without the register's links."""
    doc = in_force_document(office, title="杂多县草原防火管理办法", doc_number="杂政〔2025〕8号")
    client = client_as("lianluo")
    response = client.get(reverse("normative:in_force"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "杂多县草原防火管理办法" in page and "杂政〔2025〕8号" in page
    assert "2026-01-01" in page and "2031-01-01" in page
    assert f'href="{reverse("normative:home")}"' not in page  # no 登记簿 for them
    assert [d.pk for d in response.context["rows"]] == [doc.pk]


@pytest.mark.parametrize("username", ["shoufa", "guikou1", "xinxi", "zhuren", "xianzhang", "fazhi", "lianluo"])
def test_every_signed_in_person_opens_the_list_and_its_files_13(office, client_as, username):
    in_force_document(office)
    client = client_as(username)
    for name in ("normative:in_force", "normative:in_force_xlsx", "normative:in_force_pdf"):
        assert client.get(reverse(name)).status_code == 200, name


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in_13(client):
    response = client.get(reverse("normative:in_force"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_only_what_is_in_force_today_is_listed_13(office, client_as):
    """[13]: in force = published, effective today, not past 有效期至 — a query on dates, not a state."""
    current = in_force_document(office, title="现行")
    in_force_document(  # expired yesterday
        office,
        title="已过期",
        effective_on=date(2020, 1, 1),
        valid_until=date(2026, 11, 15),
        published_on=date(2019, 12, 1),
    )
    published(office, title="未施行", effective_on=date(2026, 12, 1), published_on=date(2026, 11, 10))
    registered(office, title="待公布", effective_on=date(2026, 1, 1))
    assert _listed(client_as("lianluo")) == [current.pk]


def test_a_document_leaves_the_list_on_its_own_when_its_validity_ends_13(office, client_as, clock):
    """[13]: no job, no state change — the morning after 有效期至 it is gone."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    doc = in_force_document(office, valid_until=date(2026, 11, 16))
    assert _listed(client_as("lianluo")) == [doc.pk]
    clock.move_to(datetime(2026, 11, 17, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    assert _listed(client_as("lianluo")) == []  # signed in again: the evening's session has ended
    assert NormativeDocument.objects.get(pk=doc.pk).state == State.PUBLISHED


def test_search_and_authority_filter_13(office, client_as):
    grass = in_force_document(office, title="杂多县草原生态补奖资金管理办法", authority="government")
    road = in_force_document(
        office, title="杂多县农村公路养护管理办法", doc_number="杂政办〔2025〕3号", authority="office"
    )
    client = client_as("guikou1")
    assert _listed(client, "?q=草原") == [grass.pk]
    assert _listed(client, "?q=杂政办") == [road.pk]
    assert _listed(client, "?authority=office") == [road.pk]


@pytest.mark.parametrize("query", ["?authority=party", "?q=" + "草" * 61])
def test_a_hand_edited_filter_is_a_chinese_400_13(office, client_as, query):
    response = client_as("lianluo").get(reverse("normative:in_force") + query)
    assert response.status_code == 400 and "筛选条件不正确" in response.content.decode()


def test_the_list_asks_the_same_queries_for_3_or_30_rows_13(office, client_as):
    """[13]: flat in the number of documents."""
    client = client_as("lianluo")
    url = reverse("normative:in_force")
    counts = []
    for n in range(30):
        in_force_document(office, title=f"杂多县管理办法{n}", doc_number=f"杂政〔2025〕{n + 1}号")
        if n + 1 in (3, 30):
            counts.append(queries_for(client, url))
    assert counts[0] == counts[1] <= BUDGET, counts


def test_the_register_link_is_there_for_the_legal_section_13(office, client_as):
    doc = in_force_document(office)
    page = client_as(LEGAL).get(reverse("normative:in_force")).content.decode()
    assert reverse("normative:document", args=[doc.pk]) in page
