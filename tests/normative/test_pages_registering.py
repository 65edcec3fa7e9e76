"""Getting into the register [13]: 登记 an issued normative outgoing document (its 法制科 review from the route
[30(2)3]), 补登 an old paper one with its review typed in, 更正登记事项, and 解释 asked and answered — each by
法制科 only, bad input a Chinese 400, a double click one entry."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from normative.models import Interpretation, InterpretationState, NormativeDocument, State

from .factories import LEGAL, distribute, in_force_document, interpretation, normative_draft, registered

pytestmark = pytest.mark.django_db

MANUAL = {
    "title": "杂多县集体林权流转管理暂行办法",
    "doc_number": "杂政〔2023〕45号",
    "authority": "government",
    "drafting_unit": "县林业和草原局",
    "legal_opinion": "经审核，该办法与上位法不抵触，同意印发。",
    "legal_reviewed_on": "2023-05-10",
    "signed_on": "2023-05-20",
    "effective_on": "2023-06-01",
    "valid_until": "",
    "filed_with": "玉树州人民政府、杂多县人大常委会",
}


def _unregistered_issued(office, **kwargs):
    """An issued normative outgoing document the register does not hold: distributed with the outgoing link
    unplugged, as one issued before this register existed."""
    from django_fsm.signals import post_transition

    from documents.outgoing.models import OutgoingDocument
    from normative import signals

    post_transition.disconnect(sender=OutgoingDocument, dispatch_uid="normative.outgoing")
    try:
        return distribute(normative_draft(office, **kwargs), office)
    finally:
        signals.connect()


def test_the_legal_section_registers_an_issued_document_by_hand_13_30(office, client_as):
    """[13][30(2)3]: an issued normative document not yet in the register is offered and taken in with its review."""
    outgoing = _unregistered_issued(office, title="杂多县城乡居民最低生活保障实施办法")
    client = client_as(LEGAL)
    page = client.get(reverse("normative:register_outgoing")).content.decode()
    assert "杂多县城乡居民最低生活保障实施办法" in page
    response = client.post(reverse("normative:register_outgoing"), {"outgoing": outgoing.pk})
    doc = NormativeDocument.objects.get(outgoing=outgoing)
    assert response.status_code == 302 and response["Location"] == reverse("normative:document", args=[doc.pk])
    assert doc.legal_opinion == "经审核，该文件符合法律法规规定，同意发布。" and doc.state == State.REGISTERED
    assert "没有已分发而未登记" in client.get(reverse("normative:register_outgoing")).content.decode()


def test_a_classified_or_ordinary_outgoing_document_is_not_offered_and_is_refused_13(office, client_as):
    """[13]: a classified outgoing document is never a normative document; an ordinary one is not either."""
    ordinary = _unregistered_issued(office, title="关于做好冬季草原防火工作的通知", importance="ordinary")
    client = client_as(LEGAL)
    page = client.get(reverse("normative:register_outgoing")).content.decode()
    assert "关于做好冬季草原防火工作的通知" not in page
    response = client.post(reverse("normative:register_outgoing"), {"outgoing": ordinary.pk})
    assert response.status_code == 400
    assert "涉密公文不作为规范性文件登记" in response.content.decode()
    assert not NormativeDocument.objects.filter(outgoing=ordinary).exists()


def test_only_the_legal_section_registers_13(office, client_as):
    """[13]: the leaders read the register; they do not keep it — a Chinese 403."""
    for username in ("zhuren", "xianzhang"):
        client = client_as(username)
        for name in ("normative:register_outgoing", "normative:register_manual", "normative:cleanup_new"):
            response = client.get(reverse(name))
            assert response.status_code == 403, (username, name)
            assert "法制科" in response.content.decode()
    assert client_as("lianluo").get(reverse("normative:register_manual")).status_code == 403


def test_an_old_paper_document_is_registered_with_its_review_typed_in_13_30(office, client_as):
    """[13][30(2)3]: 补登 — the register number given, valid five years when 有效期至 is left empty."""
    client = client_as(LEGAL)
    response = client.post(reverse("normative:register_manual"), MANUAL)
    doc = NormativeDocument.objects.get(doc_number="杂政〔2023〕45号")
    assert response.status_code == 302 and response["Location"] == reverse("normative:document", args=[doc.pk])
    assert doc.register_number.startswith("规〔2026〕")
    assert doc.valid_until == date(2028, 6, 1) and doc.legal_opinion.startswith("经审核")
    page = client.get(reverse("normative:document", args=[doc.pk])).content.decode()
    assert "县林业和草原局" in page and "经审核，该办法与上位法不抵触，同意印发。" in page


def test_a_double_click_registers_once_13(office, client_as):
    """[13]: the same one-time token twice — one entry, the second answer leads to it."""
    client = client_as(LEGAL)
    page = client.get(reverse("normative:register_manual"))
    token = page.content.decode().split('name="idempotency_key" value="', 1)[1].split('"', 1)[0]
    first = client.post(reverse("normative:register_manual"), {**MANUAL, "idempotency_key": token})
    second = client.post(reverse("normative:register_manual"), {**MANUAL, "idempotency_key": token})
    assert first.status_code == 302 and second.status_code == 302
    assert NormativeDocument.objects.filter(doc_number="杂政〔2023〕45号").count() == 1


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"title": ""}, "文件名称"),
        ({"effective_on": ""}, "施行日期"),
        ({"effective_on": "2023-06-01", "valid_until": "2023-01-01"}, "有效期至不能早于施行日期"),
        ({"legal_reviewed_on": "not-a-date"}, "审核日期"),
        ({"authority": "party"}, "发文机关"),
    ],
)
def test_bad_manual_input_is_a_chinese_400_and_nothing_is_saved_13(office, client_as, change, words):
    response = client_as(LEGAL).post(reverse("normative:register_manual"), {**MANUAL, **change})
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not NormativeDocument.objects.exists()


def test_correcting_the_details_keeps_the_routes_review_13_30(office, client_as):
    """[13][30(2)3]: a document from an outgoing document — the review is the route's and not offered; dates are."""
    outgoing = _unregistered_issued(office)
    client = client_as(LEGAL)
    client.post(reverse("normative:register_outgoing"), {"outgoing": outgoing.pk})
    doc = NormativeDocument.objects.get(outgoing=outgoing)
    page = client.get(reverse("normative:edit", args=[doc.pk])).content.decode()
    assert 'name="legal_opinion"' not in page and 'name="effective_on"' in page
    response = client.post(
        reverse("normative:edit", args=[doc.pk]),
        {
            "title": doc.title,
            "doc_number": doc.doc_number,
            "authority": doc.authority,
            "drafting_unit": "县财政局",
            "signed_on": "",
            "effective_on": "2026-11-20",
            "valid_until": "",
            "filed_with": "玉树州人民政府",
            "version": doc.version,
        },
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.effective_on == date(2026, 11, 20) and doc.valid_until == date(2031, 11, 20)
    assert doc.drafting_unit == "县财政局" and doc.legal_opinion.startswith("经审核")


def test_a_stale_correction_is_a_409_13(office, client_as):
    doc = registered(office)
    form = {**MANUAL, "effective_on": "2024-03-01", "version": doc.version}
    client = client_as(LEGAL)
    assert client.post(reverse("normative:edit", args=[doc.pk]), form).status_code == 302
    response = client.post(reverse("normative:edit", args=[doc.pk]), form)
    assert response.status_code == 409 and "已被他人处理" in response.content.decode()


def test_an_interpretation_is_asked_and_answered_on_the_document_13(office, client_as):
    """[13]: 法制科 records the request and answers it on the document's page."""
    doc = in_force_document(office)
    client = client_as(LEGAL)
    response = client.post(
        reverse("normative:interpretation_new", args=[doc.pk]),
        {"asked_by": "结多乡人民政府", "asked_on": "2026-11-13", "question": "第三条所称“经营主体”是否包括合作社？"},
    )
    assert response.status_code == 302
    asked = Interpretation.objects.get(document=doc)
    response = client.post(
        reverse("normative:interpretation_answer", args=[doc.pk, asked.pk]),
        {"answer": "包括依法登记的农牧民专业合作社。", "version": asked.version},
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.state == InterpretationState.ANSWERED
    page = client.get(reverse("normative:document", args=[doc.pk])).content.decode()
    assert "结多乡人民政府" in page and "包括依法登记的农牧民专业合作社。" in page


def test_an_interpretation_of_another_document_is_a_404_13(office, client_as):
    """[13]: an answer posted under the wrong document is not found."""
    doc, other = in_force_document(office), in_force_document(office, title="另一办法")
    asked = interpretation(office, doc)
    response = client_as(LEGAL).post(
        reverse("normative:interpretation_answer", args=[other.pk, asked.pk]), {"answer": "答复", "version": 1}
    )
    assert response.status_code == 404


def test_an_empty_answer_or_question_is_a_chinese_400_13(office, client_as):
    doc = in_force_document(office)
    asked = interpretation(office, doc)
    client = client_as(LEGAL)
    response = client.post(reverse("normative:interpretation_answer", args=[doc.pk, asked.pk]), {"answer": ""})
    assert response.status_code == 400 and "答复" in response.content.decode()
    response = client.post(
        reverse("normative:interpretation_new", args=[doc.pk]), {"asked_by": "", "asked_on": "", "question": ""}
    )
    assert response.status_code == 400 and "申请单位或个人" in response.content.decode()
