"""规范性文件 pages, the register and a document [13]: each page per kind of person, 404 for what is not theirs,
Chinese 4xx on bad input, a stale page is a 409, the register's query count flat in its rows."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from normative.models import NormativeDocument, State

from .factories import LEGAL, from_outgoing, in_force_document, interpretation, proposal, registered
from .factories_pages import BUDGET, queries_for

pytestmark = pytest.mark.django_db

READERS = ("fazhi", "zhuren", "fuzhuren", "xianzhang", "changwu", "fuxianzhang1")


def test_the_register_opens_for_the_legal_section_and_the_leaders_13(office, client_as):
    """[13]: 法制科 keeps the register; the office's leaders and the county leaders read it."""
    doc = in_force_document(office, title="杂多县草原防火管理办法")
    for username in READERS:
        client = client_as(username)
        page = client.get(reverse("normative:home"))
        assert page.status_code == 200, username
        assert "杂多县草原防火管理办法" in page.content.decode(), username
        assert client.get(reverse("normative:document", args=[doc.pk])).status_code == 200, username


def test_staff_and_a_units_contact_land_on_the_in_force_list_13(office, client_as):
    """[13]: the register is 法制科's; others land on the public list (现行有效目录)."""
    for username in ("shoufa", "lianluo", "guikou1"):
        response = client_as(username).get(reverse("normative:home"))
        assert response.status_code == 302 and response["Location"] == reverse("normative:in_force"), username


def test_only_the_legal_section_is_offered_the_steps_13(office, client_as):
    """[13]: 法制科 publishes, records the filing, answers; a leader reads the same page without a button."""
    doc = registered(office)
    legal = client_as(LEGAL).get(reverse("normative:document", args=[doc.pk])).content.decode()
    assert "data-publish-form" in legal and "更正登记事项" in legal
    leader = client_as("zhuren").get(reverse("normative:document", args=[doc.pk])).content.decode()
    assert "data-publish-form" not in leader and "更正登记事项" not in leader
    assert "经审核，合法。" in leader  # the review it carries [30(2)3]


def test_a_document_waiting_to_be_published_is_a_404_to_a_contact_13(office, client_as):
    """[13]: a document not yet published is the office's internal work — missing and not yours alike."""
    doc = registered(office)
    client = client_as("lianluo")
    assert client.get(reverse("normative:document", args=[doc.pk])).status_code == 404
    assert client.get(reverse("normative:document", args=[999999])).status_code == 404


def test_a_contact_reads_a_published_document_without_the_offices_work_on_it_13(office, client_as):
    """[13]: public by nature — the title, number and dates; not the review, the filing or the history."""
    doc = in_force_document(office, title="杂多县城镇环境卫生管理办法")
    interpretation(office, doc)
    page = client_as("lianluo").get(reverse("normative:document", args=[doc.pk])).content.decode()
    assert "杂多县城镇环境卫生管理办法" in page and "现行有效" in page
    assert "经审核，合法。" not in page and "补助对象" not in page and "办理经过" not in page


def test_not_the_legal_section_cannot_act_13(office, client_as):
    """[13]: a leader who posts a step anyway gets 403 in Chinese; the document stays as it was."""
    doc = registered(office)
    response = client_as("zhuren").post(
        reverse("normative:act", args=[doc.pk, "publish"]),
        {"published_on": "2026-11-16", "published_in": "portal", "version": doc.version},
    )
    assert response.status_code == 403
    assert "法制科" in response.content.decode()
    assert NormativeDocument.objects.get(pk=doc.pk).state == State.REGISTERED
    assert client_as("lianluo").get(reverse("normative:edit", args=[doc.pk])).status_code == 403


def test_publish_from_the_page_starts_the_filing_clock_13(office, client_as):
    """[13]: 公布 records the date and the carrier; 备案 is due 30 days later."""
    doc = registered(office, effective_on=date(2026, 12, 1))
    response = client_as(LEGAL).post(
        reverse("normative:act", args=[doc.pk, "publish"]),
        {"published_on": "2026-11-16", "published_in": "portal", "version": doc.version},
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.state == State.PUBLISHED and doc.filing_due == date(2026, 12, 16)
    page = client_as(LEGAL).get(reverse("normative:document", args=[doc.pk])).content.decode()
    assert "报送备案" in page and "data-filing-form" in page


def test_publishing_without_a_legal_review_is_refused_13_30(office, client_as):
    """[13][30(2)3]: no button, and a hand-made POST is a Chinese 403 naming the 法制科 review."""
    doc = registered(office, legal_opinion="", legal_reviewed_on=None)
    client = client_as(LEGAL)
    page = client.get(reverse("normative:document", args=[doc.pk])).content.decode()
    assert "data-publish-form" not in page and "没有法制科审核意见" in page
    response = client.post(
        reverse("normative:act", args=[doc.pk, "publish"]),
        {"published_on": "2026-11-16", "published_in": "portal", "version": doc.version},
    )
    assert response.status_code == 403 and "法制科审核" in response.content.decode()


def test_a_stale_page_is_a_409_13(office, client_as):
    """[13]: two clerks on the same page — the second 公布 is told someone acted first."""
    doc = registered(office, effective_on=date(2026, 12, 1))
    client = client_as(LEGAL)
    url = reverse("normative:act", args=[doc.pk, "publish"])
    form = {"published_on": "2026-11-16", "published_in": "portal", "version": doc.version}
    assert client.post(url, form).status_code == 302
    response = client.post(url, form)
    assert response.status_code == 409
    assert "已被他人处理" in response.content.decode()


@pytest.mark.parametrize(
    ("form", "words"),
    [
        ({"published_on": "", "published_in": "portal"}, "公布日期"),
        ({"published_on": "2026-13-45", "published_in": "portal"}, "日期"),
        ({"published_on": "2026-11-16", "published_in": "somewhere"}, "公布载体"),
        ({"published_on": "2027-01-01", "published_in": "portal"}, "不能晚于今天"),
    ],
)
def test_bad_publication_input_is_a_chinese_400_13(office, client_as, form, words):
    """[13]: a missing, malformed or future date, an unknown carrier — a 400 that says what is wrong."""
    doc = registered(office, effective_on=date(2026, 12, 1))
    response = client_as(LEGAL).post(reverse("normative:act", args=[doc.pk, "publish"]), {**form, "version": 1})
    assert response.status_code == 400
    assert words in response.content.decode()
    assert NormativeDocument.objects.get(pk=doc.pk).state == State.REGISTERED


def test_an_unknown_step_is_a_404_13(office, client_as):
    doc = registered(office)
    assert client_as(LEGAL).post(reverse("normative:act", args=[doc.pk, "shred"])).status_code == 404


def test_filing_and_its_acceptance_from_the_page_13(office, client_as):
    """[13]: 报送备案 to 玉树州人民政府, then the prefecture's acceptance — both on the page and in the history."""
    doc = in_force_document(office)
    client = client_as(LEGAL)
    response = client.post(
        reverse("normative:act", args=[doc.pk, "file"]),
        {"filed_on": "2025-12-20", "filed_with": "玉树州人民政府", "version": doc.version},
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    response = client.post(
        reverse("normative:act", args=[doc.pk, "accept_filing"]),
        {"accepted_on": "2026-01-10", "result": "经审查，准予备案。", "version": doc.version},
    )
    assert response.status_code == 302
    page = client.get(reverse("normative:document", args=[doc.pk])).content.decode()
    assert "玉树州人民政府" in page and "经审查，准予备案。" in page and "报送备案" in page


def test_filing_before_publication_is_a_400_13(office, client_as):
    """[13]: the filing date cannot precede publication."""
    doc = in_force_document(office)
    response = client_as(LEGAL).post(
        reverse("normative:act", args=[doc.pk, "file"]),
        {"filed_on": "2025-01-01", "filed_with": "玉树州人民政府", "version": doc.version},
    )
    assert response.status_code == 400 and "报送备案日期" in response.content.decode()


def test_register_filters_and_search_13(office, client_as):
    """[13]: the register's filters — state, in force, year, authority, overdue filing — and the search."""
    grass = in_force_document(office, title="杂多县草原生态补奖资金管理办法", doc_number="杂政〔2025〕30号")
    waiting = registered(office, title="杂多县农村公路养护办法", doc_number="杂政办〔2026〕2号", authority="office")
    client = client_as("zhuren")

    def shown(query: str) -> set[int]:
        page = client.get(reverse("normative:home") + query)
        assert page.status_code == 200, query
        return {d.pk for d in page.context["page"].object_list}

    assert shown("") == {grass.pk, waiting.pk}
    assert shown("?state=registered") == {waiting.pk}
    assert shown("?in_force=on") == {grass.pk}
    assert shown("?q=草原") == {grass.pk}
    assert shown("?q=2025〕30") == {grass.pk}
    assert shown("?authority=office") == {waiting.pk}
    assert shown(f"?year={grass.register_year}") == {grass.pk, waiting.pk}
    assert shown("?year=2019") == set()


def test_filing_overdue_is_marked_and_filtered_13(office, client_as):
    """[13]: published more than 30 days ago and not filed — marked 逾期未备案, and its own filter."""
    late = in_force_document(office, title="杂多县虫草采挖管理办法")  # published 2025-12-15, due 2026-01-14
    client = client_as(LEGAL)
    page = client.get(reverse("normative:home") + "?filing_overdue=on")
    assert [d.pk for d in page.context["page"].object_list] == [late.pk]
    assert "逾期未备案" in page.content.decode()


@pytest.mark.parametrize("query", ["?year=abc", "?year=1800", "?state=lost", "?authority=party", "?year=9999"])
def test_a_hand_edited_filter_is_a_chinese_400_13(office, client_as, query):
    response = client_as(LEGAL).get(reverse("normative:home") + query)
    assert response.status_code == 400
    assert "筛选条件不正确" in response.content.decode()


def test_a_page_past_the_end_is_the_last_page_not_an_error_13(office, client_as):
    in_force_document(office)
    assert client_as(LEGAL).get(reverse("normative:home") + "?page=99999").status_code == 200


def test_the_register_asks_the_same_queries_for_3_or_30_rows_13(office, client_as):
    """[13]: the list's query count does not grow with its rows."""
    client = client_as("zhuren")
    url = reverse("normative:home")
    counts = []
    for n in range(30):
        registered(office, title=f"杂多县规范性文件{n}", doc_number=f"杂政〔2024〕{n + 1}号")
        if n + 1 in (3, 30):
            counts.append(queries_for(client, url))
    assert counts[0] == counts[1] <= BUDGET, counts


def test_the_document_page_asks_the_same_queries_whatever_its_history_13(office, client_as):
    """[13]: interpretations and history are read in one query each."""
    doc = in_force_document(office)
    client = client_as(LEGAL)
    url = reverse("normative:document", args=[doc.pk])
    counts = []
    for n in range(30):
        interpretation(office, doc, question=f"第{n + 1}条如何理解？")
        if n + 1 in (3, 30):
            counts.append(queries_for(client, url))
    assert counts[0] == counts[1] <= BUDGET, counts


def test_a_repeal_proposal_shows_on_the_document_13(office, client_as):
    doc = in_force_document(office)
    proposal(office, doc, reason="与新修订的《草原法》不一致")
    page = client_as("xianzhang").get(reverse("normative:document", args=[doc.pk])).content.decode()
    assert "与新修订的《草原法》不一致" in page and "待决定" in page


def test_the_register_from_an_issued_outgoing_document_carries_its_review_13_30(office, client_as):
    """[13][30(2)3]: the distribution registered it; its page shows 法制科's opinion from the route."""
    doc = from_outgoing(office)
    page = client_as(LEGAL).get(reverse("normative:document", args=[doc.pk])).content.decode()
    assert "经审核，该文件符合法律法规规定，同意发布。" in page
    assert doc.doc_number in page


# Each page for each kind of person [13]: 法制科 keeps, the office's and county leaders read, the county head and
# the executive deputy head decide, office staff and a unit's 联络员 read the public list and published documents.
PEOPLE = {
    "fazhi": "keeper",
    "zhuren": "reader",
    "fuzhuren": "reader",
    "fuxianzhang1": "reader",
    "xianzhang": "decider",
    "changwu": "decider",
    "shoufa": "public",
    "xinxi": "public",
    "lianluo": "public",
}


@pytest.mark.parametrize("username", sorted(PEOPLE))
def test_every_page_answers_each_kind_of_person_as_the_rule_says_13(office, client_as, username):
    """[13]: 200 where the person belongs, 302 to the in-force list from the register, 403 (in Chinese) from the
    office's work, 404 for a document still waiting to be published."""
    kind = PEOPLE[username]
    public_doc = in_force_document(office)
    waiting = registered(office, title="待公布的办法")
    found = proposal(office, public_doc)
    client = client_as(username)
    reads = kind in ("keeper", "reader", "decider")
    expected = {
        reverse("normative:home"): 200 if reads else 302,
        reverse("normative:in_force"): 200,
        reverse("normative:in_force_pdf"): 200,
        reverse("normative:in_force_xlsx"): 200,
        reverse("normative:document", args=[public_doc.pk]): 200,
        reverse("normative:document", args=[waiting.pk]): 200 if reads else 404,
        reverse("normative:register_xlsx"): 200 if reads else 403,
        reverse("normative:cleanups"): 200 if reads else 403,
        reverse("normative:proposals"): 200 if reads else 403,
        reverse("normative:register_outgoing"): 200 if kind == "keeper" else 403,
        reverse("normative:register_manual"): 200 if kind == "keeper" else 403,
        reverse("normative:edit", args=[waiting.pk]): 200 if kind == "keeper" else 403,
        reverse("normative:interpretation_new", args=[public_doc.pk]): 200 if kind == "keeper" else 403,
    }
    for url, status in expected.items():
        response = client.get(url)
        assert response.status_code == status, (username, url, response.status_code)
        if status == 403:
            assert "法制科" in response.content.decode(), url
    page = client.get(reverse("normative:proposals")).content.decode() if reads else ""
    assert ("data-decide-form" in page) == (kind == "decider")
    assert found.pk


def test_a_document_near_the_end_of_its_validity_is_marked_for_review_13(office, client_as):
    """[13]: within NORMATIVE_EXPIRY_WARN_DAYS (90) of 有效期至 the register and the page say 即将到期 — time to
    评估 whether to renew it; a document years from it is not marked."""
    soon = in_force_document(office, title="将到期的办法", valid_until=date(2027, 1, 31))
    later = in_force_document(office, title="远未到期的办法")
    client = client_as(LEGAL)
    rows = {d.pk: d for d in client.get(reverse("normative:home")).context["page"].object_list}
    assert rows[soon.pk].expiring and not rows[later.pk].expiring
    page = client.get(reverse("normative:document", args=[soon.pk])).content.decode()
    assert "请评估是否继续施行" in page
