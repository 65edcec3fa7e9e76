"""清理 and 废止建议 pages [13]: 法制科 runs a clean-up and proposes a repeal; the county head or the executive deputy
head decides — a repeal is shown 已废止 and leaves the in-force list; everyone else is refused in Chinese."""

from __future__ import annotations

import pytest
from django.urls import reverse

from normative import services
from normative.models import Cleanup, CleanupState, Decision, NormativeDocument, ProposalState, RepealProposal, State

from .factories import EXECUTIVE, HEAD, LEGAL, cleanup_with, in_force_document, proposal, submitted_cleanup
from .factories_pages import BUDGET, queries_for

pytestmark = pytest.mark.django_db


def test_the_legal_section_runs_a_clean_up_from_its_pages_13(office, client_as):
    """[13]: 开始清理 → 列入 a document with 废止 and a reason → 提请决定."""
    doc = in_force_document(office, title="杂多县牲畜交易管理办法")
    client = client_as(LEGAL)
    response = client.post(reverse("normative:cleanup_new"), {"title": "2026年度规范性文件清理"})
    cleanup = Cleanup.objects.get(title="2026年度规范性文件清理")
    assert response.status_code == 302 and response["Location"] == reverse("normative:cleanup", args=[cleanup.pk])
    page = client.get(reverse("normative:cleanup", args=[cleanup.pk])).content.decode()
    assert "data-add-form" in page and "杂多县牲畜交易管理办法" in page
    response = client.post(
        reverse("normative:cleanup_act", args=[cleanup.pk, "add"]),
        {"document": doc.pk, "proposal": Decision.REPEAL, "reason": "上位法已废止"},
    )
    assert response.status_code == 302
    cleanup.refresh_from_db()
    response = client.post(reverse("normative:cleanup_act", args=[cleanup.pk, "submit"]), {"version": cleanup.version})
    assert response.status_code == 302
    assert Cleanup.objects.get(pk=cleanup.pk).state == CleanupState.SUBMITTED


def test_repeal_without_a_reason_is_a_chinese_400_13(office, client_as):
    """[13]: proposing 修改 or 废止 needs a reason."""
    doc = in_force_document(office)
    cleanup = cleanup_with(office, in_force_document(office, title="另一件"), proposal=Decision.KEEP, reason="")
    response = client_as(LEGAL).post(
        reverse("normative:cleanup_act", args=[cleanup.pk, "add"]),
        {"document": doc.pk, "proposal": Decision.REPEAL, "reason": ""},
    )
    assert response.status_code == 400 and "理由" in response.content.decode()


def test_a_document_not_offered_is_a_chinese_400_13(office, client_as):
    cleanup = cleanup_with(office, in_force_document(office))
    response = client_as(LEGAL).post(
        reverse("normative:cleanup_act", args=[cleanup.pk, "add"]),
        {"document": 999999, "proposal": Decision.KEEP, "reason": ""},
    )
    assert response.status_code == 400 and "请从列表中选择" in response.content.decode()


@pytest.mark.parametrize("decider", [HEAD, EXECUTIVE])
def test_the_county_head_or_the_executive_deputy_decides_a_clean_up_13(office, client_as, decider):
    """[13]: the decision applies every item at once — 废止 makes the document 已废止 and takes it off the list."""
    doc = in_force_document(office, title="杂多县牲畜交易管理办法")
    cleanup = submitted_cleanup(office, doc)
    client = client_as(decider)
    page = client.get(reverse("normative:cleanup", args=[cleanup.pk])).content.decode()
    assert "data-decide-form" in page
    response = client.post(
        reverse("normative:cleanup_act", args=[cleanup.pk, "decide"]), {"version": cleanup.version, "comment": "同意"}
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.state == State.REPEALED and "经清理废止" in doc.state_reason
    assert doc.pk not in [d.pk for d in client.get(reverse("normative:in_force")).context["rows"]]
    page = client.get(reverse("normative:document", args=[doc.pk])).content.decode()
    assert "已废止" in page


def test_a_deputy_head_or_the_director_may_not_decide_13(office, client_as):
    """[13]: only the county head or the executive deputy head decides — no button, and a POST is a 403."""
    cleanup = submitted_cleanup(office, in_force_document(office))
    for username in ("fuxianzhang1", "zhuren", LEGAL):
        client = client_as(username)
        assert "data-decide-form" not in client.get(reverse("normative:cleanup", args=[cleanup.pk])).content.decode()
        response = client.post(
            reverse("normative:cleanup_act", args=[cleanup.pk, "decide"]), {"version": cleanup.version}
        )
        assert response.status_code == 403, username
    assert Cleanup.objects.get(pk=cleanup.pk).state == CleanupState.SUBMITTED


def test_clean_ups_and_proposals_are_404_or_403_to_a_contact_13(office, client_as):
    """[13]: the office's internal work: a 联络员 is refused the lists and gets 404 on an item."""
    doc = in_force_document(office)
    cleanup = cleanup_with(office, doc)
    client = client_as("lianluo")
    assert client.get(reverse("normative:cleanups")).status_code == 403
    assert client.get(reverse("normative:proposals")).status_code == 403
    assert client.get(reverse("normative:cleanup", args=[cleanup.pk])).status_code == 403
    assert client_as("zhuren").get(reverse("normative:cleanup", args=[999999])).status_code == 404


def test_a_repeal_proposal_from_the_document_page_then_decided_13(office, client_as):
    """[13]: 法制科 proposes 废止 on the document; the executive deputy head accepts on 废止建议; it is 已废止."""
    doc = in_force_document(office, title="杂多县砂石资源管理办法")
    response = client_as(LEGAL).post(
        reverse("normative:act", args=[doc.pk, "propose_repeal"]), {"reason": "砂石开采已纳入州级统一管理"}
    )
    assert response.status_code == 302
    found = RepealProposal.objects.get(document=doc)
    client = client_as(EXECUTIVE)
    page = client.get(reverse("normative:proposals")).content.decode()
    assert "砂石开采已纳入州级统一管理" in page and "data-decide-form" in page
    response = client.post(
        reverse("normative:proposal_decide", args=[found.pk]),
        {"accept": "1", "comment": "同意", "version": found.version},
    )
    assert response.status_code == 302
    assert RepealProposal.objects.get(pk=found.pk).state == ProposalState.ACCEPTED
    assert NormativeDocument.objects.get(pk=doc.pk).state == State.REPEALED


def test_a_decision_without_a_choice_is_a_chinese_400_13(office, client_as):
    found = proposal(office, in_force_document(office))
    response = client_as(HEAD).post(reverse("normative:proposal_decide", args=[found.pk]), {"version": found.version})
    assert response.status_code == 400 and "请选择采纳或不予采纳" in response.content.decode()


def test_rejecting_needs_a_comment_and_a_stale_decision_is_409_13(office, client_as):
    """[13]: 不予采纳 says why; deciding twice from the same page is a 409."""
    found = proposal(office, in_force_document(office))
    client = client_as(HEAD)
    url = reverse("normative:proposal_decide", args=[found.pk])
    response = client.post(url, {"accept": "0", "comment": "", "version": found.version})
    assert response.status_code == 400 and "意见" in response.content.decode()
    assert client.post(url, {"accept": "0", "comment": "仍需执行", "version": found.version}).status_code == 302
    response = client.post(url, {"accept": "1", "comment": "", "version": found.version})
    assert response.status_code == 409


def test_a_contact_cannot_propose_a_repeal_13(office, client_as):
    doc = in_force_document(office)
    response = client_as("lianluo").post(
        reverse("normative:act", args=[doc.pk, "propose_repeal"]), {"reason": "不合理"}
    )
    assert response.status_code == 403
    assert not RepealProposal.objects.filter(document=doc).exists()


def test_the_proposals_and_clean_up_pages_are_flat_in_their_rows_13(office, client_as):
    """[13]: the waiting proposals and a clean-up's items are read in one query each."""
    client = client_as(HEAD)
    cleanup = cleanup_with(office, in_force_document(office, title="首件", doc_number="杂政〔2025〕100号"))
    counts = []
    for n in range(30):
        doc = in_force_document(office, title=f"文件{n}", doc_number=f"杂政〔2025〕{n + 1}号")
        proposal(office, doc)
        services.cleanup_add(
            actor=office[LEGAL], cleanup_pk=cleanup.pk, document_pk=doc.pk, proposal=Decision.KEEP, reason=""
        )
        if n + 1 in (3, 30):
            counts.append(
                (
                    queries_for(client, reverse("normative:proposals")),
                    queries_for(client, reverse("normative:cleanup", args=[cleanup.pk])),
                    queries_for(client, reverse("normative:cleanups")),
                )
            )
    assert counts[0] == counts[1], counts
    assert max(counts[1]) <= BUDGET, counts


def test_a_document_replaced_by_a_newer_one_leaves_the_in_force_list_13(office, client_as):
    """[13]: 修改 by a new document — 法制科 records which one; the old one reads 已修改（被新文件替代）."""
    old = in_force_document(office, title="杂多县城镇供水管理办法", doc_number="杂政〔2021〕5号")
    new = in_force_document(office, title="杂多县城乡供水管理办法", doc_number="杂政〔2026〕7号")
    client = client_as(LEGAL)
    assert "data-supersede-form" in client.get(reverse("normative:document", args=[old.pk])).content.decode()
    response = client.post(
        reverse("normative:act", args=[old.pk, "supersede"]),
        {"replaced_by": new.pk, "on": "2026-11-16", "reason": "", "version": old.version},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.state == State.SUPERSEDED and old.replaced_by_id == new.pk
    page = client.get(reverse("normative:document", args=[old.pk])).content.decode()
    assert "已修改（被新文件替代）" in page and "杂政〔2026〕7号" in page
    listed = [d.pk for d in client.get(reverse("normative:in_force")).context["rows"]]
    assert old.pk not in listed and new.pk in listed


def test_replacing_a_document_by_itself_is_a_chinese_400_13(office, client_as):
    doc = in_force_document(office)
    response = client_as(LEGAL).post(
        reverse("normative:act", args=[doc.pk, "supersede"]),
        {"replaced_by": doc.pk, "on": "2026-11-16", "version": doc.version},
    )
    assert response.status_code == 400 and "请从列表中选择" in response.content.decode()


def test_the_lifecycles_are_shown_from_the_state_machines_13(office, client_as):
    """[13]: the document's and the clean-up's steps, read from the models; the office's page, not a contact's."""
    client = client_as("zhuren")
    page = client.get(reverse("normative:lifecycle")).content.decode()
    assert "公布" in page and "废止" in page
    assert "报请决定" in client.get(reverse("normative:lifecycle_of", args=["cleanups"])).content.decode()
    assert client.get(reverse("normative:lifecycle_of", args=["nothing"])).status_code == 404
    assert client_as("lianluo").get(reverse("normative:lifecycle")).status_code == 403
